import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../free-port";
import { ADMIN, signInViaApi, snapshot } from "../helpers";
import { expect, test, type APIRequestContext } from "@playwright/test";

// Debian's Alertmanager receives an alert on its API and notifies Shardwatch through a webhook
// receiver (payload v4); the alert then shows among Shardwatch's own, and resolves with it.
const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const auth = { authorization: `Bearer ${TOKEN}` };
const NAME = "PgReplicaLagE2E";

type TAlert = { id: string; rule: string; state: string; summary: string; source: string; external?: { labels: Record<string, string> } };

test.describe("Alertmanager webhook", () => {
  test.skip(!existsSync(ALERTMANAGER) && !process.env.CI, "needs Debian's prometheus-alertmanager (npm test installs it; CI never skips)");

  let am: ChildProcess | undefined;
  let amPort = 0;
  let dir = "";
  const startsAt = new Date(Date.now() - 60_000).toISOString();

  test.beforeAll(() => {
    amPort = Number(freePort());
    dir = mkdtempSync(path.join(tmpdir(), "sw-e2e-alertmanager-"));
    writeFileSync(
      path.join(dir, "alertmanager.yml"),
      `
route:
  receiver: shardwatch
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: shardwatch
    webhook_configs:
      - url: http://127.0.0.1:${process.env.E2E_PORT}/api/v1/integrations/alertmanager
        send_resolved: true
        http_config: { authorization: { credentials: "${TOKEN}" } }
`,
    );
    am = spawn(
      ALERTMANAGER,
      [
        `--config.file=${path.join(dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        "--cluster.listen-address=", // no gossip: a single instance on loopback
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    am.stderr!.pipe(createWriteStream(path.join(dir, "alertmanager.log")));
  });

  test.afterAll(async () => {
    if (am && am.exitCode === null) {
      am.kill("SIGTERM");
      await new Promise((resolve) => am!.once("exit", resolve));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Posts the alert to Alertmanager's own API (as Prometheus would), retrying while it starts. */
  async function raise(request: APIRequestContext, endsAt?: string) {
    const alert = {
      labels: { alertname: NAME, cluster: "am-e2e", instance: "pg-7:9187", severity: "critical" },
      annotations: { summary: "Replica pg-7 is 94 s behind its primary" },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      generatorURL: "http://prometheus.invalid/graph?g0.expr=pg_replication_lag_seconds",
    };
    await expect
      .poll(async () => (await request.post(`http://127.0.0.1:${amPort}/api/v2/alerts`, { data: [alert] }).catch(() => null))?.status() ?? 0, {
        timeout: 20_000,
        message: `alertmanager did not accept the alert; its log:\n${readLog(dir)}`,
      })
      .toBe(200);
  }

  async function ours(request: APIRequestContext): Promise<TAlert | undefined> {
    const res = await request.get("/api/v1/alerts?source=alertmanager&cluster=am-e2e", { headers: auth });
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as { alerts: TAlert[] }).alerts.find((a) => a.rule === NAME);
  }

  test("[ALERTS] an Alertmanager alert shows beside Shardwatch's own and resolves with it", async ({ page, request }) => {
    test.setTimeout(90_000);
    await raise(request);
    await expect.poll(async () => (await ours(request))?.state, { timeout: 30_000, message: readLog(dir) }).toBe("firing");
    const alert = (await ours(request))!;
    expect(alert.external?.labels).toMatchObject({ instance: "pg-7:9187" });

    await signInViaApi(page.request, ADMIN);
    await page.goto("/alerts?cluster=am-e2e");
    const row = page.getByRole("row").filter({ hasText: NAME });
    await expect(row).toContainText("Alertmanager");
    await expect(row).toContainText("Firing");
    await row.getByRole("link", { name: NAME }).click();
    await expect(page.getByRole("heading", { name: "Received from Alertmanager" })).toBeVisible();
    await expect(page.getByText("pg-7:9187")).toBeVisible();
    await snapshot(page, "alert-detail-alertmanager");

    // Prometheus ends an alert by sending it with endsAt in the past; Alertmanager then notifies "resolved".
    await raise(request, new Date(Date.now() - 1000).toISOString());
    await expect.poll(async () => (await ours(request))?.state, { timeout: 30_000, message: readLog(dir) }).toBe("resolved");
  });
});

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, "alertmanager.log"), "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "(no log)";
  }
}
