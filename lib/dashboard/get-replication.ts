import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TGroup } from "@/lib/detection/engine/view";
import { loadActiveRules } from "@/lib/detection/rules";
import { seriesKey } from "@/lib/telemetry/points";
import { BUCKET_10S, BUCKET_1M } from "@/lib/telemetry/rollup-aggregator";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { bucketSeries, compact, fillFromRollups, gridOf, rollupTable, type TGrid } from "./buckets";
import { classifyReplica, lagBand, missingAfterMs, sloFor, STATE_RANK, worstN, type TReplicaAlert, type TReplicaState, type TRuleBrief } from "./replication";
import type { TReplicationQuery, TReplicationResult } from "./schemas";
import { liveClusters, liveView } from "./live-view";
import { openAlertsOfRules } from "./open-alerts";
import { RollupBucketCache } from "@/lib/telemetry/rollup-bucket-cache";

const TREND_MINUTES = 30;
const METRIC = "replica.lagSeconds";

/** Open alerts of the cluster by replica name, with their rule's kind. */
async function replicaAlerts(sql: TSqlRunner, cluster: string, rules: (TRuleBrief & { id: string })[]): Promise<Map<string, TReplicaAlert[]>> {
  const kindOf = new Map(rules.filter((r) => r.kind.startsWith("replica-")).map((r) => [r.id, r.kind]));
  const out = new Map<string, TReplicaAlert[]>();
  for (const a of await openAlertsOfRules(sql, cluster, [...kindOf.keys()])) {
    if (!a.replica) continue;
    const list = out.get(a.replica) ?? [];
    list.push({ kind: kindOf.get(a.ruleId)!, rule: a.rule });
    out.set(a.replica, list);
  }
  return out;
}

// Per cluster and step bucket, the band's two numbers: kept between polls like the other rollup buckets.
const bandCaches = {
  rollup_10s: new RollupBucketCache<[number, number]>({ granularity: BUCKET_10S, cost: () => 2, maxCost: 100_000 }),
  rollup_1m: new RollupBucketCache<[number, number]>({ granularity: BUCKET_1M, cost: () => 2, maxCost: 100_000 }),
};

/** The band older than the window, straight from the rollups: per bucket, p99 and max of each replica's max. */
async function bandFromRollups(sql: TSqlRunner, cluster: string, grid: TGrid, windowStart: number, p99: Float64Array, max: Float64Array) {
  if (windowStart <= grid.start) return;
  const table = rollupTable(grid);
  const got = await bandCaches[table].read(sql, [cluster], grid, windowStart, async (_keys, lo, hi) => {
    const rows = await sql.query<{ b: number; p99: number; max: number }>(
      `SELECT b, percentile_disc(0.99) WITHIN GROUP (ORDER BY m)::float8 AS p99, max(m)::float8 AS max FROM (
         SELECT r.series_id, ((r.bucket - $3) / $4)::int AS b, max(r.max) AS m FROM ${table} r
         WHERE r.series_id IN (SELECT id FROM series WHERE cluster = $1 AND metric = $2) AND r.bucket >= $3 AND r.bucket < $5 GROUP BY 1, 2
       ) x GROUP BY b`,
      [cluster, METRIC, lo, grid.step, hi],
    );
    return new Map([[cluster, new Map(rows.map((r) => [lo + r.b * grid.step, [Number(r.p99), Number(r.max)] as [number, number]]))]]);
  });
  const row = got.get(cluster)!;
  for (let b = 0; b < grid.n; b++) if (row[b]) [p99[b], max[b]] = row[b]!;
}

