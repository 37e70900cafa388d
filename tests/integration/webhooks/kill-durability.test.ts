import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { migrate, loadMigrations, openDatabase, type TDatabase } from "@/lib/db";
import { createWebhook, publishEvent } from "@/lib/webhooks";
import { emptyDatabase } from "../helpers/databases";
import { startReceiver } from "./receiver";

const EVENTS = 300;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the deliverer child; kills it with SIGKILL once `killAfter()` holds, else waits for "done". */
function runChild(target: string, killAfter?: () => boolean): Promise<"killed" | "done"> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures/deliver-loop.ts"), target], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const timer = killAfter
      ? setInterval(() => {
          if (killAfter()) {
            clearInterval(timer);
            child.kill("SIGKILL");
          }
        }, 5)
      : undefined;
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0 && out.includes("done")) resolve("done");
      else reject(new Error(`deliverer exited with ${code ?? signal}: ${out}`));
    });
  });
}

async function seed(db: TDatabase, url: string): Promise<string[]> {
  await migrate(db.sql, loadMigrations());
  await createWebhook({ ctx: { db: db.prisma, actor: SYSTEM_ACTOR }, input: { name: "r", url, eventTypes: ["alert.firing"] }, guard: { policy: { allowPrivate: false, allowLoopback: true } } });
  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++) ids.push((await publishEvent(db.prisma, { type: "alert.firing", payload: { id: `a${i}` } })).id);
  return ids;
}

describe.each(["pglite", "postgres"] as const)("webhook outbox across kill -9 (%s)", (kind) => {
  it("delivers every event after the deliverer is killed mid-way and restarted", { timeout: 180_000 }, async () => {
    // Every event fails once first, so some are mid-retry when the process dies.
    const receiver = await startReceiver({ failFirst: 1, delayMs: 5 });
    let target: string;
    let db: TDatabase & { drop?: () => Promise<void> };
    if (kind === "pglite") {
      target = mkdtempSync(path.join(tmpdir(), "sw-webhook-kill-"));
      dirs.push(target);
      db = await openDatabase({ dataDir: target });
    } else {
      db = await emptyDatabase("postgres");
      target = (db as { url?: string }).url!;
    }
    try {
      const ids = await seed(db, receiver.url);
      if (kind === "pglite") await db.close(); // one process at a time holds a PGlite folder
      expect(await runChild(target, () => receiver.acked.size >= EVENTS / 3)).toBe("killed");
      const ackedAtKill = receiver.acked.size;
      expect(ackedAtKill).toBeLessThan(EVENTS);
      expect(await runChild(target)).toBe("done");
      expect(ids.filter((id) => !receiver.acked.has(id))).toEqual([]);
      const check = kind === "pglite" ? await openDatabase({ dataDir: target }) : db;
      expect(await check.prisma.webhookDelivery.count({ where: { state: "delivered" } })).toBe(EVENTS);
      if (kind === "pglite") await check.close();
    } finally {
      await receiver.close();
      if (kind === "postgres") await db.drop?.();
    }
  });
});
