export { createScrapeTarget } from "./create-scrape-target";
export { updateScrapeTarget } from "./update-scrape-target";
export { deleteScrapeTarget } from "./delete-scrape-target";
export { listScrapeTargets } from "./list-scrape-targets";
export { startScrapeScheduler } from "./scheduler";
export type { TScrapeScheduler, TScrapeSchedulerOptions } from "./scheduler";
export { getScrapeConfig, parseScrapeEnv, ZScrapeEnv, type TScrapeConfig } from "./config";
export type { TScrapeGuard } from "./internal";
export * from "./schemas";
