import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPgliteDir, openDatabase } from "@/lib/db/open";

// A new PGlite folder is created (initdb) by a child process, whose memory goes back to the system
// when it exits; when that cannot run, this process creates it as before.

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-pglite-create-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("creating a PGlite database", () => {
  it("runs initdb in a child process, and the folder then opens here", async () => {
    const dir = path.join(newDir(), "pglite");
    await createPgliteDir(dir);
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    const db = await openDatabase({ dataDir: path.dirname(dir) });
    expect(await db.sql.query<{ x: number }>("SELECT 1 AS x")).toEqual([{ x: 1 }]);
    await db.close();
  });

  it("opens with shared_buffers of 32MB, or what is asked for (PGlite's own 128MB costs ~100 MB RSS)", async () => {
    const dataDir = newDir();
    const db = await openDatabase({ dataDir });
    expect(await db.sql.query("SHOW shared_buffers")).toEqual([{ shared_buffers: "32MB" }]);
    await db.close();
    const again = await openDatabase({ dataDir, pgliteSharedBuffers: "16MB" });
    expect(await again.sql.query("SHOW shared_buffers")).toEqual([{ shared_buffers: "16MB" }]);
    await again.close();
  });

  it("when the child cannot find PGlite, says why and creates the folder in this process", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const cwd = process.cwd();
    const dataDir = newDir();
    process.chdir(tmpdir());
    try {
      const db = await openDatabase({ dataDir });
      expect(await db.sql.query<{ x: number }>("SELECT 1 AS x")).toEqual([{ x: 1 }]);
      await db.close();
    } finally {
      process.chdir(cwd);
    }
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/child process failed \(Error \[ERR_MODULE_NOT_FOUND\].*pglite/));
    expect(existsSync(path.join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
  });
});
