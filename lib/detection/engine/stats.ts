// Statistics the rules share. Pure; inputs are not modified unless the name says so.

/** Median of `xs`, reordering it in place (quickselect would be faster; a sort of ≤10k numbers is ~1 ms). */
export function medianInPlace(xs: Float64Array | number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const sorted = xs instanceof Float64Array ? xs.sort() : xs.sort((a, b) => a - b);
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export function median(xs: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(xs));
}

/** Median and the median absolute deviation, scaled (×1.4826) to estimate σ for normal data. */
export function medianMad(xs: ArrayLike<number>): { median: number; sigma: number } {
  const m = median(xs);
  const dev = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) dev[i] = Math.abs(xs[i]! - m);
  let sigma = 1.4826 * medianInPlace(dev);
  // More than half the fleet identical: fall back to the mean absolute deviation so z stays finite.
  if (sigma === 0) {
    let s = 0;
    for (let i = 0; i < dev.length; i++) s += dev[i]!;
    sigma = dev.length ? (1.2533 * s) / dev.length : 0;
  }
  return { median: m, sigma };
}

/** Gini index of non-negative values: 0 all equal, →1 all load on one. */
export function gini(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const sorted = Float64Array.from(xs).sort();
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    weighted += (i + 1) * sorted[i]!;
    total += sorted[i]!;
  }
  return total > 0 ? (2 * weighted) / (n * total) - (n + 1) / n : 0;
}

/** Coefficient of variation (population standard deviation over the mean). */
export function coefficientOfVariation(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  const mean = sum / n;
  if (mean <= 0) return 0;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (xs[i]! - mean) ** 2;
  return Math.sqrt(sq / n) / mean;
}

/** Least-squares line through (t, y): slope in y per unit of t, and R² of the fit. */
export function linearFit(ts: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; r2: number } {
  const n = ts.length;
  if (n < 2) return { slope: 0, r2: 0 };
  let mt = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mt += ts[i]!;
    my += ys[i]!;
  }
  mt /= n;
  my /= n;
  let stt = 0;
  let sty = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dt = ts[i]! - mt;
    const dy = ys[i]! - my;
    stt += dt * dt;
    sty += dt * dy;
    syy += dy * dy;
  }
  if (stt === 0) return { slope: 0, r2: 0 };
  const slope = sty / stt;
  return { slope, r2: syy === 0 ? 0 : (sty * sty) / (stt * syy) };
}
