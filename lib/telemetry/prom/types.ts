import type { TSample } from "../sample";

// Prometheus-shaped data as it arrives by remote_write or scraping, before mapping to samples.
export type TPromPoint = { ts: number; value: number };
export type TPromSeries = { name: string; labels: Record<string, string>; points: TPromPoint[] };

export type TPromMapResult = { samples: TSample[]; unmapped: number };

/** Turns Prometheus series into Shardwatch samples; stateful (counters become per-second rates). */
export interface TPromMapper {
  map(series: TPromSeries[], now: number): TPromMapResult;
}
