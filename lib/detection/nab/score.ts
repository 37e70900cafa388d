import type { TNabProfile } from "./profiles";
import { sweepRows, type TNabFile, type TSweptRows } from "./sweep";

export interface TNabCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface TNabResult extends TNabCounts {
  readonly threshold: number;
  /** NAB's raw score: sum over windows of the earliest detection (or -fnWeight) plus every FP. */
  readonly raw: number;
  /** 100 · (raw - null) / (perfect - null). */
  readonly normalized: number;
}

interface TPrepared extends TSweptRows {
  readonly scores: ArrayLike<number>;
  readonly numWindows: number;
}

/** Row weights do not depend on the detector; prepare once per corpus and score many times. */
export function prepareCorpus(files: readonly TNabFile[]): TPrepared[] {
  return files.map((f) => ({ ...sweepRows(f.scores.length, f.windows), scores: f.scores, numWindows: f.windows.length }));
}

export function normalizeScore(raw: number, numWindows: number, profile: TNabProfile): number {
  const nullScore = -profile.fnWeight * numWindows;
  const perfect = profile.tpWeight * numWindows;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** Score of one file at a threshold: a row is a detection when its score is >= threshold. */
export function scoreFileAt(file: TPrepared, profile: TNabProfile, threshold: number): TNabCounts & { raw: number } {
  const best = new Float64Array(file.numWindows).fill(-Infinity);
  let fpScore = 0;
  let fp = 0;
  for (let k = 0; k < file.rows.length; k++) {
    const score = file.scores[file.rows[k]!]!;
    if (!(score >= threshold)) continue;
    const w = file.window[k]!;
    if (w < 0) {
      fpScore += file.unit[k]! * profile.fpWeight;
      fp++;
    } else best[w] = Math.max(best[w]!, file.unit[k]! * profile.tpWeight);
  }
  let raw = fpScore;
  let tp = 0;
  let fn = 0;
  const scorable = scorableWindows(file);
  for (let w = 0; w < file.numWindows; w++) {
    if (!scorable.has(w)) continue;
    if (best[w] === -Infinity) {
      raw -= profile.fnWeight;
      fn++;
    } else {
      raw += best[w]!;
      tp++;
    }
  }
  return { raw, tp, fp, fn };
}

function scorableWindows(file: TPrepared): Set<number> {
  return new Set(Array.from(file.window).filter((w) => w >= 0));
}

export function scoreCorpusAt(files: readonly TPrepared[], profile: TNabProfile, threshold: number): TNabResult {
  const total = { raw: 0, tp: 0, fp: 0, fn: 0 };
  let numWindows = 0;
  for (const file of files) {
    const s = scoreFileAt(file, profile, threshold);
    total.raw += s.raw;
    total.tp += s.tp;
    total.fp += s.fp;
    total.fn += s.fn;
    numWindows += file.numWindows;
  }
  return { ...total, threshold, normalized: normalizeScore(total.raw, numWindows, profile) };
}

/**
 * NAB's threshold sweep over the whole corpus: lower the threshold one distinct score at a time and
 * keep the best total. Ties keep the higher threshold. O(R log R) for R scorable rows.
 */
export function bestThreshold(files: readonly TPrepared[], profile: TNabProfile): TNabResult {
  const refs: { file: number; k: number; score: number }[] = [];
  let raw = 0;
  let numWindows = 0;
  const best: Float64Array[] = [];
  files.forEach((file, f) => {
    numWindows += file.numWindows;
    best.push(new Float64Array(file.numWindows).fill(-profile.fnWeight));
    raw -= profile.fnWeight * scorableWindows(file).size;
    for (let k = 0; k < file.rows.length; k++) refs.push({ file: f, k, score: file.scores[file.rows[k]!]! });
  });
  refs.sort((a, b) => b.score - a.score);
  let top = { raw, threshold: Infinity };
  for (let j = 0; j < refs.length; j++) {
    const { file: f, k, score } = refs[j]!;
    const file = files[f]!;
    const w = file.window[k]!;
    if (w < 0) raw += file.unit[k]! * profile.fpWeight;
    else {
      const value = file.unit[k]! * profile.tpWeight;
      if (value > best[f]![w]!) {
        raw += value - best[f]![w]!;
        best[f]![w] = value;
      }
    }
    const lastOfThreshold = j + 1 === refs.length || refs[j + 1]!.score !== score;
    if (lastOfThreshold && raw > top.raw) top = { raw, threshold: score };
  }
  const at = scoreCorpusAt(files, profile, top.threshold);
  return { ...at, normalized: normalizeScore(at.raw, numWindows, profile) };
}
