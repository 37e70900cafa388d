// Numbers in summaries: units, thousands separators, no false precision.

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const two = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function fmtNumber(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? int.format(v) : a >= 10 ? one.format(v) : two.format(v);
}

export function fmtPercent(fraction: number): string {
  const p = fraction * 100;
  return `${Math.abs(p) >= 10 ? int.format(p) : one.format(p)}%`;
}

export function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

const UNITS: Record<string, (v: number) => string> = {
  qps: (v) => `${fmtNumber(v)} qps`,
  p99Ms: (v) => `${fmtNumber(v)} ms`,
  cpu: (v) => fmtPercent(v),
  iops: (v) => `${fmtNumber(v)} IOPS`,
  errorRate: (v) => fmtPercent(v),
};

const NAMES: Record<string, string> = { qps: "qps", p99Ms: "p99", cpu: "CPU", iops: "IOPS", errorRate: "error rate" };

/** A shard metric's value with its unit: 412 ms, 91%, 1,200 qps. */
export function fmtMetric(metric: string, v: number): string {
  return (UNITS[metric] ?? fmtNumber)(v);
}

export function metricName(metric: string): string {
  return NAMES[metric] ?? metric;
}
