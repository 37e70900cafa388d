// Next.js calls register() once when the server process starts: boot Shardwatch before any request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { revalidateStatusPageOnChange } = await import("./app/status/cache");
  revalidateStatusPageOnChange();
  const { bootOrExit } = await import("./lib/startup");
  await bootOrExit();
  // The ingest routes, for the Shardwatch server to answer without Next (scripts/serve.mjs).
  const { installFastRoutes } = await import("./app/api/v1/fast-routes");
  const { getEnv } = await import("./lib/env");
  installFastRoutes(getEnv().baseUrl);
}
