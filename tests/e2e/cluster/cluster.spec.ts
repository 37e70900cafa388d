import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signInViaApi, snapshot } from "../helpers";

// The e2e server runs the demo scenario live. Extra traffic on orders/s-21 (a shard the demo and the
// alerts spec leave alone) makes it hot: it must climb to #1 of the top-N and the heatmap without a
// reload, and its detail page must show the hot-shard threshold line and the alert's span.

const HOT = "s-21";
const bearer = { authorization: `Bearer ${process.env.E2E_BOOTSTRAP_TOKEN}` };

async function expectNoSeriousA11yViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

async function expectNoPageScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("[CLUSTER] a hot range climbs to the top live, and its shard page shows the threshold and the alert", async ({ page }) => {
  test.setTimeout(150_000);
  await signInViaApi(page.request, ADMIN);

  await page.goto("/");
  await page.getByRole("link", { name: "orders", exact: true }).click();
  await expect(page).toHaveURL(/\/clusters\/orders$/);
  await expect(page.getByRole("heading", { name: "orders", level: 1 })).toBeVisible();
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await expect(page.getByTestId("top-shard-row").first()).toBeVisible();
  await expect(page.getByTestId("top-shard-row").first()).not.toHaveAttribute("data-shard", HOT);
  // Marks the document: if the page reloaded, the mark would be gone.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const res = await page.request.post("/api/v1/simulator/events", {
    data: { type: "hot-range", cluster: "orders", shard: HOT, qps: 12000, duration: "10m" },
    headers: bearer,
  });
  expect(res.status(), await res.text()).toBe(201);

  await expect(page.getByTestId("top-shard-row").first()).toHaveAttribute("data-shard", HOT, { timeout: 30_000 });
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-hottest", HOT, { timeout: 15_000 });
  await expect(page.getByTestId("heatmap-caption")).toContainText(`Hottest now: ${HOT}`);
  // The hot-shard rule fires some 10-15 s later; the row says so with a word and an icon.
  await expect(page.getByTestId("top-shard-row").first()).toContainText("Hot · hot-shard", { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  const render = await page.evaluate(() => performance.getEntriesByName("heatmap-render").map((e) => e.duration));
  expect(render.length).toBeGreaterThan(0);
  console.log(`heatmap-render (32 shards): ${Math.max(...render).toFixed(1)} ms max over ${render.length} draws`);

  // Keyboard: focus the heatmap, move, and the tooltip names a cell with its unit.
  await page.getByTestId("heatmap").focus();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByTestId("heatmap-tooltip")).toContainText("qps");

  await page.getByRole("button", { name: "p99 latency" }).click();
  await expect(page).toHaveURL(/metric=p99Ms/);
  await expect(page.getByTestId("heatmap-caption")).toContainText("ms");
  await page.getByRole("button", { name: "Queries per second" }).click();

  await page.getByTestId("heatmap").blur();
  await expectNoSeriousA11yViolations(page);
  await snapshot(page, "cluster");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScroll(page);
  await snapshot(page, "cluster-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByTestId("top-shard-row").first().getByRole("link", { name: HOT }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/orders/shards/${HOT}$`));
  await expect(page.getByRole("heading", { name: HOT, level: 1 })).toBeVisible();
  await expect(page.getByTestId("key-range")).toHaveText(/^[0-9a-f]+ – [0-9a-f]+$/);
  const qps = page.getByTestId("chart-qps");
  // Recharts draws reference labels in their own layer: the line and its label are found separately
  // (a horizontal line has a zero-height box, so it is "attached", not "visible", to Playwright).
  await expect(qps.locator(".recharts-reference-line-line").first()).toBeAttached({ timeout: 15_000 });
  await expect(qps.locator("svg text").filter({ hasText: /^hot-shard$/ })).toBeVisible();
  await expect(qps.locator(".recharts-reference-area-rect").first()).toBeAttached({ timeout: 15_000 });
  await expect(qps.getByTestId("alert-spans")).toContainText("hot-shard");
  await expect(page.getByTestId("episodes")).toContainText("hot-shard");
  await expect(page.getByTestId("replicas")).toContainText(`${HOT}-`);
  await expectNoSeriousA11yViolations(page);
  await snapshot(page, "shard-detail");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScroll(page);
  await snapshot(page, "shard-detail-phone");
});

test("[CLUSTER] an unknown cluster or shard gets a designed not-found page", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  const res = await page.goto("/clusters/no-such-cluster");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("cluster-not-found")).toContainText("Nothing watched here");
  await expect(page.getByRole("link", { name: "See every cluster on the overview" })).toBeVisible();
  expect((await page.goto("/clusters/orders/shards/s-999"))?.status()).toBe(404);
  await expect(page.getByTestId("cluster-not-found")).toBeVisible();
});
