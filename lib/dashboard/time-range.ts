// The dashboard's time range, held in the URL so a link can be shared in an incident channel:
// `?range=1h` (a preset ending now: live) or `?from=<ISO or ms>&to=<ISO or ms>` (fixed: never live),
// plus `live=0` to pause a preset. Pure: `now` is handed in.

export const RANGE_PRESETS = [
  { id: "15m", label: "15 min", ms: 15 * 60_000 },
  { id: "1h", label: "1 h", ms: 3_600_000 },
  { id: "6h", label: "6 h", ms: 6 * 3_600_000 },
  { id: "24h", label: "24 h", ms: 24 * 3_600_000 },
  { id: "7d", label: "7 d", ms: 7 * 86_400_000 },
] as const;

export type TRangePreset = (typeof RANGE_PRESETS)[number]["id"];
export const DEFAULT_PRESET: TRangePreset = "1h";
export const MAX_RANGE_MS = 31 * 86_400_000;

/** The range as the URL says it: a preset or custom bounds; `live` only for presets. */
export type TRangeSpec = { kind: "preset"; preset: TRangePreset; live: boolean } | { kind: "custom"; from: number; to: number };

export type TResolvedRange = { from: number; to: number; step: number; live: boolean; label: string };

type TParams = Record<string, string | string[] | undefined> | URLSearchParams;

function param(p: TParams, name: string): string | undefined {
  if (p instanceof URLSearchParams) return p.get(name) ?? undefined;
  const v = p[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A time as epoch ms, or an ISO date; anything else is undefined. */
export function parseInstant(s: string | undefined): number | undefined {
  if (!s) return undefined;
  if (/^\d{10,14}$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

/** What the URL asks for; a broken or inverted custom range falls back to the default preset. */
export function parseRangeSpec(p: TParams): TRangeSpec {
  const from = parseInstant(param(p, "from"));
  const to = parseInstant(param(p, "to"));
  if (from !== undefined && to !== undefined && from < to && to - from <= MAX_RANGE_MS) return { kind: "custom", from, to };
  const r = param(p, "range");
  const preset = RANGE_PRESETS.find((x) => x.id === r)?.id ?? DEFAULT_PRESET;
  return { kind: "preset", preset, live: param(p, "live") !== "0" };
}

const NICE_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** The smallest round step that keeps a range within `maxBuckets` buckets (and at least `minStep`). */
export function stepFor(spanMs: number, maxBuckets = 360, minStep = 5000): number {
  const want = Math.max(minStep, spanMs / maxBuckets);
  return NICE_STEPS.find((s) => s >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

export function formatSpan(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** Concrete bounds for a spec at `now`; steps are aligned so that buckets do not shift between refreshes. */
export function resolveRange(spec: TRangeSpec, now: number, maxBuckets = 360): TResolvedRange {
  if (spec.kind === "custom") {
    const step = stepFor(spec.to - spec.from, maxBuckets);
    return { from: spec.from, to: spec.to, step, live: false, label: `${new Date(spec.from).toISOString()} – ${new Date(spec.to).toISOString()}` };
  }
  const p = RANGE_PRESETS.find((x) => x.id === spec.preset)!;
  const step = stepFor(p.ms, maxBuckets);
  const to = Math.ceil(now / step) * step;
  return { from: to - p.ms, to, step, live: spec.live, label: `Last ${p.label}` };
}

/** The URL query for a spec, keeping other parameters (filters) as they are. */
export function rangeSearch(spec: TRangeSpec, keep: URLSearchParams = new URLSearchParams()): string {
  const q = new URLSearchParams(keep);
  for (const k of ["range", "from", "to", "live"]) q.delete(k);
  if (spec.kind === "custom") {
    q.set("from", new Date(spec.from).toISOString());
    q.set("to", new Date(spec.to).toISOString());
  } else {
    if (spec.preset !== DEFAULT_PRESET) q.set("range", spec.preset);
    if (!spec.live) q.set("live", "0");
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
