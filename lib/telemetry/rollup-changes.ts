// Which rollup buckets this process has changed in a database, in order, so a reader that keeps rollup
// buckets in memory drops exactly the ones a later flush (a late sample) or the retention touched.
// Keyed by the SQL runner the process shares; writes made by another process are not seen here.

export type TRollupChange = { from: number; to: number };
export type TRollupChanges = { seq: number; changes: TRollupChange[] | "all" };

type TLog = { seq: number; changes: (TRollupChange & { seq: number })[] };

const KEEP = 512;
const logs = new WeakMap<object, TLog>();

function logOf(db: object): TLog {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = { seq: 0, changes: [] }));
  return log;
}

/** Records that rollup buckets in [from, to) of `db` may have changed (call after the commit). */
export function noteRollupChange(db: object, from: number, to: number): void {
  const log = logOf(db);
  log.changes.push({ seq: ++log.seq, from, to });
  if (log.changes.length > KEEP) log.changes.splice(0, log.changes.length - KEEP);
}

/** The sequence number of the last change recorded for `db` (0 before any). */
export function rollupSeq(db: object): number {
  return logs.get(db)?.seq ?? 0;
}

/** The changes after `seq` (the reader's last look) and the sequence number to remember; "all" when too far behind. */
export function rollupChangesSince(db: object, seq: number): TRollupChanges {
  const log = logOf(db);
  if (seq >= log.seq) return { seq: log.seq, changes: [] };
  const first = log.changes[0];
  if (!first || first.seq > seq + 1) return { seq: log.seq, changes: "all" };
  return { seq: log.seq, changes: log.changes.filter((c) => c.seq > seq).map(({ from, to }) => ({ from, to })) };
}
