import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../free-port";
import { expect, test } from "@playwright/test";

// Debian's Prometheus scrapes a fixture exporter every second and forwards with remote_write;
// the series must then be listed by Shardwatch. Everything listens on 127.0.0.1 only.
const PROMETHEUS = "/usr/bin/prometheus";
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const auth = { authorization: `Bearer ${TOKEN}` };
const HITS_PER_SECOND = 250;

type TSeries = { metric: string; labels: Record<string, string>; last: { ts: number; value: number } | null };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

test.describe("Prometheus remote_write", () => {
  test.skip(!existsSync(PROMETHEUS) && !process.env.CI, "needs Debian's prometheus (npm test installs it; CI never skips)");

  let exporter: Server;
  let exporterPort = 0;
  let prometheus: ChildProcess | undefined;
  let dir = "";
  const started = Date.now();

  test.beforeAll(async () => {
    // The redis counter grows with wall time, so its rate does not depend on scrape jitter.
    exporter = createServer((_req, res) => {
      const hits = 1000 + ((Date.now() - started) / 1000) * HITS_PER_SECOND;
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(
        [
          "# TYPE shardwatch_shard_qps gauge",
          'shardwatch_shard_qps{cluster="prom-e2e",shard="s-07",node="db-3"} 1200',
          'shardwatch_shard_p99_ms{cluster="prom-e2e",shard="s-07",node="db-3"} 14.5',
          "# TYPE redis_keyspace_hits_total counter",
          `redis_keyspace_hits_total ${hits.toFixed(3)}`,
          "# TYPE go_goroutines gauge",
          "go_goroutines 12",
          "",
        ].join("\n"),
      );
    });
    exporterPort = await listen(exporter);
    const promPort = Number(freePort());
    dir = mkdtempSync(path.join(tmpdir(), "sw-e2e-prometheus-"));
    const config = `
global:
  scrape_interval: 1s
  external_labels: { cluster: prom-e2e }
scrape_configs:
  - job_name: fixture
    static_configs: [{ targets: ["127.0.0.1:${exporterPort}"] }]
remote_write:
  - url: http://127.0.0.1:${process.env.E2E_PORT}/api/v1/write
    authorization: { credentials: "${TOKEN}" }
    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }
`;
    writeFileSync(path.join(dir, "prometheus.yml"), config);
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    prometheus.stderr!.pipe(createWriteStream(path.join(dir, "prometheus.log")));
  });

  test.afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      prometheus.kill("SIGTERM");
      await new Promise((resolve) => prometheus!.once("exit", resolve));
    }
    await new Promise((resolve) => exporter?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("[TELEMETRY] series forwarded by Prometheus appear in Shardwatch, counters as per-second rates", async ({ request }) => {
    test.setTimeout(90_000);
    let series: TSeries[] = [];
    const find = (metric: string) => series.find((s) => s.metric === metric);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      expect(prometheus?.exitCode ?? null, `prometheus exited; its log:\n${readLog(dir)}`).toBeNull();
      const res = await request.get("/api/v1/series?cluster=prom-e2e", { headers: auth });
      expect(res.status(), await res.text()).toBe(200);
      series = ((await res.json()) as { series: TSeries[] }).series;
      if (find("shard.qps") && find("shard.p99Ms") && find("cache.hitsPerSec")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(find("shard.qps"), `series so far: ${JSON.stringify(series)}; prometheus log:\n${readLog(dir)}`).toMatchObject({
      labels: { cluster: "prom-e2e", shard: "s-07", node: "db-3" },
      last: { value: 1200 },
    });
    expect(find("shard.p99Ms")).toMatchObject({ labels: { cluster: "prom-e2e", shard: "s-07", node: "db-3" }, last: { value: 14.5 } });
    const hits = find("cache.hitsPerSec");
    expect(hits).toMatchObject({ labels: { cluster: "prom-e2e", node: `127.0.0.1:${exporterPort}` } });
    expect(hits!.last!.value).toBeGreaterThan(HITS_PER_SECOND * 0.8);
    expect(hits!.last!.value).toBeLessThan(HITS_PER_SECOND * 1.2);
    expect(Math.abs(hits!.last!.ts - Date.now())).toBeLessThan(30_000);
  });

  test("[TELEMETRY] remote_write refuses what it cannot read, with the error shape of the API", async ({ request }) => {
    const anonymous = await request.post("/api/v1/write", { data: Buffer.from([1, 2, 3]) });
    expect(anonymous.status()).toBe(401);
    const garbage = await request.post("/api/v1/write", { data: Buffer.from("not snappy at all"), headers: { ...auth, "content-encoding": "snappy" } });
    expect(garbage.status()).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: "bad_request", message: expect.stringMatching(/not valid snappy/) as unknown } });
    const v2 = await request.post("/api/v1/write", {
      data: Buffer.from([0]),
      headers: { ...auth, "content-encoding": "snappy", "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request" },
    });
    expect(v2.status()).toBe(415);
  });
});

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, "prometheus.log"), "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "(no log)";
  }
}
