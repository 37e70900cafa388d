import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { listAlerts } from "@/lib/detection/alerts";
import { SHARD_SLOT, type TClusterView } from "@/lib/detection/engine/view";
import type { WindowStore } from "@/lib/telemetry/window-store";
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
  await assertClusterKnown(sql, input.cluster, liveView(store, at).clusters.get(input.cluster));
  const open = await listAlerts({ ctx, input: { state: ["pending", "firing"], cluster: input.cluster, limit: 1000 } });
  const shards = shardsNow(liveView(store, at).clusters.get(input.cluster)); // read synchronously after the awaits
  const { total, fairShare, top } = topShards(shards, input.limit);
  const alertsOf = new Map<string, typeof open>();
  for (const a of open) if (a.labels.shard) alertsOf.set(a.labels.shard, [...(alertsOf.get(a.labels.shard) ?? []), a]);
  const nodes = nodeLoads(shards);
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
