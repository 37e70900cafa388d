import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { SHARD_SLOT, type TClusterView } from "@/lib/detection/engine/view";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { openShardAlerts, type TShardAlert } from "../open-alerts";
import { lorenzCurve, nodeLoads, topShards, type TShardNow } from "./distribution";
import type { TClusterShards, TClusterShardsInput } from "./schemas";
import { assertClusterKnown, liveView } from "./shard-index";

const orNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);

/** Every shard reporting qps as of the view's time, read from its columns. */
export function shardsNow(c: TClusterView | undefined): TShardNow[] {
  if (!c) return [];
  const qps = c.shards.values[SHARD_SLOT.qps]!;
  const p99 = c.shards.values[SHARD_SLOT.p99Ms]!;
  const cpu = c.shards.values[SHARD_SLOT.cpu]!;
  const out: TShardNow[] = [];
  for (let i = 0; i < c.shards.things.length; i++) {
    if (Number.isNaN(qps[i]!)) continue;
    const labels = c.shards.things[i]!.labels;
    out.push({ shard: labels.shard ?? "", node: labels.node ?? "", qps: qps[i]!, p99Ms: orNull(p99[i]), cpu: orNull(cpu[i]) });
  }
  return out;
}

/** The busiest shards against the fair share, with their open alerts; the Lorenz curve; load per node. */
export async function getClusterShards({
  ctx,
  input,
  store,
  sql,
}: {
  ctx: TCtx;
  input: TClusterShardsInput & { cluster: string };
  store: WindowStore;
  sql: TSqlRunner;
}): Promise<TClusterShards> {
  requirePermission(ctx.actor, "read");
  const now = nowOf(ctx).getTime();
  const at = Math.min(input.at ?? now, now);
  const live = liveView(store, at).clusters.get(input.cluster);
  const shards = shardsNow(live); // the view's columns are shared: read before the first await
  const { total, fairShare, top } = topShards(shards, input.limit);
  const nodes = nodeLoads(shards);
  await assertClusterKnown(sql, input.cluster, live);
  const open = await openShardAlerts(sql, input.cluster, top.map((s) => s.shard));
  const alertsOf = new Map<string, TShardAlert[]>();
  for (const a of open) alertsOf.set(a.shard, [...(alertsOf.get(a.shard) ?? []), a]);
  return {
    cluster: input.cluster,
    at,
    shards: shards.length,
    totalQps: total,
    fairShare,
    top: top.map((s) => {
      const mine = alertsOf.get(s.shard) ?? [];
      const status = mine.some((a) => a.state === "firing") ? "firing" : mine.length ? "pending" : "ok";
      return { ...s, status, alerts: mine.map((a) => ({ id: a.id, rule: a.rule, state: a.state, severity: a.severity })) };
    }),
    distribution: lorenzCurve(
      shards.map((s) => s.qps),
      200,
    ),
    nodes: nodes.slice(0, input.nodes),
    nodesTotal: nodes.length,
  };
}
