// The reference CAD OSE ran on CPython 2.7: contexts are keyed by tuple hashes, ties between equally
// active contexts break on those hashes, and new contexts get ids in dict iteration order. These two
// helpers reproduce both so this port makes the same choices, row for row.

/** CPython 2.7 `hash(tuple_of_small_ints)` on a 64-bit build. */
export function pyTupleHash(items: readonly number[]): bigint {
  let x = 0x345678n;
  let mult = 1000003n;
  let len = items.length;
  for (const item of items) {
    len--;
    const y = item === -1 ? -2n : BigInt(item);
    x = BigInt.asIntN(64, (x ^ y) * mult);
    mult = BigInt.asIntN(64, mult + 82520n + BigInt(len + len));
  }
  x = BigInt.asIntN(64, x + 97531n);
  return x === -1n ? -2n : x;
}

/** A map from small non-negative ints that iterates in CPython 2.7 dict slot order (no deletions). */
export class PyIntDict<V> {
  private slots = new Int32Array(8).fill(-1);
  /** Keys and values in iteration order, rebuilt on insert (these dicts hold a few dozen keys). */
  keys: number[] = [];
  vals: V[] = [];

  get size(): number {
    return this.keys.length;
  }

  get(key: number): V | undefined {
    const j = this.keys.indexOf(key);
    return j < 0 ? undefined : this.vals[j];
  }

  /** Inserts a new key (the caller checks it is absent), resizing as CPython does. */
  insert(key: number, value: V): void {
    const values = new Map<number, V>(this.keys.map((k, j) => [k, this.vals[j]!]));
    values.set(key, value);
    place(this.slots, key);
    if (values.size * 3 >= this.slots.length * 2) {
      let size = 8;
      while (size <= 4 * values.size) size <<= 1;
      const old = this.slots;
      this.slots = new Int32Array(size).fill(-1);
      for (const k of old) if (k >= 0) place(this.slots, k);
    }
    this.keys = Array.from(this.slots).filter((k) => k >= 0);
    this.vals = this.keys.map((k) => values.get(k)!);
  }
}

function place(slots: Int32Array, key: number): void {
  const mask = slots.length - 1;
  let i = key;
  let perturb = key;
  while (slots[i & mask]! >= 0) {
    i = (i * 5 + perturb + 1) >>> 0; // C's size_t wraps; only the low bits matter for the slot
    perturb = Math.floor(perturb / 32);
  }
  slots[i & mask] = key;
}
