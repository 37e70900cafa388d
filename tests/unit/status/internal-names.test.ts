import { describe, expect, it } from "vitest";
import { internalNamesIn } from "@/lib/status/internal-names";

const PRIVATE = { showTargets: false, targets: [{ cluster: "orders", shard: "s-07", node: "db-3" }, { cluster: "checkout", cacheNode: "cache-eu-3" }] };

describe("internalNamesIn", () => {
  it.each([
    [["Orders are slow"], []],
    [["Shard s-07 is slow"], ["s-07"]],
    [["s-070 is not s-07's twin"], ["s-07"]],
    [["s-070 only"], []],
    [["Host DB-3 and cache-eu-3"], ["cache-eu-3", "db-3"]],
  ])("%j → %j", (texts, expected) => {
    expect(internalNamesIn(texts, [PRIVATE])).toEqual(expected);
  });

  it("ignores components whose targets are public", () => {
    expect(internalNamesIn(["s-07"], [{ ...PRIVATE, showTargets: true }])).toEqual([]);
  });
});
