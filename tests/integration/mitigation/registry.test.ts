import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TControlPlane, TTopology } from "@/lib/control-plane/types";
import { syncShardRegistry } from "@/lib/mitigation/registry";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

// The shard registry mirrors a 10,000-shard plane within Prisma's 5 s interactive transaction (it used
// to upsert one shard per round trip, which on PostgreSQL never finished in time), and follows a cutover.

function topology(version: number, shards: number, movedTo?: string): TTopology {
  const width = 2 ** 32 / shards;
  return {
    cluster: "fleet",
    routingVersion: version,
    nodes: [],
    cacheNodes: [],
    shards: Array.from({ length: shards }, (_, i) => ({
      id: `s-${i}`,
      node: i === 0 && movedTo ? movedTo : `db-${i % 100}`,
      keyRange: { start: String(Math.floor(i * width)), end: String(Math.floor((i + 1) * width)) },
      capacityQps: 5000,
      status: i === 1 ? ("copying" as const) : ("active" as const),
      replicas: [],
      sizeGb: 10,
    })),
  };
}

const planeOf = (topo: () => TTopology) => ({ describeTopology: () => Promise.resolve(topo()) }) as unknown as TControlPlane;

describe.each(BACKENDS)("shard registry on %s", (kind) => {
  let db: TTestDatabase;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await db.prisma.cluster.create({ data: { name: "fleet" } });
  });
  afterEach(async () => {
    await db.drop();
  });

  it("mirrors 10,000 shards in one sync, then a cutover: moved, retired, and only forward", async () => {
    let topo = topology(1, 10_000);
    const plane = planeOf(() => topo);
    expect(await syncShardRegistry(db.prisma, plane, "fleet")).toBe(1);
    expect(await db.prisma.shard.count({ where: { clusterName: "fleet" } })).toBe(10_000);
    expect(await db.prisma.shard.findUnique({ where: { clusterName_shardId: { clusterName: "fleet", shardId: "s-1" } }, select: { status: true, capacityQps: true } })).toEqual({
      status: "moving",
      capacityQps: 5000,
    });

    topo = topology(2, 9_999, "db-new"); // s-9999 gone, s-0 moved
    expect(await syncShardRegistry(db.prisma, plane, "fleet")).toBe(2);
    const s0 = await db.prisma.shard.findUnique({ where: { clusterName_shardId: { clusterName: "fleet", shardId: "s-0" } } });
    expect(s0?.node).toBe("db-new");
    const gone = await db.prisma.shard.findUnique({ where: { clusterName_shardId: { clusterName: "fleet", shardId: "s-9999" } } });
    expect(gone?.status).toBe("retired");
    expect(await db.prisma.shard.count({ where: { clusterName: "fleet", status: "retired" } })).toBe(1);

    topo = topology(1, 10_000); // an older layout never overwrites a newer one
    expect(await syncShardRegistry(db.prisma, plane, "fleet")).toBe(2);
    expect((await db.prisma.shard.findUnique({ where: { clusterName_shardId: { clusterName: "fleet", shardId: "s-0" } } }))?.node).toBe("db-new");
  }, 60_000);
});
