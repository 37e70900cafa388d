// Zipf key popularity over n keys with exponent s: P(rank r) = r^-s / H(n, s). H is computed
// exactly for small ranks and with the Euler–Maclaurin tail beyond, so n can be 10^8.

const EXACT = 1000;

/** Generalised harmonic number H(k, s) = Σ_{r=1..k} r^-s. */
export function harmonic(k: number, s: number): number {
  if (k <= 0) return 0;
  const m = Math.min(Math.floor(k), EXACT);
  let sum = 0;
  for (let r = 1; r <= m; r++) sum += r ** -s;
  if (k <= EXACT) return sum;
  // Σ_{r=m+1..k} r^-s ≈ ∫_{m}^{k} x^-s dx + (k^-s − m^-s)/2
  const integral = Math.abs(s - 1) < 1e-9 ? Math.log(k / m) : (k ** (1 - s) - m ** (1 - s)) / (1 - s);
  return sum + integral + (k ** -s - m ** -s) / 2;
}

export type TZipf = {
  readonly keys: number;
  readonly exponent: number;
  /** Share of all requests that go to the key of this rank (1-based). */
  p(rank: number): number;
  /** Share of all requests that go to the `k` most popular keys. */
  cdf(k: number): number;
};

export function createZipf(keys: number, exponent: number): TZipf {
  const total = harmonic(keys, exponent);
  const cache = new Map<number, number>();
  return {
    keys,
    exponent,
    p: (rank) => rank ** -exponent / total,
    cdf(k) {
      if (k >= keys) return 1;
      const key = Math.round(k);
      let v = cache.get(key);
      if (v === undefined) {
        v = harmonic(key, exponent) / total;
        if (cache.size > 10_000) cache.clear();
        cache.set(key, v);
      }
      return v;
    },
  };
}
