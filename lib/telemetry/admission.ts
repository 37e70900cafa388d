import { RateLimitedError } from "@/lib/errors";

/** One admitted push: count its bytes as they arrive, and release it when it is answered. */
export type TIngestTicket = {
  /** Counts `n` more bytes held for this push (read, or decompressed); refuses (429) past the budget. */
  hold(n: number): void;
  release(): void;
};

/**
 * Bounds the pushes being read, decoded and made durable at once, by count and by bytes held.
 * The ingest queue (service.ts) counts samples only once a body is read and decoded, so without
 * this a burst of large bodies, or more pushes than the server can answer, piles up in memory and
 * every one of them waits: past either bound a push gets 429 at once, before its body is read.
 * A push declaring its length (Content-Length) reserves it on entry; one that does not is counted
 * as it arrives. One push alone is always admitted, whatever its size (the body limit bounds it).
 */
export class IngestAdmission {
  private requests = 0;
  private bytes = 0;

  constructor(
    readonly maxRequests: number,
    readonly maxBytes: number,
    private readonly onChange: (requests: number, bytes: number) => void = () => undefined,
  ) {}

  get inFlight(): { requests: number; bytes: number } {
    return { requests: this.requests, bytes: this.bytes };
  }

  /** Admits one push carrying `declared` bytes (NaN when it does not say), or throws a 429. */
  enter(declared: number): TIngestTicket {
    if (this.requests >= this.maxRequests) {
      throw new RateLimitedError(`${this.requests} pushes are already being received (the limit is ${this.maxRequests}); retry shortly`, 1);
    }
    const reserved = Number.isFinite(declared) && declared > 0 ? declared : 0;
    this.refuseOver(0, reserved);
    this.requests++;
    this.bytes += reserved;
    this.onChange(this.requests, this.bytes);
    let held = reserved;
    let read = 0;
    let open = true;
    return {
      hold: (n) => {
        if (!open) return;
        read += n;
        if (read <= held) return;
        const more = read - held;
        this.refuseOver(held, more);
        held += more;
        this.bytes += more;
        this.onChange(this.requests, this.bytes);
      },
      release: () => {
        if (!open) return;
        open = false;
        this.requests--;
        this.bytes -= held;
        this.onChange(this.requests, this.bytes);
      },
    };
  }

  /** Refuses `more` bytes for a push holding `own` when the others hold anything and the sum is over. */
  private refuseOver(own: number, more: number): void {
    const others = this.bytes - own;
    if (others > 0 && this.bytes + more > this.maxBytes) {
      throw new RateLimitedError(`Pushes being received hold ${others} bytes (the limit is ${this.maxBytes}); retry shortly`, 1);
    }
  }
}
