import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { SHARD_SLOT, type TClusterView } from "@/lib/detection/engine/view";
import { definitionInputOf } from "@/lib/detection/rules/internal";
import { ZRuleInput, type TRuleDefinition } from "@/lib/detection/rules/schema";
import { NotFoundError } from "@/lib/errors";
import { SHARD_METRICS } from "@/lib/telemetry/sample";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { hotSpotEpisodes, type TShardAlert } from "./episodes";
import type { TShardDetail } from "./schemas";
import { liveView } from "./shard-index";
import { ruleThresholds, type TFleetNow } from "./thresholds";

const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);

function fleetNow(c: TClusterView | undefined): TFleetNow {
  const out: TFleetNow = {};
  for (const m of SHARD_METRICS) out[m] = c ? Array.from(c.shards.values[SHARD_SLOT[m]]!).filter((v) => !Number.isNaN(v)) : [];
  return out;
}

function nowFigures(c: TClusterView | undefined, shard: string, fleet: TFleetNow): TShardDetail["now"] {
  const i = c ? c.shards.things.findIndex((t) => t.labels.shard === shard) : -1;
  const at = (m: (typeof SHARD_METRICS)[number]) => (i >= 0 ? num(c!.shards.values[SHARD_SLOT[m]]![i]) : null);
  const qps = at("qps");
  const all = fleet.qps ?? [];
  const total = all.reduce((a, b) => a + b, 0);
  return {
    qps,
    p99Ms: at("p99Ms"),
    cpu: at("cpu"),
    iops: at("iops"),
    errorRate: at("errorRate"),
    share: qps !== null && total > 0 ? qps / total : null,
    fairShare: all.length ? 1 / all.length : null,
  };
}

/** Enabled rules as the engine reads them; one the schema no longer accepts is left out here (the engine disables it). */
async function enabledRules(ctx: TCtx): Promise<TRuleDefinition[]> {
  const rows = await ctx.db.rule.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  return rows.flatMap((row) => {
    const parsed = ZRuleInput.safeParse(definitionInputOf(row));
    return parsed.success ? [parsed.data] : [];
  });
}

async function shardAlerts(ctx: TCtx, cluster: string, shard: string): Promise<TShardAlert[]> {
  const rows = await ctx.db.alert.findMany({
    where: { cluster, labels: { path: ["shard"], equals: shard } },
    orderBy: [{ activeAt: "desc" }, { id: "desc" }],
    take: 100,
    include: { rule: { select: { kind: true, params: true } } },
  });
  const ms = (v: bigint | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    id: r.id,
    rule: r.ruleName,
    kind: r.rule?.kind ?? null,
    metric: ((m) => (typeof m === "string" ? m : null))((r.rule?.params as { metric?: unknown } | null | undefined)?.metric),
    severity: r.severity,
    state: r.state,
    activeAt: Number(r.activeAt),
    firedAt: ms(r.firedAt),
    resolvedAt: ms(r.resolvedAt),
    value: Number.isFinite(r.value) ? r.value : null,
    summary: r.summary,
  }));
}

/** One shard: where it lives, its replicas and their lag, the rule levels for its charts, its alerts and hot-spot episodes. */
export async function getShardDetail({
  ctx,
  input,
  store,
}: {
  ctx: TCtx;
  input: { cluster: string; shard: string };
  store: WindowStore;
}): Promise<TShardDetail> {
  requirePermission(ctx.actor, "read");
  const { cluster, shard } = input;
  const now = nowOf(ctx).getTime();
  const [row, replicaRows, rules, alerts, mitigations] = await Promise.all([
    ctx.db.shard.findUnique({ where: { clusterName_shardId: { clusterName: cluster, shardId: shard } } }),
    ctx.db.replica.findMany({ where: { clusterName: cluster, shardId: shard }, orderBy: { replica: "asc" } }),
    enabledRules(ctx),
    shardAlerts(ctx, cluster, shard),
    ctx.db.mitigation.findMany({
      where: { cluster, target: shard, startedAt: { not: null } },
      select: { id: true, action: true, state: true, outcome: true, startedAt: true, finishedAt: true },
      orderBy: { startedAt: "desc" },
      take: 20,
    }),
  ]);
  const c = liveView(store, now).clusters.get(cluster);
  const thing = c?.shards.things.find((t) => t.labels.shard === shard);
  if (!row && !thing) throw new NotFoundError(`No shard ${shard} in cluster ${cluster}`);
  const fleet = fleetNow(c);
  const lagOf = new Map<string, { lag: number | null; at: number | null; node: string | null }>();
  c?.replicas.things.forEach((t, i) => {
    if (t.labels.shard === shard && t.labels.replica)
      lagOf.set(t.labels.replica, { lag: num(c.replicas.values[0]![i]), at: num(c.replicas.times[0]![i]), node: t.labels.node ?? null });
  });
  const replicaIds = [...new Set([...replicaRows.map((r) => r.replica), ...lagOf.keys()])].sort();
  const nodeOf = new Map(replicaRows.map((r) => [r.replica, r.node]));
  return {
    cluster,
    shard,
    node: thing?.labels.node ?? row?.node ?? null,
    keyStart: row?.keyRangeStart ?? null,
    keyEnd: row?.keyRangeEnd ?? null,
    status: row?.status ?? null,
    lastSeenAt: row ? row.lastSeenAt.getTime() : null,
    now: nowFigures(c, shard, fleet),
    replicas: replicaIds.map((id) => ({
      replica: id,
      node: lagOf.get(id)?.node ?? nodeOf.get(id) ?? null,
      lagSeconds: lagOf.get(id)?.lag ?? null,
      lagAt: lagOf.get(id)?.at ?? null,
    })),
    thresholds: ruleThresholds(rules, cluster, fleet),
    alerts,
    mitigations: mitigations.map((m) => ({ ...m, startedAt: m.startedAt!.getTime(), finishedAt: m.finishedAt?.getTime() ?? null })),
    episodes: hotSpotEpisodes(alerts, now),
  };
}
