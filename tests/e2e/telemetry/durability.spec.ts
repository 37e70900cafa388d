import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../free-port";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { remoteWriteBody } from "../../remote-write-body";

// kill -9 the server while batches are being acknowledged; after a restart every acknowledged sample
// must be in the rollups, and none counted twice. Runs its own server on a throwaway data folder.
const TOKEN = "durability-token-0123456789abcdef";
const SHARDS = 200;

type TPath = { name: string; path: string; ok: number; send: (url: string, ts: number) => Promise<Response> };
const PATHS: TPath[] = [
  {
    name: "POST /api/v1/telemetry",
    path: "/api/v1/telemetry",
    ok: 202,
    send: (url, ts) =>
      fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          samples: Array.from({ length: SHARDS }, (_, i) => ({ type: "shard", cluster: "kill", shard: `s-${i}`, node: "n", ts, qps: 1 })),
        }),
      }),
  },
  {
    name: "remote_write",
    path: "/api/v1/write",
    ok: 204,
    send: (url, ts) => {
      const body = remoteWriteBody(
        Array.from({ length: SHARDS }, (_, i) => ({
          labels: { __name__: "shardwatch_shard_qps", cluster: "kill", shard: `s-${i}`, node: "n" },
          samples: [[ts, 1]],
        })),
      );
      return fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-protobuf", "content-encoding": "snappy" },
        body: new Uint8Array(body),
      });
    },
  },
];

async function start(dir: string, port: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/serve.mjs"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
      SHARDWATCH_DATA_DIR: dir,
      SHARDWATCH_BOOTSTRAP_TOKEN: TOKEN,
      SHARDWATCH_ROLLUP_FLUSH_SECONDS: "1",
      HOST: "127.0.0.1",
      PORT: port,
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

for (const via of PATHS) {
  test(`[TELEMETRY] every sample acknowledged by ${via.name} survives kill -9 under load`, async () => {
    test.setTimeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), "sw-kill-"));
    const port = freePort();
    const url = `http://127.0.0.1:${port}${via.path}`;
    try {
      const server = await start(dir, port);
      const base = Math.floor(Date.now() / 1000) * 1000 - 120_000;
      const acked = new Set<number>();
      let next = 0;
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const batch = next++;
          try {
            const res = await via.send(url, base + batch * 100);
            if (res.status === via.ok) acked.add(batch);
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 4 }, worker);
      while (acked.size < 150) await new Promise((r) => setTimeout(r, 20));
      server.kill("SIGKILL");
      stop = true;
      await Promise.all(workers);
      const restarted = await start(dir, port);
      await new Promise((r) => setTimeout(r, 3_000)); // two flushes
      restarted.kill("SIGTERM");
      await new Promise((r) => restarted.once("exit", r));

      const db = await PGlite.create(path.join(dir, "pglite"));
      const rows = await db.query<{ shard: string; n: number }>(
        `SELECT s.labels->>'shard' AS shard, sum(r.count)::int AS n FROM rollup_10s r JOIN series s ON s.id = r.series_id
       WHERE s.cluster = 'kill' AND s.metric = 'shard.qps' GROUP BY 1`,
      );
      await db.close();
      expect(rows.rows).toHaveLength(SHARDS);
      for (const r of rows.rows) {
        expect(r.n, `shard ${r.shard}`).toBeGreaterThanOrEqual(acked.size); // nothing acknowledged is lost
        expect(r.n, `shard ${r.shard}`).toBeLessThanOrEqual(next); // nothing counted twice
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
