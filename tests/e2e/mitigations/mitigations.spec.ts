import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, snapshot } from "../helpers";

// Extra write traffic on orders/s-20 (a shard the demo and the other specs leave alone; 8,000 req/s, so it
// stands out even after other specs made other shards of orders hot) makes it
// hot; the hot-shard alert fires, Shardwatch proposes a split first, and an operator approves it.
// A split copies about 20 GB at 400 MB/s here: roughly a minute, then 5 s until verification.

type TAlert = { id: string; rule: string; state: string; labels: Record<string, string>; activeAt: number };
type TMitigation = { id: string; alertId: string | null; action: string; target: string; rank: number; state: string; createdAt: number };
const SHARD = "s-20";
const bearer = { authorization: `Bearer ${process.env.E2E_BOOTSTRAP_TOKEN}` };

async function triggerHotRange(request: APIRequestContext): Promise<number> {
  const startedAt = Date.now();
  const res = await request.post("/api/v1/simulator/events", {
    data: { type: "hot-range", cluster: "orders", shard: SHARD, qps: 8000, readFraction: 0, duration: "15m" },
    headers: bearer,
  });
  expect(res.status(), await res.text()).toBe(201);
  return startedAt;
}

async function waitForAlert(request: APIRequestContext, since: number): Promise<TAlert> {
  let found: TAlert | undefined;
  await expect
    .poll(
      async () => {
        const { alerts } = (await (await request.get("/api/v1/alerts?state=firing&cluster=orders", { headers: bearer })).json()) as { alerts: TAlert[] };
        found = alerts.find((a) => a.rule === "hot-shard" && a.labels.shard === SHARD && a.activeAt >= since - 5_000);
        return !!found;
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBe(true);
  return found!;
}

async function waitForProposals(request: APIRequestContext, alertId: string): Promise<TMitigation[]> {
  let found: TMitigation[] = [];
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/mitigations?alertId=${alertId}`, { headers: bearer });
        found = ((await res.json()) as { mitigations: TMitigation[] }).mitigations.sort((a, b) => a.rank - b.rank);
        return found.length;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBeGreaterThan(0);
  return found;
}

/** The first test's split when it ran in this worker; else any split of s-20, or a fresh proposal. */
let approvedSplitId: string | null = null;
async function splitOfS20(request: APIRequestContext): Promise<TMitigation> {
  const res = await request.get("/api/v1/mitigations?cluster=orders&limit=500", { headers: bearer });
  const splits = ((await res.json()) as { mitigations: TMitigation[] }).mitigations.filter((m) => m.action === "split" && m.target === SHARD);
  const existing = splits.find((m) => m.id === approvedSplitId) ?? splits[0];
  if (existing) return existing;
  const alert = await waitForAlert(request, await triggerHotRange(request));
  const proposals = await waitForProposals(request, alert.id);
  return proposals.find((m) => m.action === "split") ?? proposals[0]!;
}

async function expectNoSeriousA11yViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

async function expectNoPageScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

/** Desktop and phone screenshots, with no sideways page scroll on the phone. */
async function snapshotBoth(page: Page, name: string) {
  await snapshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScroll(page);
  await snapshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectNoPageScroll(page);
}

const percentOf = async (page: Page) => Number((await page.getByTestId("progress-percent").textContent())?.replace("%", "") ?? "NaN");

test("[MITIGATION] an operator approves the proposed split from the alert and watches it run to a verified outcome", async ({ browser, page }) => {
  test.setTimeout(240_000);
  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const operator = await createPerson(admin.request, "operator");
  await admin.close();
  await signInViaApi(page.request, operator);

  const alert = await waitForAlert(page.request, await triggerHotRange(page.request));
  const proposals = await waitForProposals(page.request, alert.id);
  expect(proposals[0]).toMatchObject({ action: "split", target: SHARD, rank: 1, state: "proposed" });

  // The alert lists its proposals, the split first, each linking to its page.
  await page.goto(`/alerts/${alert.id}`);
  const section = page.getByTestId("alert-mitigations");
  await expect(section.getByRole("heading", { name: "Proposed mitigations" })).toBeVisible();
  const items = section.getByTestId("mitigation-item");
  await expect(items).toHaveCount(proposals.length);
  await expect(items.first()).toHaveAttribute("data-action", "split");
  await expect(items.first()).toContainText("Proposed");
  await expectNoSeriousA11yViolations(page);
  await section.scrollIntoViewIfNeeded();
  await snapshotBoth(page, "alert-detail-mitigations");
  approvedSplitId = proposals[0]!.id;
  await items.first().getByRole("link", { name: `Split ${SHARD}` }).click();
  await expect(page).toHaveURL(new RegExp(`/mitigations/${proposals[0]!.id}$`));

  // What the operator decides on: rationale, diagnosis, what cannot help, the plan and the signal.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Split ${SHARD}`);
  await expect(page.getByTestId("detail-state")).toContainText("Proposed");
  await expect(page.getByTestId("rationale")).toContainText(SHARD);
  await expect(page.getByText(`A hot key range on ${SHARD}.`)).toBeVisible();
  await expect(page.getByTestId("cannot-help")).toContainText("Key salting");
  await expect(page.getByTestId("plan-steps").getByRole("listitem")).toHaveCount(5);
  await expect(page.getByTestId("signal")).toContainText("fair share");
  await expect(page.getByRole("link", { name: /The alert it came from/ })).toHaveAttribute("href", `/alerts/${alert.id}`);
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "mitigation-proposed");

  // A rejection needs a reason; the proposal stays as it was.
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("the comment is required for a rejection")).toBeVisible();
  await expect(page.getByTestId("detail-state")).toContainText("Proposed");

  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  await page.getByLabel(/Comment/).fill("e2e: s-20 is a hot range, split it");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(page.getByTestId("approvals")).toContainText("e2e: s-20 is a hot range, split it");

  // Progress moves without a reload: executing, the bar advancing, then verifying and done.
  await expect(page.getByTestId("detail-state")).toContainText("Executing", { timeout: 30_000 });
  await expect(page.getByTestId("phase")).toHaveText(/Copying data|Catching up writes|Verifying the copy|Cutting over/, { timeout: 15_000 });
  await expect(page.getByTestId("eta")).toBeVisible();
  const first = await percentOf(page);
  await expect.poll(() => percentOf(page), { timeout: 60_000, intervals: [2_000] }).toBeGreaterThan(first);
  await snapshot(page, "mitigation-executing");
  await expect(page.getByTestId("detail-state")).toContainText(/Verifying|Done/, { timeout: 150_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Done", { timeout: 60_000 });
  const result = page.getByTestId("verification");
  await expect(result).toContainText("Improved");
  await expect(result.getByRole("row")).toHaveCount(2); // header + the shard's load
  await expect(result.getByRole("row").nth(1)).toContainText(/Met|Partly/);
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

  // Rolling back asks first; cancelling leaves it done.
  await page.getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByRole("button", { name: "Yes, roll back" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Yes, roll back" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "mitigation-done");

  // The list: it is in History with its outcome.
  await page.goto("/mitigations?tab=history");
  await expect(page.getByRole("link", { name: "History" })).toHaveAttribute("aria-current", "page");
  const done = page.getByTestId("mitigation-item").filter({ has: page.getByRole("link", { name: `Split ${SHARD}` }) });
  await expect(done.first()).toContainText("Improved");
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "mitigations-history");
  await page.getByRole("link", { name: "Proposed" }).click();
  await expect(page).toHaveURL(/\/mitigations$/);
  await expect(page.getByRole("heading", { name: "Proposed", level: 2 })).toBeVisible();
  await snapshotBoth(page, "mitigations-proposed");
});

test("[MITIGATION] a viewer sees the mitigation but cannot approve it", async ({ browser, page }) => {
  test.setTimeout(150_000);
  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const viewer = await createPerson(admin.request, "viewer");
  await admin.close();
  await signInViaApi(page.request, viewer);

  const split = await splitOfS20(page.request);
  await page.goto(`/mitigations/${split.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Split ${SHARD}`);
  await expect(page.getByTestId("viewer-note")).toContainText("Operators approve");
  if (approvedSplitId) await expect(page.getByTestId("detail-state")).toContainText("Done"); // the split the operator approved
  await expect(page.getByRole("heading", { name: "Dry-run plan" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reject" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Roll back" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "mitigation-viewer");

  const res = await page.request.post(`/api/v1/mitigations/${split.id}:approve`, { data: { comment: "viewer tries" }, headers: { origin: origin() } });
  expect(res.status(), await res.text()).toBe(403);
});
