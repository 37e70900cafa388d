// A small in-process cache for the public status: values by key, each loaded by one shared
// in-flight promise (single flight), dropped at once by invalidate() and refreshed after `ttlMs`.
// Past the TTL the old value is still served while one refresh runs in the background, so a warm
// page never waits on the database; after invalidate() readers wait for fresh data instead.

type TEntry = { value: unknown; at: number };
type TFlight = { generation: number; promise: Promise<unknown> };

export class PublicCache {
  private readonly entries = new Map<string, TEntry>();
  private readonly flights = new Map<string, TFlight>();
  private generation = 0;
  loads = 0;

  constructor(private readonly opts: { ttlMs: number; clock?: () => number }) {}

  private now(): number {
    return this.opts.clock ? this.opts.clock() : Date.now();
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at <= this.opts.ttlMs) return entry.value as T;
    const flight = this.flight(key, load);
    if (entry) {
      flight.catch(() => undefined); // a failed background refresh keeps the old value; the next read retries
      return entry.value as T;
    }
    return flight;
  }

  private flight<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running && running.generation === this.generation) return running.promise as Promise<T>;
    const generation = this.generation;
    this.loads++;
    const promise = load()
      .then((value) => {
        // A load that began before an invalidation may have read the old rows: answer with it, keep nothing.
        if (generation === this.generation) this.entries.set(key, { value, at: this.now() });
        return value;
      })
      .finally(() => {
        if (this.flights.get(key)?.promise === promise) this.flights.delete(key);
      });
    this.flights.set(key, { generation, promise });
    return promise;
  }

  /** Drops every value and detaches running loads, so the next read sees the database as it is now. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.flights.clear();
  }
}