/** The replication page: one cluster's replicas by state, worst first, with the lag chart over the range. */
export async function getReplication({ ctx, store, sql, input }: { ctx: TCtx; store: WindowStore; sql: TSqlRunner; input: TReplicationQuery }): Promise<TReplicationResult> {
  requirePermission(ctx.actor, "read");
  const now = nowOf(ctx).getTime();
  const clusters = [...liveClusters(store).values()].filter((c) => c.replicas.things.length).map((c) => c.name).sort();
  const cluster = input.cluster ?? clusters[0] ?? null;
  const grid = gridOf(input.from, input.to, input.step);
  const windowStart = Math.max(grid.start, now - store.opts.retentionMs);
  const rules = cluster ? await loadActiveRules(ctx.db) : [];
  const alerts = cluster ? await replicaAlerts(sql, cluster, rules) : new Map<string, TReplicaAlert[]>();
  const slo = cluster ? sloFor(rules, cluster) : null;
  const missingMs = cluster ? missingAfterMs(rules, cluster) : null;

  // From here to the first await the view's columns are read synchronously (they are shared per store).
  const view = liveView(store, now);
  const c = cluster ? view.clusters.get(cluster) : undefined;
  const g: TGroup = c?.replicas ?? { things: [], values: [new Float64Array(0)], times: [], seen: [new Float64Array(0)], prev: [] };
  const lags = g.values[0]!;
  const seen = g.seen[0]!;
  const states: TReplicaState[] = new Array<TReplicaState>(g.things.length);
  const ruleOf = new Array<string | null>(g.things.length);
  const counts = { total: g.things.length, missing: 0, stalled: 0, lagging: 0, growing: 0, healthy: 0 };
  const picked: number[] = [];
  for (let i = 0; i < g.things.length; i++) {
    const name = g.things[i]!.labels.replica ?? "";
    const { state, rule } = classifyReplica(lags[i]!, now - seen[i]!, alerts.get(name), slo, missingMs);
    states[i] = state;
    ruleOf[i] = rule;
    counts[state]++;
    if (!input.state || input.state === state) picked.push(i);
  }
  const lagOf = (i: number) => (Number.isNaN(lags[i]!) ? -1 : lags[i]!);
  const nameOf = (i: number) => g.things[i]!.labels.replica ?? "";
  picked.sort((a, b) => STATE_RANK[states[a]!] - STATE_RANK[states[b]!] || lagOf(b) - lagOf(a) || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  const trendGrid = gridOf(now - TREND_MINUTES * 60_000, now, 60_000);
  const rows = picked.slice(input.offset, input.offset + input.limit).map((i) => {
    const t = g.things[i]!;
    const lag = lags[i]!;
    return {
      replica: t.labels.replica ?? "",
      shard: t.labels.shard ?? "",
      node: t.labels.node ?? null,
      lag: Number.isNaN(lag) ? null : Math.round(lag * 1000) / 1000,
      state: states[i]!,
      rule: ruleOf[i]!,
      trend: compact(bucketSeries(t.series[0], trendGrid, trendGrid.start, now + 1, "max")),
    };
  });
  const worst = worstN(lags, input.worst).map((i) => ({ thing: g.things[i]!, lag: lags[i]! }));
  const band = lagBand(g, grid, windowStart, input.to);
  const worstValues = worst.map((w) => bucketSeries(w.thing.series[0], grid, windowStart, input.to, "max"));
  const worstSeries = new Map(worst.map((w, j) => [seriesKey(METRIC, cluster ?? "", w.thing.labels.replica ?? ""), worstValues[j]!]));

  if (cluster) await Promise.all([bandFromRollups(sql, cluster, grid, windowStart, band.p99, band.max), fillFromRollups(sql, grid, windowStart, worstSeries, "max")]);
  return {
    cluster,
    clusters,
    asOf: now,
    slo,
    counts,
    chart: {
      start: grid.start,
      step: grid.step,
      buckets: grid.n,
      windowStart,
      p99: compact(band.p99),
      max: compact(band.max),
      worst: worst.map((w, j) => ({
        replica: w.thing.labels.replica ?? "",
        shard: w.thing.labels.shard ?? "",
        lag: w.lag,
        values: compact(worstValues[j]!),
      })),
    },
    replicas: { total: picked.length, offset: input.offset, limit: input.limit, trendStep: trendGrid.step, rows },
  };
}
