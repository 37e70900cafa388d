import type { TSample } from "../sample";

// Prometheus-shaped data as it arrives by remote_write or scraping, before mapping to samples.
export type TPromPoint = { ts: number; value: number };
/**
 * `stable`: `labels` is the same object, never changed, in every batch that holds this series (the
 * remote_write decoder shares it), so a mapper may remember per labels object and name what it made of them.
 */
export type TPromSeries = { name: string; labels: Record<string, string>; points: TPromPoint[]; stable?: boolean };

export type TPromMapResult = { samples: TSample[]; unmapped: number };

/** Turns Prometheus series into Shardwatch samples; stateful (counters become per-second rates). */
export interface TPromMapper {
  map(series: TPromSeries[], now: number): TPromMapResult;
}
