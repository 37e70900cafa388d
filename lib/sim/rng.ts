// A small seeded PRNG (sfc32) so the same seed gives the same cluster, byte for byte.

export type TRng = { next(): number; gauss(): number; int(n: number): number };

function hashSeed(seed: number | string): [number, number, number, number] {
  let h = 1779033703 ^ String(seed).length;
  const text = String(seed);
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const mix = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  return [mix(), mix(), mix(), mix()];
}

const GAUSS_TABLE = 1 << 14;

export function createRng(seed: number | string): TRng {
  let [a, b, c, d] = hashSeed(seed);
  let spare: number | null = null;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  // Box–Muller, keeping the second value for the next call.
  const boxMuller = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  // Noise is drawn ~50,000 times a step at 10,000 shards: a table of normal deviates picked by one
  // uniform draw costs a fraction of Box–Muller's log/sqrt/sin and is as deterministic.
  const table = Float64Array.from({ length: GAUSS_TABLE }, boxMuller);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    gauss: () => table[(next() * GAUSS_TABLE) | 0]!,
  };
}
