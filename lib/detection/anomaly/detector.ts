import { CAD_OSE_DEFAULTS, CadOse, type TCadOseParams } from "./cad-ose";

// The generic streaming anomaly detector: CAD OSE on a quantisation grid it learns from its first
// samples, with a bounded context memory, so it runs on any series without knowing it in advance.
// State per series: the CAD context memory (at most maxContexts contexts, about 0.4 KB each with
// their semi-contexts) plus the warm-up buffer (historySamples numbers, freed once the grid is set).

export interface TAnomalyDetectorParams extends Omit<TCadOseParams, "minValue" | "maxValue"> {
  /** The series' range when known in advance (NAB hands every detector its file's min and max). */
  readonly minValue?: number;
  readonly maxValue?: number;
  /** Samples used to place the grid; they score 0 and are then replayed into the model. */
  readonly historySamples: number;
  /**
   * The grid spans the warm-up's extremes plus this many times their spread on each side, so ordinary
   * variation takes a few of CAD's levels; values beyond it get levels of their own.
   */
  readonly rangePadding: number;
}

export interface TAnomalyDetector {
  /** Feeds one sample (in time order) and returns its anomaly score in [0, 1]. */
  update(ts: number, value: number): number;
  /** Contexts currently remembered (at most maxContexts). */
  readonly contexts: number;
}

export const ANOMALY_DETECTOR_DEFAULTS: TAnomalyDetectorParams = {
  ...CAD_OSE_DEFAULTS,
  restPeriod: 75,
  historySamples: 150,
  rangePadding: 1,
  maxContexts: 1000,
};

export function createAnomalyDetector(params: Partial<TAnomalyDetectorParams> = {}): TAnomalyDetector {
  const p = { ...ANOMALY_DETECTOR_DEFAULTS, ...params };
  let cad: CadOse | undefined;
  let warmup: number[] = [];
  if (p.minValue !== undefined && p.maxValue !== undefined) cad = new CadOse({ ...p, minValue: p.minValue, maxValue: p.maxValue });

  return {
    // CAD only looks at the order of samples; the timestamp is part of the contract for other models.
    update(_ts: number, value: number): number {
      if (!Number.isFinite(value)) return 0;
      if (cad) return Math.min(1, Math.max(0, cad.score(value)));
      warmup.push(value);
      if (warmup.length < p.historySamples) return 0;
      const lo = Math.min(...warmup);
      const hi = Math.max(...warmup);
      const pad = p.rangePadding * (hi - lo);
      cad = new CadOse({ ...p, minValue: lo - pad, maxValue: hi + pad });
      for (const v of warmup) cad.score(v);
      warmup = [];
      return 0;
    },
    get contexts() {
      return cad?.memory.size ?? 0;
    },
  };
}
