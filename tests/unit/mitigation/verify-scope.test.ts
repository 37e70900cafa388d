import { describe, expect, it } from "vitest";
import { isExpected, scopesOf } from "@/lib/mitigation/scope";
import { judge, judgeCheck } from "@/lib/mitigation/verify";

const load = { what: "load", target: "s-12", before: 5500, after: 2750, unit: "req/s" as const };

describe("verification", () => {
  it.each([
    [2800, "met"],
    [3800, "partly"],
    [5200, "missed"],
    [6500, "worse"],
    [null, "unknown"],
  ] as const)("a shard predicted 5500 → 2750 req/s, measured %s, is %s", (measured, verdict) => {
    expect(judgeCheck(load, measured).verdict).toBe(verdict);
  });

  it("an expectation of no change (the target node of a move may rise) is met when it stays within plan", () => {
    const target = { what: "node utilisation", target: "db-0", before: 50, after: 73, unit: "%" as const };
    expect(judgeCheck(target, 70).verdict).toBe("met");
    expect(judgeCheck(target, 95).verdict).toBe("missed");
  });

  it("judges the outcome by the action's main expectation, and any worse check makes it worse", () => {
    expect(judge([load], () => 2900, 3).outcome).toBe("improved");
    expect(judge([load], () => 5400, 0).outcome).toBe("unchanged");
    expect(judge([load], () => 3002.300048828125, 0).summary).toBe("Worked: load of s-12: 5,500 → 3,002 req/s (plan 2,750).");
    const v = judge([load, { what: "node utilisation", target: "db-3", before: 80, after: 60, unit: "%" }], (e) => (e.target === "s-12" ? 2900 : 99), 0);
    expect(v.outcome).toBe("worse");
    expect(v.summary).toMatch(/db-3: 80 → 99 %/);
    expect(v.failedRequests).toBe(0);
  });
});

describe("expected alerts while a mitigation runs", () => {
  const scopes = scopesOf([
    { cluster: "orders", action: "split", target: "s-12", params: { toNode: "db-6" }, signal: { shard: { node: "db-3" } } },
    { cluster: "catalog", action: "cache-overlay", target: "product:2", params: { keys: ["product:2"] } },
  ]);

  it.each([
    [{ cluster: "orders", shard: "s-12", node: "db-3" }, true],
    [{ cluster: "orders", shard: "s-40", node: "db-6" }, true], // the new half lands on db-6
    [{ cluster: "orders", shard: "s-12", replica: "s-12-r1" }, true],
    [{ cluster: "orders", shard: "s-13", node: "db-4" }, false],
    [{ cluster: "users", shard: "s-12", node: "db-3" }, false],
    [{ cluster: "orders" }, false],
    [{ cluster: "catalog", shard: "s-02", node: "db-1" }, false],
  ])("%o expected: %s", (labels, expected) => {
    expect(isExpected(scopes, labels)).toBe(expected);
  });
});

describe("blast radius", () => {
  it.each([
    ["split", "s-1", {}, 2],
    ["move", "s-1", {}, 1],
    ["key-salting", "k", { buckets: 8 }, 8],
    ["cache-overlay", "k", {}, 0],
    ["reads-to-replicas", "s-1", {}, 1],
    ["throttle", "s-1", {}, 1],
    ["throttle", "cluster", {}, 0],
  ] as const)("%s of %s touches %s shards", async (action, target, params, n) => {
    const { shardsTouched } = await import("@/lib/mitigation/orchestrator");
    expect(shardsTouched({ action, target, params })).toBe(n);
  });
});
