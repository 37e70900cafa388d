// JavaScript, not TypeScript: Next compiles a next.config.ts with SWC every time the server starts,
// which loads SWC's native library (24 MB of the server's RSS) into a process that never uses it again.

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native-ish and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "@prisma/client", "pg", "prom-client"],
  // Lets tests and parallel work build into their own folder (default .next).
  distDir: process.env.SHARDWATCH_NEXT_DIST_DIR || ".next",
  // `npm test` runs tsc over the whole project before building; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // /status is the only ISR page (revalidate = 15 s): past 30 s a cached copy is never served, the
  // request waits for a fresh render. Bounds what a change made outside a request (a timer, another
  // instance) can lag behind. Also sent to CDNs as stale-while-revalidate = 30 - 15.
  expireTime: 30,
  // Keep ISR pages in memory only: a restarted server (or the next test run, on another database)
  // must not serve the last process's /status from .next.
  experimental: { isrFlushToDisk: false },
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
