"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useId, useMemo, useState } from "react";
import { parseRangeSpec, rangeSearch, RANGE_PRESETS, resolveRange, type TRangeSpec, type TResolvedRange } from "@/lib/dashboard/time-range";

export const LIVE_INTERVAL_MS = 5000;

/**
 * The page's time range from the URL. `resolve()` gives concrete bounds at call time, so a live
 * query re-resolved on every refetch slides with the clock while its query key stays the same.
 */
export function useTimeRange(maxBuckets = 360) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  const spec = useMemo(() => parseRangeSpec(new URLSearchParams(key)), [key]);
  const setSpec = useCallback(
    (next: TRangeSpec) => router.replace(`${pathname}${rangeSearch(next, new URLSearchParams(key))}`, { scroll: false }),
    [router, pathname, key],
  );
  const resolve = useCallback((): TResolvedRange => resolveRange(spec, Date.now(), maxBuckets), [spec, maxBuckets]);
  const live = spec.kind === "preset" && spec.live;
  return { spec, setSpec, resolve, live, refetchInterval: live ? LIVE_INTERVAL_MS : (false as const), specKey: JSON.stringify(spec) };
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Presets, a custom range and live/pause; all of it lives in the URL. */
export function TimeRangePicker({ updatedAt, maxBuckets }: { updatedAt?: number; maxBuckets?: number }) {
  const { spec, setSpec, resolve, live } = useTimeRange(maxBuckets);
  const [custom, setCustom] = useState(spec.kind === "custom");
  const id = useId();
  const current = resolve();
  const [from, setFrom] = useState(() => toLocalInput(current.from));
  const [to, setTo] = useState(() => toLocalInput(current.to));
  const [error, setError] = useState<string | null>(null);

  function applyCustom(e: React.FormEvent) {
    e.preventDefault();
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError("Enter both dates.");
    if (f >= t) return setError("From must be before To.");
    if (t - f > 31 * 86_400_000) return setError("A range is at most 31 days.");
    setError(null);
    setSpec({ kind: "custom", from: f, to: t });
  }

  return (
    <div className="time-range" role="group" aria-label="Time range">
      <div className="segmented">
        {RANGE_PRESETS.map((p) => {
          const on = spec.kind === "preset" && spec.preset === p.id;
          return (
            <button
              key={p.id}
              type="button"
              className="btn btn-sm"
              aria-pressed={on}
              onClick={() => {
                setCustom(false);
                setSpec({ kind: "preset", preset: p.id, live: spec.kind === "preset" ? spec.live : true });
              }}
            >
              {p.label}
            </button>
          );
        })}
        <button type="button" className="btn btn-sm" aria-pressed={spec.kind === "custom" || custom} aria-expanded={custom} onClick={() => setCustom((c) => !c)}>
          Custom
        </button>
      </div>
      {custom ? (
        <form className="custom-range" onSubmit={applyCustom} noValidate>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit" className="btn btn-sm">
            Apply
          </button>
          {error ? (
            <span className="field-error" role="alert">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
      <div className="live-toggle">
        <span className="muted" aria-live="polite">
          {spec.kind === "custom" ? "Fixed range" : live ? "Live, every 5 s" : "Paused"}
          {updatedAt ? ` · updated ${new Date(updatedAt).toLocaleTimeString()}` : ""}
        </span>
        {spec.kind === "preset" ? (
          <button type="button" className="btn btn-sm" aria-pressed={!live} onClick={() => setSpec({ ...spec, live: !live })}>
            {live ? "Pause live" : "Resume live"}
          </button>
        ) : (
          <button type="button" className="btn btn-sm" onClick={() => (setCustom(false), setSpec({ kind: "preset", preset: "1h", live: true }))}>
            Back to live
          </button>
        )}
      </div>
    </div>
  );
}
