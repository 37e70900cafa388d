// Environment defaults for the Shardwatch server process, set by whatever starts it (`npm start`,
// `npm run serve`, the benches, the end-to-end tests): glibc reads them when the process starts, so
// the server cannot set them for itself.
//
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena (V8's compiler and
// GC helpers, libuv's pool, the decode worker), and memory freed in one arena is not reused by the
// others. Two arenas cut the server's RSS (npm run bench:memory; figures in the README's sizing
// section) at no cost to ingest on a 2-core machine.
// MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ = 1 MiB: glibc otherwise raises both as large blocks
// are freed (up to 32/64 MB), so after a burst of ingest the freed buffers stay in malloc's heap for
// good. Fixed at 1 MiB, blocks of 1 MiB and more are mapped and given back when freed, and free space
// at the heap's top goes back too: bench:memory at #3's scale held 618 MB at rest with them, 683-758
// MB without; bench:ingest's closed loop was the same (381,168 vs 382,186 samples/s, one run each).
// Request bodies (a 1,000-sample batch is ~150 KB) stay below the threshold. Explicit values win.
export const SERVER_ENV_DEFAULTS = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "1048576", MALLOC_TRIM_THRESHOLD_: "1048576" };

/** `env` with the server defaults filled in where it does not set them. */
export function withServerEnvDefaults(env) {
  const out = { ...env };
  for (const [k, v] of Object.entries(SERVER_ENV_DEFAULTS)) if (out[k] === undefined || out[k] === "") out[k] = v;
  return out;
}
