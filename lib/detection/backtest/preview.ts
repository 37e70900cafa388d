import { z } from "zod";
import { requirePermission } from "@/lib/auth/require";
import { nowOf, type TCtx } from "@/lib/context";
import { toAlertView, ZAlertView } from "@/lib/detection/alerts";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import { ZRuleInput, type TRuleDefinition } from "@/lib/detection/rules/schema";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { fromZodError, ValidationError } from "@/lib/errors";
import { BUCKET_10S } from "@/lib/telemetry/rollup-aggregator";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { historySamples, type TBucketPoint } from "./history-samples";
import { runBacktest } from "./run";

// POST /api/v1/rules/preview: a draft rule over the stored 10 s rollups (one averaged point per bucket)
// and the newest minutes still only in the window store, through the same engine as live. Nothing is stored.

export const PREVIEW_MAX_POINTS = 2_000_000;
export const PREVIEW_MAX_ALERTS = 50;

export const ZPreviewRuleInput = z.strictObject({
  rule: ZRuleInput,
  hours: z
    .number({ error: "expected a number of hours" })
    .int("must be a whole number")
    .min(1, "at least 1 hour")
    .max(48, "at most 48 hours (the 10 s rollups kept)"),
});
export type TPreviewRuleInput = z.input<typeof ZPreviewRuleInput>;

export const ZPreviewResult = z.object({
  firedCount: z.number(),
  alerts: z.array(ZAlertView),
  hours: z.number(),
  samples: z.number(),
});
export type TPreviewResult = z.infer<typeof ZPreviewResult>;

/** The stored series a rule kind reads: shard qps tells replica rules whether the shard takes traffic. */
export function metricsRead(rule: TRuleDefinition): string[] {
  switch (rule.kind) {
    case "hot-shard":
    case "cluster-skew":
    case "shard-threshold":
    case "fleet-outlier":
      return [`shard.${rule.params.metric}`];
    case "replica-lag":
    case "replica-lag-growth":
    case "replica-stalled":
    case "replica-missing":
      return ["replica.lagSeconds", "shard.qps"];
    case "cache-hit-drop":
      return ["cache.hitsPerSec", "cache.missesPerSec"];
    case "eviction-storm":
      return ["cache.evictionsPerSec"];
    case "hot-key":
      return ["cache.hitsPerSec", "cache.missesPerSec", "cache.hotKey.perSec"];
    case "anomaly":
      return [rule.params.metric];
  }
}

export type TPreviewSources = { sql: TSqlRunner; store?: WindowStore };

type TSeriesRow = { id: number; key: string; metric: string; labels: TBucketPoint["labels"] };

export async function previewRule({ ctx, input, sources }: { ctx: TCtx; input: TPreviewRuleInput; sources: TPreviewSources }): Promise<TPreviewResult> {
  requirePermission(ctx.actor, "read");
  const parsed = ZPreviewRuleInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The preview");
  const { rule, hours } = parsed.data;
  const to = nowOf(ctx).getTime();
  const from = Math.floor((to - hours * 3_600_000) / BUCKET_10S) * BUCKET_10S;
  const metrics = metricsRead(rule);
  const series = await sources.sql.query<TSeriesRow>(
    `SELECT id, key, metric, labels FROM series WHERE metric = ANY($1::text[])${rule.cluster ? " AND cluster = $2" : ""}`,
    rule.cluster ? [metrics, rule.cluster] : [metrics],
  );
  const byId = new Map(series.map((s) => [s.id, s]));
  const ids = [...byId.keys()];
  const points: TBucketPoint[] = [];
  const lastStored = new Map<string, number>();
  if (ids.length) {
    const [count] = await sources.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM rollup_10s WHERE series_id = ANY($1::int[]) AND bucket >= $2 AND bucket < $3`,
      [ids, from, to],
    );
    if (Number(count?.n ?? 0) > PREVIEW_MAX_POINTS) {
      throw new ValidationError(`${Number(count?.n).toLocaleString("en-US")} stored points in the last ${hours} h: too many to preview`, [
        {
          path: "hours",
          message: `more than ${PREVIEW_MAX_POINTS.toLocaleString("en-US")} stored points over ${hours} h; shorten the range or limit the rule to one cluster`,
        },
      ]);
    }
    const rows = await sources.sql.query<{ id: number; bucket: string; avg: number }>(
      `SELECT series_id AS id, bucket::text, sum / count AS avg FROM rollup_10s
       WHERE series_id = ANY($1::int[]) AND bucket >= $2 AND bucket < $3 AND count > 0`,
      [ids, from, to],
    );
    for (const r of rows) {
      const s = byId.get(r.id)!;
      const bucket = Number(r.bucket);
      points.push({ metric: s.metric, labels: s.labels, bucket, value: r.avg });
      if (bucket > (lastStored.get(s.key) ?? -Infinity)) lastStored.set(s.key, bucket);
    }
  }
  if (sources.store) points.push(...windowPoints(sources.store, metrics, rule.cluster, from, to, lastStored));

  const samples = historySamples(points);
  const [draft] = adHocRules([{ ...rule, enabled: true }]);
  const result = runBacktest(samples, [draft!], { evalIntervalMs: BUCKET_10S });
  return {
    firedCount: result.alerts.length,
    alerts: result.alerts.slice(0, PREVIEW_MAX_ALERTS).map((a) => toAlertView(a)),
    hours,
    samples: samples.length,
  };
}

/** The newest buckets, not flushed yet: raw points of the window store averaged per 10 s, after each series' last stored bucket. */
function windowPoints(
  store: WindowStore,
  metrics: string[],
  cluster: string | undefined,
  from: number,
  to: number,
  lastStored: Map<string, number>,
): TBucketPoint[] {
  const out: TBucketPoint[] = [];
  for (const e of store.series.values()) {
    if (!metrics.includes(e.metric) || (cluster && e.labels.cluster !== cluster)) continue;
    const after = Math.max(from, (lastStored.get(e.key) ?? -Infinity) + BUCKET_10S);
    const sums = new Map<number, [number, number]>();
    const { ts, values } = store.range(e.key, after, to);
    ts.forEach((t, i) => {
      const bucket = t - (t % BUCKET_10S);
      const acc = sums.get(bucket) ?? [0, 0];
      acc[0] += values[i]!;
      acc[1]++;
      sums.set(bucket, acc);
    });
    for (const [bucket, [sum, n]] of sums) out.push({ metric: e.metric, labels: e.labels, bucket, value: sum / n });
  }
  return out;
}
