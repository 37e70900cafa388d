// After `next build`: Turbopack writes the server's shared code once per route, as chunks that are
// byte for byte the same but for their source-map comment (20 copies of a ~1 MB chunk here). The
// runtime keeps one module registry for all routes, so the copies add no behaviour, only memory: each
// loaded copy is a ~1.9 MB source string in the heap (Next.js preloads every route at start), about
// 40 MB in all. This points every reference to a copy at one file of its group, so Node loads it once.
// The copies stay on disk (the build's file traces list them); nothing else in the build changes.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;

function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsFiles(p));
    else if (name.endsWith(".js")) out.push(p);
  }
  return out;
}

/**
 * Rewrites `"server/chunks/<copy>"` references under `<distDir>/server` to the group's first file.
 * Returns what it did: groups of identical chunks, references rewritten and the bytes no longer loaded twice.
 */
export function dedupeServerChunks(distDir) {
  const server = path.join(distDir, "server");
  const chunksDir = path.join(server, "chunks");
  const groups = new Map();
  for (const file of jsFiles(chunksDir)) {
    const body = readFileSync(file, "utf8").replace(MAP_COMMENT, "");
    const key = createHash("sha256").update(body).digest("hex");
    const rel = `server/${path.relative(server, file).split(path.sep).join("/")}`;
    const group = groups.get(key) ?? { files: [], bytes: body.length };
    group.files.push(rel);
    groups.set(key, group);
  }
  const canonical = new Map();
  let duplicateBytes = 0;
  let duplicateGroups = 0;
  for (const { files, bytes } of groups.values()) {
    if (files.length < 2) continue;
    files.sort();
    duplicateGroups++;
    duplicateBytes += bytes * (files.length - 1);
    for (const f of files.slice(1)) canonical.set(`"${f}"`, `"${files[0]}"`);
  }
  let references = 0;
  if (canonical.size) {
    const pattern = /"server\/chunks\/[^"]+\.js"/g;
    for (const file of jsFiles(server)) {
      const text = readFileSync(file, "utf8");
      let changed = 0;
      const next = text.replace(pattern, (ref) => {
        const to = canonical.get(ref);
        if (!to) return ref;
        changed++;
        return to;
      });
      if (changed) {
        writeFileSync(file, next);
        references += changed;
      }
    }
  }
  return { duplicateGroups, duplicateFiles: canonical.size, duplicateBytes, references };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = path.resolve(process.argv[2] ?? process.env.SHARDWATCH_NEXT_DIST_DIR ?? ".next");
  const r = dedupeServerChunks(distDir);
  console.log(
    `server chunks: ${r.duplicateFiles} copies in ${r.duplicateGroups} groups (${(r.duplicateBytes / 2 ** 20).toFixed(1)} MB) no longer loaded; ${r.references} references rewritten`,
  );
}
