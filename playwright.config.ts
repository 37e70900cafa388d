import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withServerEnvDefaults } from "./scripts/lib/server-env.mjs";
import { freePort } from "./tests/e2e/free-port";
import { defineConfig } from "@playwright/test";

// One production server (scripts/serve.mjs, as `npm start` runs it) on a free loopback port with a
// throwaway data folder.
process.env.E2E_PORT ??= freePort();
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "shardwatch-e2e-"));
process.env.E2E_ADMIN_EMAIL ??= "admin@e2e.test";
process.env.E2E_ADMIN_PASSWORD ??= "e2e-admin-password";
process.env.E2E_BOOTSTRAP_TOKEN ??= "e2e-bootstrap-token-0123456789abcdef";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  testDir: "tests/e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/artifacts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    baseURL,
    launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 800 },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node scripts/serve.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      // The server runs with what `npm start` gives it (the malloc settings).
      ...withServerEnvDefaults({
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX,
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_,
        MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_,
      }),
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: process.env.E2E_PORT,
      DATABASE_URL: "",
      SHARDWATCH_DATA_DIR: process.env.E2E_DATA_DIR,
      SHARDWATCH_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      SHARDWATCH_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      SHARDWATCH_SIGNIN_MAX_ATTEMPTS: "5",
      SHARDWATCH_BOOTSTRAP_TOKEN: process.env.E2E_BOOTSTRAP_TOKEN,
      SHARDWATCH_SCRAPE_ALLOW_LOOPBACK: "true",
      // The webhook spec's receiver listens on 127.0.0.1 (private addresses stay refused).
      SHARDWATCH_WEBHOOK_ALLOW_LOOPBACK: "true",
      SHARDWATCH_NEXT_DIST_DIR: process.env.SHARDWATCH_NEXT_DIST_DIR ?? "",
      // Measure a mitigation's effect 5 s after cutover (not 30 s), so the e2e sees it done in time.
      SHARDWATCH_MITIGATION_VERIFY_SECONDS: "5",
      // Draft a notice after 5 s of SLO breach (not 2 min), so the publish flow runs in seconds.
      SHARDWATCH_NOTICE_DRAFT_AFTER_SECONDS: "5",
    },
  },
});
