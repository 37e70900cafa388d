// Rows of the keyspace heatmap: shards in key order, adjacent shards folded into row groups when
// there are more shards than rows to draw. Pure.

export type TShardKey = { shard: string; node: string | null; keyStart: string | null; keyEnd: string | null };

export type THeatmapRow = {
  label: string;
  shards: number;
  keyStart: string | null;
  keyEnd: string | null;
  /** The one shard of a single-shard row. */
  shard?: string;
  /** First and last shard of the row, in key order. */
  first: string;
  last: string;
};

const collator = new Intl.Collator("en", { numeric: true });

/** Key order: by range start (plain string order, as the ring's keys compare), then shard id; shards with no known range last. */
export function orderByKey<T extends TShardKey>(shards: readonly T[]): T[] {
  return [...shards].sort((a, b) => {
    if (a.keyStart !== null && b.keyStart !== null && a.keyStart !== b.keyStart) return a.keyStart < b.keyStart ? -1 : 1;
    if ((a.keyStart === null) !== (b.keyStart === null)) return a.keyStart === null ? 1 : -1;
    return collator.compare(a.shard, b.shard);
  });
}

/** `rowOf[i]` for the i-th shard in key order: `n` shards spread over at most `maxRows` rows of near-equal size. */
export function rowIndexes(n: number, maxRows: number): Int32Array {
  const rows = Math.max(1, Math.min(n, maxRows));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((i * rows) / n);
  return out;
}

const short = (k: string | null) => (k === null ? "?" : k.length > 12 ? `${k.slice(0, 12)}…` : k);

function rowLabel(first: TShardKey, last: TShardKey, count: number): string {
  if (count === 1) return first.shard;
  return first.keyStart !== null || last.keyEnd !== null ? `${short(first.keyStart)} – ${short(last.keyEnd)}` : `${first.shard} – ${last.shard}`;
}

/** The rows for shards already in key order, with `rowOf` from rowIndexes. */
export function heatmapRows(ordered: readonly TShardKey[], rowOf: Int32Array): THeatmapRow[] {
  const rows: THeatmapRow[] = [];
  let start = 0;
  for (let i = 1; i <= ordered.length; i++) {
    if (i < ordered.length && rowOf[i] === rowOf[start]) continue;
    const first = ordered[start]!;
    const last = ordered[i - 1]!;
    const count = i - start;
    rows.push({
      label: rowLabel(first, last, count),
      shards: count,
      keyStart: first.keyStart,
      keyEnd: last.keyEnd,
      ...(count === 1 ? { shard: first.shard } : {}),
      first: first.shard,
      last: last.shard,
    });
    start = i;
  }
  return rows;
}
