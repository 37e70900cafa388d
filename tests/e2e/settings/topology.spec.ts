import { expect, test } from "@playwright/test";
import { ADMIN, createPerson, signInViaApi, signInViaForm, snapshot } from "../helpers";

// Telemetry registers the topology; people give things display names and descriptions.
test("[SETTINGS] pushed telemetry registers a cluster whose shards an operator can rename", async ({ page, browser, request }) => {
  const now = Date.now();
  const samples = [
    ...Array.from({ length: 12 }, (_, i) => ({ type: "shard", cluster: "topo-e2e", shard: `s-${String(i).padStart(2, "0")}`, node: `db-${i % 3}`, ts: now, qps: 100 + i })),
    { type: "replica", cluster: "topo-e2e", shard: "s-07", replica: "s-07-r1", node: "db-4", ts: now, lagSeconds: 0.3 },
    { type: "cache", cluster: "topo-e2e", node: "c-1", ts: now, hitsPerSec: 900 },
  ];
  const push = await request.post("/api/v1/telemetry", { data: { samples }, headers: { authorization: `Bearer ${process.env.E2E_BOOTSTRAP_TOKEN}` } });
  expect(push.status(), await push.text()).toBe(202);

  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const operator = await createPerson(admin.request, "operator");
  await admin.close();
  await signInViaForm(page, operator);
  await expect(page.getByTestId("role")).toHaveText("operator");
  await page.goto("/settings/topology");
  await expect(page.getByRole("cell", { name: "topo-e2e", exact: true })).toBeVisible({ timeout: 25_000 }); // registered at the next flush, listed at the next refresh
  await page.getByLabel("Cluster", { exact: true }).selectOption("topo-e2e");
  await page.getByLabel("Filter by id").fill("s-07");
  const row = page.getByTestId("topology-row").filter({ hasText: "s-07" });
  await expect(row).toContainText("node db-1", { timeout: 15_000 });
  await row.getByRole("button", { name: "Rename shard s-07" }).click();
  await row.getByLabel("Display name of shard s-07").fill("Orders EU hot shard");
  await row.getByLabel("Description of shard s-07").fill("Holds the celebrity accounts");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("Orders EU hot shard");
  await page.getByLabel("Filter by id").fill("");
  await snapshot(page, "settings-topology");
  await page.goto("/");
  const cluster = page.getByTestId("cluster-row").filter({ hasText: "topo-e2e" });
  await expect(cluster).toContainText("12"); // shards
  await expect(page.getByText("No telemetry yet.")).toBeHidden();
  await snapshot(page, "overview-with-clusters");
});
