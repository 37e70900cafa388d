// Per-second rates of Prometheus counters between consecutive points of one series, with bounded
// memory: series not seen for `ttlMs` (by the caller's clock) or beyond `maxSeries` are forgotten.
// A few recent points are kept so that a batch resent after a 429 yields the same rates again.

const HISTORY = 8;

type THistory = { ts: number[]; values: number[]; seenAt: number };

function perSecond(prevTs: number, prevValue: number, ts: number, value: number): number {
  const increase = value >= prevValue ? value - prevValue : value; // a drop means the counter restarted
  return increase / ((ts - prevTs) / 1000);
}

export class CounterRates {
  // Map order is least recently seen first: every update re-inserts its key at the end.
  private readonly series = new Map<string, THistory>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxSeries = 200_000,
  ) {}

  get size(): number {
    return this.series.size;
  }

  /** The rate over the interval ending at `ts`; undefined for a series' first point (unknown). */
  rate(key: string, ts: number, value: number, now: number): number | undefined {
    if (!Number.isFinite(value) || value < 0) {
      this.series.delete(key); // a stale marker or a broken value: start afresh
      return undefined;
    }
    const h = this.series.get(key) ?? { ts: [], values: [], seenAt: now };
    this.series.delete(key);
    h.seenAt = now;
    this.series.set(key, h);
    const n = h.ts.length;
    if (n === 0 || ts > h.ts[n - 1]!) {
      const rate = n === 0 ? undefined : perSecond(h.ts[n - 1]!, h.values[n - 1]!, ts, value);
      h.ts.push(ts);
      h.values.push(value);
      if (n + 1 > HISTORY) {
        h.ts.shift();
        h.values.shift();
      }
      return rate;
    }
    const i = h.ts.indexOf(ts);
    if (i > 0 && h.values[i] === value) return perSecond(h.ts[i - 1]!, h.values[i - 1]!, ts, value);
    return undefined;
  }

  /** Forgets series not seen within the time to live, oldest first, and any beyond the cap. */
  evict(now: number): void {
    for (const [key, h] of this.series) {
      if (now - h.seenAt <= this.ttlMs && this.series.size <= this.maxSeries) break;
      this.series.delete(key);
    }
  }
}
