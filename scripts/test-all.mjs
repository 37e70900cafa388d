// npm test: everything CI runs, from a fresh clone: dependencies, Debian's Chromium, lint, types,
// unit + integration tests (PGlite and PostgreSQL), a production build and Playwright end-to-end tests.
import { existsSync } from "node:fs";
import path from "node:path";
import { BIN, ensureBuild, ensureDependencies, ensurePrismaClient, must, run } from "./lib/steps.mjs";

const CHROMIUM = "/usr/bin/chromium";

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log("→ installing Debian's chromium (apt-get)");
  const asRoot = process.getuid?.() === 0;
  const apt = (args) => (asRoot ? run("apt-get", args) : run("sudo", ["-n", "apt-get", ...args]));
  must("apt-get update", apt(["update"]));
  must("apt-get install chromium", apt(["install", "-y", "--no-install-recommends", "chromium"]));
}

const started = Date.now();
ensureDependencies();
ensurePrismaClient();
ensureChromium();
must("eslint", run(path.join(BIN, "eslint"), [".", "--max-warnings=0"]));
must("tsc", run(path.join(BIN, "tsc"), ["--noEmit", "-p", "."]));
must("vitest", run(path.join(BIN, "vitest"), ["run"]));
ensureBuild();
must("playwright", run(path.join(BIN, "playwright"), ["test"]));
console.log(`\n✓ all checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
