// The keyspace: a 32-bit hash ring. Shards own [start, end) ranges of it; nodes are placed on a
// consistent-hash ring with virtual nodes, so adding or removing a node moves few shards.

export const RING_SIZE = 2 ** 32;

/** FNV-1a, 32 bits: stable across runs and platforms, which placement needs. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche: FNV alone clusters short, similar keys.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The index of the range containing `pos`, given the sorted starts of contiguous ranges from 0. */
export function findRange(starts: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export type TNodeRing = { owner(pos: number): string };

/** Consistent hashing of nodes with `vnodes` points each. */
export function createNodeRing(nodes: string[], vnodes = 64): TNodeRing {
  const points: { pos: number; node: string }[] = [];
  for (const node of nodes) for (let v = 0; v < vnodes; v++) points.push({ pos: hash32(`${node}#${v}`), node });
  points.sort((a, b) => a.pos - b.pos);
  const positions = points.map((p) => p.pos);
  return {
    owner(pos) {
      if (!points.length) throw new Error("a node ring needs at least one node");
      let lo = 0;
      let hi = positions.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (positions[mid]! < pos) lo = mid + 1;
        else hi = mid;
      }
      return points[lo % points.length]!.node;
    },
  };
}

/** A ring position as 8 hex digits (the ring's end is 100000000), so key ranges sort as text too. */
export function ringHex(pos: number): string {
  return pos.toString(16).padStart(8, "0");
}
