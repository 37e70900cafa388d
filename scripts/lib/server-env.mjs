// Environment defaults for the Shardwatch server process, set by whatever starts it (`npm start`,
// `npm run serve`, the benches, the end-to-end tests): glibc reads them when the process starts, so
// the server cannot set them for itself.
//
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena (V8's compiler and
// GC helpers, libuv's pool, the decode worker), and memory freed in one arena is not reused by the
// others. Two arenas cut the server's RSS (npm run bench:memory; figures in the README's sizing
// section) at no cost to ingest on a 2-core machine. An explicit MALLOC_ARENA_MAX wins.
export const SERVER_ENV_DEFAULTS = { MALLOC_ARENA_MAX: "2" };

/** `env` with the server defaults filled in where it does not set them. */
export function withServerEnvDefaults(env) {
  const out = { ...env };
  for (const [k, v] of Object.entries(SERVER_ENV_DEFAULTS)) if (out[k] === undefined || out[k] === "") out[k] = v;
  return out;
}
