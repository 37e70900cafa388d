// NAB v1.1 application profiles (config/profiles.json): weights of a true positive, a false
// positive and a missed window. Only the ratios matter after normalisation.
export interface TNabProfile {
  readonly name: string;
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

export const NAB_PROFILES: readonly TNabProfile[] = [
  { name: "standard", tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  { name: "reward_low_FP_rate", tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  { name: "reward_low_FN_rate", tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
];

/** NAB's probationary length: the first 15% of a file, at most 750 rows, is never scored. */
export function probationaryLength(numRows: number): number {
  return Math.min(Math.floor(0.15 * numRows), 750);
}

/** NAB's scaled sigmoid: 2/(1+e^(5x)) - 1, pinned to -1 from x = 3 on (sweeper.py uses >= 3). */
export function scaledSigmoid(x: number): number {
  if (x >= 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}
