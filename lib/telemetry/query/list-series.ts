import type { z } from "zod";
import type { WindowStore } from "../window-store";
import type { ZSeriesQuery } from "./schemas";

/** Series currently in the window, with their labels and newest point (values are stored as float32). */
export function listSeries(store: WindowStore, q: z.output<typeof ZSeriesQuery>) {
  const out: { metric: string; labels: Record<string, string>; last: { ts: number; value: number } | null }[] = [];
  for (const e of store.series.values()) {
    if (q.cluster && e.labels.cluster !== q.cluster) continue;
    if (q.metric && e.metric !== q.metric) continue;
    if (q.shard && e.labels.shard !== q.shard) continue;
    if (q.node && e.labels.node !== q.node) continue;
    const b = e.buf;
    out.push({
      metric: e.metric,
      labels: { ...e.labels },
      last: b.length ? { ts: b.tsAt(b.length - 1), value: Number(b.valueAt(b.length - 1).toPrecision(7)) } : null,
    });
    if (out.length >= q.limit) break;
  }
  return out;
}
