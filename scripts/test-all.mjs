// npm test: everything CI runs, from a fresh clone: dependencies, Debian's Chromium and Prometheus, lint, types,
// unit + integration tests (PGlite and PostgreSQL), a production build and Playwright end-to-end tests.
import path from "node:path";
import { ensurePrometheus } from "./lib/prometheus.mjs";
import { BIN, ensureBuild, ensureDebianPackage, ensureDependencies, ensurePrismaClient, must, run } from "./lib/steps.mjs";

const started = Date.now();
ensureDependencies();
ensurePrismaClient();
ensureDebianPackage("chromium", "/usr/bin/chromium");
ensurePrometheus(); // the remote_write and Alertmanager end-to-end tests run the real ones
must("eslint", run(path.join(BIN, "eslint"), [".", "--max-warnings=0"]));
must("tsc", run(path.join(BIN, "tsc"), ["--noEmit", "-p", "."]));
must("vitest", run(path.join(BIN, "vitest"), ["run"]));
ensureBuild();
must("playwright", run(path.join(BIN, "playwright"), ["test"]));
console.log(`\n✓ all checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
