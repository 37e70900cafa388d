import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, signInViaApi, snapshot } from "../helpers";

// The e2e server runs the demo scenario live (orders: 32 shards, one replica each; users: a 4-node
// cache). A lag blip keeps orders' s-07-r1 90 s behind, a cold restart empties users-cache-3, and a
// celebrity key makes user:7 hot; the pages must show each without a reload.

const bearer = { authorization: `Bearer ${process.env.E2E_BOOTSTRAP_TOKEN}` };
const LAGGING = "s-07-r1";
const COLD_NODE = "users-cache-3";
const HOT_KEY = "user:7";

async function trigger(request: APIRequestContext, event: Record<string, unknown>) {
  const res = await request.post("/api/v1/simulator/events", { data: event, headers: bearer });
  expect(res.status(), await res.text()).toBe(201);
}

async function expectNoSeriousA11yViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

async function expectNoPageScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function snapshotBothWidths(page: Page, name: string) {
  await snapshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScroll(page);
  await snapshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("[REPLICATION] a lagging replica appears live, labelled, against the labelled SLO line", async ({ page }) => {
  test.setTimeout(120_000);
  await signInViaApi(page.request, ADMIN);
  await page.goto("/replication?cluster=orders&range=15m");
  await expect(page.getByRole("heading", { name: "Replication", level: 1 })).toBeVisible();
  await expect(page.getByTestId("replica-row").first()).toBeVisible({ timeout: 15_000 });

  await trigger(page.request, { type: "lag-blip", cluster: "orders", replica: LAGGING, seconds: 90, duration: "5m" });
  const row = page.getByTestId("replica-row").filter({ hasText: LAGGING });
  // No reload: the page polls every 5 s.
  await expect(row).toBeVisible({ timeout: 45_000 });
  await expect(row).toHaveAttribute("data-state", "lagging");
  await expect(row.locator(".badge", { hasText: "Lagging" })).toBeVisible();
  await expect(row).toContainText(/9\d s/);

  await expect(page.getByTestId("slo-line")).toContainText("replica-lag-slo");
  await expect(page.getByTestId("slo-line")).toContainText("30 s");
  const chart = page.getByTestId("lag-chart");
  // A horizontal line has no height, so Playwright never calls it visible: check it is drawn level instead.
  const slo = chart.locator(".recharts-reference-line-line");
  await expect(slo).toHaveCount(1);
  const [y1, y2] = await Promise.all([slo.getAttribute("y1"), slo.getAttribute("y2")]);
  expect(Number(y1)).toBeGreaterThan(0);
  expect(y2).toBe(y1);
  await expect(chart.getByText("SLO replica-lag-slo · 30 s")).toBeVisible();
  await expect(chart.locator(".recharts-legend-wrapper")).toContainText(LAGGING);

  // The state filter narrows the table to lagging replicas, in the address.
  await page.getByLabel("State", { exact: true }).selectOption("lagging");
  await expect(page).toHaveURL(/state=lagging/);
  await expect(row).toBeVisible();
  await expect(page.locator('[data-testid="replica-row"]:not([data-state="lagging"])')).toHaveCount(0);

  await expectNoSeriousA11yViolations(page);
  await snapshotBothWidths(page, "replication");

  await page.goto("/replication?cluster=no-such-cluster");
  await expect(page.getByTestId("replication-empty")).toContainText("No replicas report in no-such-cluster.");
  await expect(page.getByTestId("replication-empty")).toContainText("clusters with replicas: orders, users");
});

test("[CACHE] a cold restart drops a node under its baseline and a hot key shows its share", async ({ page }) => {
  test.setTimeout(150_000);
  await signInViaApi(page.request, ADMIN);
  await page.goto(`/cache?cluster=users&node=${COLD_NODE}&range=15m`);
  await expect(page.getByRole("heading", { name: "Cache", level: 1 })).toBeVisible();
  await expect(page.getByTestId("cache-node-row").first()).toBeVisible({ timeout: 15_000 });

  await trigger(page.request, { type: "cache-restart", cluster: "users", node: COLD_NODE, duration: "5m" });
  await trigger(page.request, { type: "celebrity-key", cluster: "users", key: HOT_KEY, multiplier: 60, readFraction: 0.995, duration: "10m" });

  const node = page.getByTestId("cache-node-row").filter({ has: page.getByRole("button", { name: COLD_NODE }) });
  await expect(node.getByRole("button", { name: COLD_NODE })).toHaveAttribute("aria-pressed", "true");
  // The drop against the baseline, then the rule's label once it fires.
  await expect(node).toContainText(/−\d+\.\d points/, { timeout: 45_000 });
  await expect(node.getByText("Hit drop")).toBeVisible({ timeout: 60_000 });
  const hitChart = page.getByTestId("hit-ratio-chart");
  await expect(hitChart.locator(".recharts-line")).toHaveCount(3);
  await expect(hitChart.locator(".recharts-legend-wrapper")).toContainText("baseline (20 min)");

  const hot = page.getByTestId("hot-key-row").filter({ hasText: HOT_KEY });
  await expect(hot).toBeVisible({ timeout: 30_000 });
  await expect(hot).toContainText(/\d+\.\d%/);
  await expect(hot.getByText(/Hot key · (pending|firing)/)).toBeVisible({ timeout: 45_000 });

  await expectNoSeriousA11yViolations(page);
  await snapshotBothWidths(page, "cache");

  // Focusing another node is a click, kept in the address.
  await page.getByRole("button", { name: "users-cache-1" }).click();
  await expect(page).toHaveURL(/node=users-cache-1/);
  await expect(page.getByRole("heading", { name: /users-cache-1 over time/ })).toBeVisible();
});
