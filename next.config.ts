import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native-ish and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "pg",
    "prom-client",
  ],
  // Lets tests and parallel work build into their own folder (default .next).
  distDir: process.env.SHARDWATCH_NEXT_DIST_DIR || ".next",
  // `npm test` runs tsc over the whole project before building; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
