import { describe, expect, it } from "vitest";
import { targetMatches } from "@/lib/status/drafts/match";

describe("targetMatches", () => {
  it.each([
    [{ cluster: "orders" }, { cluster: "orders", shard: "s-1" }, false, true],
    [{ cluster: "orders" }, { cluster: "billing" }, false, false],
    [{ cluster: "orders", shard: "s-1" }, { cluster: "orders", shard: "s-1", node: "db-1" }, false, true],
    [{ cluster: "orders", shard: "s-1" }, { cluster: "orders", shard: "s-2" }, false, false],
    [{ cluster: "orders", node: "db-1" }, { cluster: "orders", shard: "s-9", node: "db-1" }, false, true],
    [{ cluster: "orders", cacheNode: "c-1" }, { cluster: "orders", node: "c-1" }, true, true],
    [{ cluster: "orders", cacheNode: "c-1" }, { cluster: "orders", node: "c-1" }, false, false],
    [{ cluster: "orders", node: "c-1" }, { cluster: "orders", node: "c-1" }, true, false],
    [{ cluster: "orders" }, { cluster: "orders", node: "c-1" }, true, true],
  ])("%j vs %j (cache %s) → %s", (target, labels, cache, expected) => {
    expect(targetMatches(target, { labels, cache })).toBe(expected);
  });
});
