import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";

const dir = mkdtempSync(path.join(tmpdir(), "sw-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `acks` writes, then kills it with SIGKILL. */
function writeThenKill(acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures/write-loop.ts"), dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let last = 0;
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^ack (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
      }
      if (last >= acks) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(last) : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

describe("PGlite durability", () => {
  it("keeps every acknowledged write across kill -9 of the process", { timeout: 120_000 }, async () => {
    const acked = await writeThenKill(150);
    expect(acked).toBeGreaterThanOrEqual(150);
    const db = await openDatabase({ dataDir: dir }); // also takes over the dead process's lock
    try {
      for (let n = 1; n <= acked; n++) {
        const expected = n % 2 ? 1 : 200;
        const where = n % 2 ? { action: `durability.${n}` } : { action: { startsWith: `durability.${n}.` } };
        const count = await db.prisma.auditLog.count({ where });
        if (count < expected) throw new Error(`write ${n} was acknowledged but ${count}/${expected} rows survived`);
      }
    } finally {
      await db.close();
    }
  });
});
