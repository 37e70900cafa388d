import { describe, expect, it } from "vitest";
import { parseControlPlaneBase } from "@/lib/control-plane/base-url";
import { matchRoute, PATHS } from "@/lib/control-plane/protocol";

const OPEN = { allowPrivate: true, allowLoopback: true };

describe("matchRoute", () => {
  it.each([
    ["/topology", { route: { kind: "topology" }, method: "GET", cluster: null }],
    ["/clusters/orders%20eu/topology", { route: { kind: "topology" }, method: "GET", cluster: "orders eu" }],
    ["/clusters/-/operations/op-1", { route: { kind: "operation", id: "op-1" }, method: "GET", cluster: null }],
    ["/operations/op%3A1:rollback", { route: { kind: "rollback", id: "op:1" }, method: "POST", cluster: null }],
    ["/shards/s-01:route-reads", { route: { kind: "shard", shard: "s-01", action: "route-reads" }, method: "POST", cluster: null }],
    ["/keys/user:42:salt", { route: { kind: "key-salting", key: "user:42" }, method: "POST", cluster: null }],
    ["/keys/a%2Fb:salt", { route: { kind: "key-salting", key: "a/b" }, method: "POST", cluster: null }],
    ["/cluster:throttle", { route: { kind: "cluster-throttle" }, method: "POST", cluster: null }],
  ])("matches %s", (path, expected) => {
    expect(matchRoute(path)).toEqual(expected);
  });

  it.each(["/", "/shards/s-01:explode", "/shards/:split", "/keys/%E0%A4%A:salt", "/clusters/x", "/v1/topology"])("matches nothing for %s", (path) => {
    expect(matchRoute(path)).toBeNull();
  });

  it("reads back every path the adapter builds", () => {
    const odd = "we ird/id:1?#";
    expect(matchRoute(PATHS.shardAction(odd, "move"))?.route).toEqual({ kind: "shard", shard: odd, action: "move" });
    expect(matchRoute(PATHS.keySalting(odd))?.route).toEqual({ kind: "key-salting", key: odd });
    expect(matchRoute(PATHS.rollback(odd))?.route).toEqual({ kind: "rollback", id: odd });
    expect(matchRoute(PATHS.operation(odd))?.route).toEqual({ kind: "operation", id: odd });
  });
});

describe("parseControlPlaneBase", () => {
  it.each([
    ["https://cp.internal/clusters/{cluster}/", "a/b", "https://cp.internal/clusters/a%2Fb/topology"],
    ["https://cp.internal/clusters/{cluster}", null, "https://cp.internal/clusters/-/topology"],
    ["https://cp.internal/v1", "a&b", "https://cp.internal/v1/topology?cluster=a%26b"],
    ["https://cp.internal/v1//", null, "https://cp.internal/v1/topology"],
  ])("builds %s for cluster %j", (base, cluster, url) => {
    expect(parseControlPlaneBase(base, OPEN).urlFor(cluster, "/topology")).toBe(url);
  });
});
