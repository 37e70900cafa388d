// A shard's alerts as chart annotations and as its history of hot-spot episodes. Pure.

export type TShardAlert = {
  id: string;
  rule: string;
  kind: string | null;
  /** The rule's metric, for kinds that have one (shard-threshold: qps, p99Ms, cpu…). */
  metric: string | null;
  severity: "info" | "warning" | "critical";
  state: "pending" | "firing" | "resolved";
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  value: number | null;
  summary: string;
};

export type TEpisode = {
  id: string;
  rule: string;
  kind: string;
  metric: string | null;
  start: number;
  end: number | null;
  durationMs: number;
  open: boolean;
  value: number | null;
  summary: string;
};

/** Rule kinds whose alerts mean "this shard was a hot spot". */
export const HOT_SPOT_KINDS = ["hot-shard", "shard-threshold"] as const;

/** Hot-spot alerts that fired (pending-only ones never became an episode), newest first; an open one lasts until `now`. */
export function hotSpotEpisodes(alerts: readonly TShardAlert[], now: number): TEpisode[] {
  return alerts
    .filter((a) => a.kind !== null && (HOT_SPOT_KINDS as readonly string[]).includes(a.kind) && a.firedAt !== null)
    .map((a) => {
      const end = a.resolvedAt;
      return {
        id: a.id,
        rule: a.rule,
        kind: a.kind!,
        metric: a.metric,
        start: a.activeAt,
        end,
        durationMs: (end ?? now) - a.activeAt,
        open: end === null,
        value: a.value,
        summary: a.summary,
      };
    })
    .sort((a, b) => b.start - a.start);
}

/** Alerts that overlap [from, to), clipped to it, for shaded areas on the charts. */
export function alertSpans(alerts: readonly TShardAlert[], from: number, to: number): { alert: TShardAlert; x1: number; x2: number }[] {
  return alerts
    .filter((a) => a.activeAt < to && (a.resolvedAt ?? to) > from)
    .map((a) => ({ alert: a, x1: Math.max(from, a.activeAt), x2: Math.min(to, a.resolvedAt ?? to) }));
}
