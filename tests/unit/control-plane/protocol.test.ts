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
    ["/shards/s-01:load", { route: { kind: "shard-load", shard: "s-01" }, method: "GET", cluster: null }],
    ["/clusters/orders%20eu/shards/s-01:load", { route: { kind: "shard-load", shard: "s-01" }, method: "GET", cluster: "orders eu" }],
    ["/shards/eu:s-01:load", { route: { kind: "shard-load", shard: "eu:s-01" }, method: "GET", cluster: null }],
    ["/shards/a%2Fb%20c:load", { route: { kind: "shard-load", shard: "a/b c" }, method: "GET", cluster: null }],
    // An id that itself ends in an action name is still cut at the last ":action".
    ["/shards/x:split:load", { route: { kind: "shard-load", shard: "x:split" }, method: "GET", cluster: null }],
    ["/shards/x:load:split", { route: { kind: "shard", shard: "x:load", action: "split" }, method: "POST", cluster: null }],
  ])("matches %s", (path, expected) => {
    expect(matchRoute(path)).toEqual(expected);
  });

  it.each(["/", "/shards/s-01:explode", "/shards/:split", "/keys/%E0%A4%A:salt", "/clusters/x", "/v1/topology", "/shards/:load", "/shards/s-01:loads", "/shards/a/b:load", "/shards/%E0%A4%A:load"])("matches nothing for %s", (path) => {
    expect(matchRoute(path)).toBeNull();
  });

  it("reads back every path the adapter builds", () => {
    const odd = "we ird/id:1?#";
    expect(matchRoute(PATHS.shardAction(odd, "move"))?.route).toEqual({ kind: "shard", shard: odd, action: "move" });
    expect(matchRoute(PATHS.keySalting(odd))?.route).toEqual({ kind: "key-salting", key: odd });
    expect(matchRoute(PATHS.rollback(odd))?.route).toEqual({ kind: "rollback", id: odd });
    expect(matchRoute(PATHS.operation(odd))?.route).toEqual({ kind: "operation", id: odd });
    expect(matchRoute(PATHS.shardLoad(odd))).toEqual({ route: { kind: "shard-load", shard: odd }, method: "GET", cluster: null });
    expect(PATHS.shardLoad(odd)).toBe("/shards/we%20ird%2Fid%3A1%3F%23:load");
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
