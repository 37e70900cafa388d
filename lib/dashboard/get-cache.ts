import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { hitRatioBaseline } from "@/lib/detection/engine/evaluators/cache";
import { CACHE_SLOT, type TClusterView } from "@/lib/detection/engine/view";
import { loadActiveRules } from "@/lib/detection/rules";
import { ZCacheHitDropParams, type TRule } from "@/lib/detection/rules/schema";
import { seriesKey } from "@/lib/telemetry/points";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { bucketSeries, compact, fillFromRollups, gridOf, type TGrid } from "./buckets";
import { baselineSeries, hitRatios, hotKeyShares, nodeStatuses, pickFocus, STATUS_OF_KIND, type TCacheAlert } from "./cache";
import { liveClusters, liveView } from "./live-view";
import { openAlertsOfRules } from "./open-alerts";
import type { TCacheQuery, TCacheResult } from "./schemas";

const HOT_KEYS_MAX = 20;
const FOCUS_KEYS = 5;
const num = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null);
const inScope = (r: TRule, cluster: string) => r.cluster === undefined || r.cluster === cluster;

function cacheRules(rules: TRule[], cluster: string): TCacheResult["rules"] {
  const drop = rules.find((r): r is Extract<TRule, { kind: "cache-hit-drop" }> => r.kind === "cache-hit-drop" && inScope(r, cluster));
  const hot = rules.find((r): r is Extract<TRule, { kind: "hot-key" }> => r.kind === "hot-key" && inScope(r, cluster));
  return {
    hitDrop: drop ? { rule: drop.name, fireDrop: drop.params.fireDrop, baselineMinutes: drop.params.baselineMinutes } : null,
    hotKey: hot ? { rule: hot.name, fireShare: hot.params.fireShare } : null,
  };
}

/** The focused node over the range: means per bucket from the window, older buckets from the rollups. */
async function focusSeries(sql: TSqlRunner, c: TClusterView, i: number, grid: TGrid, windowStart: number, to: number, minutes: number, keys: string[]) {
  const t = c.caches.things[i]!;
  const node = t.labels.node ?? "";
  const key = (m: string) => seriesKey(`cache.${m}`, c.name, node);
  const series = new Map<string, Float64Array>();
  for (const m of ["hitsPerSec", "missesPerSec", "evictionsPerSec"] as const) series.set(key(m), bucketSeries(t.series[CACHE_SLOT[m]], grid, windowStart, to, "mean"));
  const hk = c.hotKeys.things.filter((k) => k.labels.node === node && keys.includes(k.labels.key ?? ""));
  for (const k of hk) series.set(seriesKey("cache.hotKey.perSec", c.name, node, k.labels.key ?? ""), bucketSeries(k.series[0], grid, windowStart, to, "mean"));
  const baseline = baselineSeries(t.series[CACHE_SLOT.hitsPerSec], t.series[CACHE_SLOT.missesPerSec], grid, to, minutes);
  await fillFromRollups(sql, grid, windowStart, series, "mean");
  const [hits, misses, evictions] = [series.get(key("hitsPerSec"))!, series.get(key("missesPerSec"))!, series.get(key("evictionsPerSec"))!];
  const gets = hits.map((h, b) => h + misses[b]!);
  return {
    node,
    start: grid.start,
    step: grid.step,
    buckets: grid.n,
    windowStart,
    hitRatio: compact(hitRatios(hits, misses)),
    baseline: compact(baseline),
    getsPerSec: compact(gets),
    evictionsPerSec: compact(evictions),
    hotKeys: keys.map((k) => {
      const perSec = series.get(seriesKey("cache.hotKey.perSec", c.name, node, k));
      return { key: k, share: compact(perSec ? perSec.map((v, b) => (gets[b]! > 0 ? v / gets[b]! : NaN)) : new Float64Array(grid.n).fill(NaN)) };
    }),
  };
}

/** The cache page: one cluster's cache nodes against their baselines, hot keys and their shares, one node charted. */
export async function getCache({ ctx, store, sql, input }: { ctx: TCtx; store: WindowStore; sql: TSqlRunner; input: TCacheQuery }): Promise<TCacheResult> {
  requirePermission(ctx.actor, "read");
  const now = nowOf(ctx).getTime();
  const clusters = [...liveClusters(store).values()].filter((c) => c.caches.things.length).map((c) => c.name).sort();
  const cluster = input.cluster ?? clusters[0] ?? null;
  const empty = { cluster, clusters, asOf: now, rules: { hitDrop: null, hotKey: null }, nodes: [], focus: null, hotKeys: [] };
  if (!cluster) return empty;
  const rules = await loadActiveRules(ctx.db);
  const kindOf = new Map(rules.filter((r) => Object.hasOwn(STATUS_OF_KIND, r.kind)).map((r) => [r.id, r.kind]));
  const open = await openAlertsOfRules(sql, cluster, [...kindOf.keys()]);
  const alerts: TCacheAlert[] = open.flatMap((a) =>
    a.node ? [{ kind: kindOf.get(a.ruleId)!, rule: a.rule, state: a.state, node: a.node, key: a.key ?? undefined }] : [],
  );
  const ruleInfo = cacheRules(rules, cluster);
  const minutes = ruleInfo.hitDrop?.baselineMinutes ?? ZCacheHitDropParams.parse({}).baselineMinutes;

  // Columns are read synchronously from here to the first await (the view is shared per store).
  const c = liveView(store, now).clusters.get(cluster);
  if (!c) return { ...empty, rules: ruleInfo };
  const statuses = nodeStatuses(alerts);
  const g = c.caches;
  const [hits, misses, ev] = [g.values[CACHE_SLOT.hitsPerSec]!, g.values[CACHE_SLOT.missesPerSec]!, g.values[CACHE_SLOT.evictionsPerSec]!];
  const nodeGets = new Map<string, number>();
  const nodes = g.things.map((t, i) => {
    const node = t.labels.node ?? "";
    const gets = hits[i]! + misses[i]!;
    nodeGets.set(node, gets);
    return {
      node,
      hitRatio: gets > 0 ? num(hits[i]! / gets) : null,
      baseline: num(hitRatioBaseline(t.series[CACHE_SLOT.hitsPerSec], t.series[CACHE_SLOT.missesPerSec], now, minutes)),
      getsPerSec: num(gets),
      evictionsPerSec: num(ev[i]!),
      statuses: statuses.get(node) ?? [],
    };
  });
  nodes.sort((a, b) => a.node.localeCompare(b.node));
  const hk = c.hotKeys;
  const keysNow = hk.things.map((k, j) => ({ key: k.labels.key ?? "", node: k.labels.node ?? "", perSec: hk.values[0]![j]! }));
  const hotKeys = hotKeyShares(keysNow, nodeGets, alerts, HOT_KEYS_MAX).map((r) => ({ ...r, perSec: num(r.perSec) ?? 0, share: num(r.share) ?? 0 }));
  const focusNode = pickFocus(nodes, input.node);
  const fi = focusNode === null ? -1 : g.things.findIndex((t) => t.labels.node === focusNode);
  const focusKeys = hotKeyShares(keysNow.filter((k) => k.node === focusNode), nodeGets, alerts, FOCUS_KEYS).map((r) => r.key);
  const grid = gridOf(input.from, input.to, input.step);
  const windowStart = Math.max(grid.start, now - store.opts.retentionMs);
  const focus = fi < 0 ? null : await focusSeries(sql, c, fi, grid, windowStart, input.to, minutes, focusKeys);
  return { cluster, clusters, asOf: now, rules: ruleInfo, nodes, focus, hotKeys };
}
