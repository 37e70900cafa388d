import { describe, expect, it } from "vitest";
import { clusterHealth } from "@/lib/dashboard/cluster-health";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const T0 = Date.UTC(2026, 10, 23, 10);

function storeWith(samples: TSample[]): WindowStore {
  const store = new WindowStore();
  for (const s of samples) applySample(store, s, s.ts, () => undefined);
  return store;
}

function cluster(name: string, qps: (i: number) => number, ts = T0): TSample[] {
  return Array.from({ length: 4 }, (_, i) => ({ type: "shard" as const, cluster: name, shard: `s-${i}`, node: "db-1", ts, qps: qps(i) }));
}

describe("clusterHealth", () => {
  it("orders clusters by urgency and says which shard is hot, by how much, with lag and cache figures", () => {
    const store = storeWith([
      ...cluster("calm", () => 100),
      ...cluster("hot", (i) => (i === 2 ? 700 : 100)),
      { type: "replica", cluster: "hot", shard: "s-2", replica: "s-2-r1", ts: T0, lagSeconds: 42 },
      { type: "replica", cluster: "hot", shard: "s-1", replica: "s-1-r1", ts: T0, lagSeconds: 0.2 },
      { type: "cache", cluster: "hot", node: "c-1", ts: T0, hitsPerSec: 900, missesPerSec: 100 },
    ]);
    const rows = clusterHealth(store, [{ cluster: "hot", state: "firing", severity: "critical" }], T0 + 1000);
    expect(rows.map((r) => [r.cluster, r.status])).toEqual([
      ["hot", "critical"],
      ["calm", "ok"],
    ]);
    const hot = rows[0]!;
    expect(hot.hottest).toEqual({ shard: "s-2", share: 0.7, fairShare: 0.25 });
    expect(hot.worstLag).toEqual({ replica: "s-2-r1", seconds: 42 });
    expect(hot.cacheHitRatio).toBeCloseTo(0.9);
    expect(hot.skew).toBeGreaterThan(0.4);
    expect(rows[1]!.skew).toBe(0);
    expect(hot.firing).toBe(1);
    expect(rows[1]!.cacheHitRatio).toBeNull();
  });

  it("keeps 30 minutes of skew history and marks a cluster whose data went stale as no data", () => {
    const samples: TSample[] = [];
    for (let m = 0; m <= 30; m++) samples.push(...cluster("c", (i) => (i === 0 && m >= 20 ? 1000 : 100), T0 + m * 60_000));
    const rows = clusterHealth(storeWith(samples), [], T0 + 30 * 60_000);
    const h = rows[0]!.skewHistory;
    expect(h).toHaveLength(31);
    expect(h[0]).toBe(0);
    expect(h[30]).toBeGreaterThan(0.4);
    const stale = clusterHealth(storeWith(cluster("old", () => 100)), [], T0 + 10 * 60_000);
    expect(stale[0]).toMatchObject({ cluster: "old", status: "no-data", skew: null });
  });

  it("reuses past minutes' skew between renders: a minute later the history has moved by one point", () => {
    const samples: TSample[] = [];
    for (let m = 0; m <= 40; m++) samples.push(...cluster("c", (i) => (i === 0 ? 100 + m * 50 : 100), T0 + m * 60_000));
    const store = storeWith(samples);
    const first = clusterHealth(store, [], T0 + 30 * 60_000)[0]!.skewHistory;
    const again = clusterHealth(store, [], T0 + 30 * 60_000)[0]!.skewHistory;
    const later = clusterHealth(store, [], T0 + 31 * 60_000)[0]!.skewHistory;
    expect(again).toEqual(first);
    expect(later.slice(0, 29)).toEqual(first.slice(1, 30));
    expect(later[29]).toBeGreaterThan(first[29]!);
  });
});
