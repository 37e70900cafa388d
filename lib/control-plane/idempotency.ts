import { ValidationError } from "@/lib/errors";

// Replays the answer to a POST repeated with the same Idempotency-Key, so a client retrying after a lost
// response does not start a second split. Failures are forgotten (a retry may succeed); so are the
// oldest keys once `limit` is reached, which bounds memory.

export type TIdempotencyCache<T> = {
  run(key: string | undefined, fingerprint: string, work: () => Promise<T>): Promise<T>;
};

export function createIdempotencyCache<T>(limit = 1000): TIdempotencyCache<T> {
  const entries = new Map<string, { fingerprint: string; answer: Promise<T> }>();
  return {
    run(key, fingerprint, work) {
      if (!key) return work();
      const hit = entries.get(key);
      if (hit && hit.fingerprint !== fingerprint) {
        return Promise.reject(new ValidationError("This Idempotency-Key was already used for a different request", [{ path: "Idempotency-Key", message: "reused" }]));
      }
      if (hit) return hit.answer;
      const entry = { fingerprint, answer: work() };
      entries.set(key, entry);
      void entry.answer.catch(() => entries.get(key) === entry && entries.delete(key));
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
      return entry.answer;
    },
  };
}
