import { spawn } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, snapshot } from "../helpers";

// The e2e server runs on the embedded database, so the simulator starts with the demo scenario.

test("[SIM] the demo runs on first start; an operator triggers an incident and bad targets are named", async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings/simulator");
  await expect(page.getByRole("heading", { name: /Simulator/ }).first()).toContainText("Running");
  await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue("demo");
  // 32 shards at start; the mitigation spec (run before this one) may have split one of them.
  await expect(page.getByText(/orders: 3[23] shards, 3[23] replicas, 8 nodes/)).toBeVisible();

  await page.getByLabel("Event", { exact: true }).selectOption("spike");
  await page.getByLabel("Shard", { exact: true }).fill("s-99");
  await page.getByRole("button", { name: "Start event" }).click();
  await expect(page.getByText('cluster orders has no shard "s-99"').first()).toBeVisible();

  await page.getByLabel("Event", { exact: true }).selectOption("node-failure");
  await page.getByLabel("Node", { exact: true }).fill("orders-db-2");
  await page.getByRole("button", { name: "Start event" }).click();
  await expect(page.getByRole("status")).toContainText("Started: node orders-db-2 fails");
  await expect(page.locator("section", { hasText: "Happening now" }).getByText("node orders-db-2 fails")).toBeVisible();

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  await snapshot(page, "settings-simulator");
});

test("[SIM] a viewer sees the simulator but cannot change it", async ({ browser, page }) => {
  await signInViaApi(page.request, ADMIN);
  const viewer = await createPerson(page.request, "viewer");
  const ctx = await browser.newContext();
  const vp = await ctx.newPage();
  await signInViaApi(vp.request, viewer);
  await vp.goto("/settings/simulator");
  await expect(vp.getByText("Operators can start, stop and switch scenarios.")).toBeVisible();
  await expect(vp.getByRole("button", { name: "Stop" })).toHaveCount(0);
  await expect(vp.getByRole("button", { name: "Start event" })).toHaveCount(0);
  const res = await vp.request.put("/api/v1/simulator", { data: { running: false }, headers: { origin: origin() } });
  expect(res.status()).toBe(403);
  await ctx.close();
});

test("[SIM] npm run sim pushes a scenario to this server from its own process", async ({ page }) => {
  test.setTimeout(90_000);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/sim.ts", "--scenario", "celebrity-key-reads", "--target", origin(), "--token", process.env.E2E_BOOTSTRAP_TOKEN!, "--steps", "1", "--interval", "1", "--backfill", "1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  expect(code, out).toBe(0);
  expect(out).toMatch(/step 1: \d+ samples sent/);
  await signInViaApi(page.request, ADMIN);
  await expect
    .poll(async () => (await (await page.request.get("/api/v1/topology?kind=shard&cluster=catalog")).json()) as { total: number }, { timeout: 20_000 })
    .toMatchObject({ total: 32 });
});
