import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dedupeServerChunks } from "../../scripts/lib/dedupe-server-chunks.mjs";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function build(files: Record<string, string>): string {
  const dist = mkdtempSync(path.join(tmpdir(), "sw-dedupe-"));
  dirs.push(dist);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
    writeFileSync(path.join(dist, rel), text);
  }
  return dist;
}

const shared = 'module.exports=[1,(e,t)=>{t.exports="shared"}];';
const route = (chunks: string[]) => `var R=require("../chunks/[turbopack]_runtime.js")("x")\n${chunks.map((c) => `R.c("server/chunks/${c}")`).join("\n")}\n`;

describe("dedupeServerChunks", () => {
  it("points references to identical chunks (but for the source-map comment) at one file, and leaves the rest alone", () => {
    const dist = build({
      "server/chunks/[root]__b._.js": `${shared}\n\n//# sourceMappingURL=%5Broot%5D__b._.js.map`,
      "server/chunks/[root]__a._.js": `${shared}\n\n//# sourceMappingURL=%5Broot%5D__a._.js.map`,
      "server/chunks/ssr/[root]__c._.js": `${shared}\n\n//# sourceMappingURL=%5Broot%5D__c._.js.map`,
      "server/chunks/other._.js": 'module.exports=[2,(e,t)=>{t.exports="other"}];\n\n//# sourceMappingURL=other._.js.map',
      "server/app/one/route.js": route(["[root]__a._.js", "other._.js"]),
      "server/app/two/route.js": route(["[root]__b._.js", "other._.js"]),
      "server/app/three/page.js": route(["ssr/[root]__c._.js"]),
    });
    const r = dedupeServerChunks(dist);
    expect(r).toMatchObject({ duplicateGroups: 1, duplicateFiles: 2, references: 2 });
    const read = (rel: string) => readFileSync(path.join(dist, rel), "utf8");
    expect(read("server/app/one/route.js")).toBe(route(["[root]__a._.js", "other._.js"]));
    expect(read("server/app/two/route.js")).toBe(route(["[root]__a._.js", "other._.js"]));
    expect(read("server/app/three/page.js")).toBe(route(["[root]__a._.js"]));
    // The copies stay on disk; running again changes nothing.
    expect(read("server/chunks/[root]__b._.js")).toContain(shared);
    expect(dedupeServerChunks(dist)).toMatchObject({ duplicateFiles: 2, references: 0 });
  });

  it("keeps chunks whose code differs, however slightly", () => {
    const dist = build({
      "server/chunks/a.js": 'module.exports=[1,(e,t)=>{t.exports="a"}];\n//# sourceMappingURL=a.js.map',
      "server/chunks/b.js": 'module.exports=[1,(e,t)=>{t.exports="b"}];\n//# sourceMappingURL=b.js.map',
      "server/app/r/route.js": route(["a.js", "b.js"]),
    });
    expect(dedupeServerChunks(dist)).toMatchObject({ duplicateGroups: 0, references: 0 });
    expect(readFileSync(path.join(dist, "server/app/r/route.js"), "utf8")).toBe(route(["a.js", "b.js"]));
  });
});
