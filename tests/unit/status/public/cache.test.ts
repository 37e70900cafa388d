import { describe, expect, it } from "vitest";
import { PublicCache } from "@/lib/status/public/cache";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("PublicCache", () => {
  it("shares one load between concurrent misses", async () => {
    const cache = new PublicCache({ ttlMs: 30_000 });
    const d = deferred<number>();
    let calls = 0;
    const load = () => (calls++, d.promise);
    const all = Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    d.resolve(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(calls).toBe(1);
    expect(await cache.get("k", load)).toBe(7);
    expect(calls).toBe(1);
  });

  it("reloads after invalidate, and does not keep a load that began before it", async () => {
    const cache = new PublicCache({ ttlMs: 30_000 });
    const early = deferred<string>();
    const first = cache.get("k", () => early.promise);
    cache.invalidate();
    const second = cache.get("k", async () => "fresh");
    early.resolve("stale");
    expect(await first).toBe("stale");
    expect(await second).toBe("fresh");
    expect(await cache.get("k", async () => "never")).toBe("fresh");
  });

  it("serves the old value past the TTL while one refresh runs, then the new one", async () => {
    let now = 0;
    const cache = new PublicCache({ ttlMs: 1000, clock: () => now });
    await cache.get("k", async () => 1);
    now = 1500;
    const refresh = deferred<number>();
    expect(await cache.get("k", () => refresh.promise)).toBe(1);
    expect(await cache.get("k", async () => 99)).toBe(1); // the same refresh is still running
    refresh.resolve(2);
    await refresh.promise;
    await Promise.resolve();
    expect(await cache.get("k", async () => 99)).toBe(2);
  });

  it("does not cache a failed load", async () => {
    const cache = new PublicCache({ ttlMs: 30_000 });
    await expect(cache.get("k", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache.get("k", async () => 3)).toBe(3);
  });
});
