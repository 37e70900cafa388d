// Shared by `npm start` and `npm test`: make a fresh clone runnable with nothing but Node and npm.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dedupeServerChunks } from "./dedupe-server-chunks.mjs";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const BIN = path.join(ROOT, "node_modules", ".bin");

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...opts.env } });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

export function must(label, status) {
  if (status !== 0) {
    console.error(`\n✗ ${label} failed (exit ${status})`);
    process.exit(status || 1);
  }
}

function hashFiles(paths) {
  const h = createHash("sha256");
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== "generated" && name !== "node_modules") walk(path.join(p, name));
    } else {
      h.update(path.relative(ROOT, p));
      h.update(readFileSync(p));
    }
  };
  for (const p of paths) walk(path.join(ROOT, p));
  return h.digest("hex");
}

function stamped(file, hash) {
  return existsSync(file) && readFileSync(file, "utf8") === hash;
}

/**
 * Installs from package-lock.json when node_modules is missing or older than it. `npm install`, not
 * `npm ci`: mirrors that carry only this platform's optional packages (air-gapped registries) leave
 * other platforms' entries out of the lock, which `npm ci` refuses; `npm install` keeps the lock as is.
 */
export function ensureDependencies() {
  const stamp = path.join(ROOT, "node_modules", ".shardwatch-lock-hash");
  const hash = hashFiles(["package-lock.json"]);
  if (stamped(stamp, hash)) return;
  console.log("→ installing npm dependencies (npm install from package-lock.json)");
  must("npm install", run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"]));
  writeFileSync(stamp, hash);
}

/** prisma generate without the native schema engine (it cannot be downloaded offline). */
export function ensurePrismaClient(force = false) {
  const stamp = path.join(ROOT, "lib", "generated", ".schema-hash");
  const hash = hashFiles(["prisma/schema.prisma", "package-lock.json"]);
  if (!force && stamped(stamp, hash)) return;
  must(
    "prisma generate",
    run(path.join(BIN, "prisma"), ["generate"], {
      env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    }),
  );
  writeFileSync(stamp, hash);
}

const SOURCES = ["app", "components", "lib", "prisma", "public", "instrumentation.ts", "proxy.ts", "next.config.mjs", "tsconfig.json", "package-lock.json"];

/** next build when there is no build or the sources changed since the last one. */
export function ensureBuild() {
  const stamp = path.join(ROOT, ".next", "shardwatch-source-hash");
  const hash = hashFiles(SOURCES);
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID")) && stamped(stamp, hash)) return;
  console.log("→ building Shardwatch (next build)");
  must("next build", run(path.join(BIN, "next"), ["build"]));
  dedupeServerChunks(path.join(ROOT, ".next"));
  writeFileSync(stamp, hash);
}

/** Installs a Debian package with apt-get when `binary` is missing (as root, or with sudo -n). */
export function ensureDebianPackage(pkg, binary) {
  if (existsSync(binary)) return;
  console.log(`→ installing Debian's ${pkg} (apt-get)`);
  const asRoot = process.getuid?.() === 0;
  const apt = (args) => (asRoot ? run("apt-get", args) : run("sudo", ["-n", "apt-get", ...args]));
  must("apt-get update", apt(["update"]));
  must(`apt-get install ${pkg}`, apt(["install", "-y", "--no-install-recommends", pkg]));
}
