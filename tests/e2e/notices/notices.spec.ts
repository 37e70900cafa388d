import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, snapshot } from "../helpers";

// An admin maps a component, an operator drafts, edits and publishes a notice in the console and moves
// its timeline; a viewer can read but not publish.

async function expectNoSeriousA11yViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

async function snapshotBoth(page: Page, name: string) {
  await snapshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await snapshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("[NOTICES] an operator drafts, edits and publishes a notice, then posts an update; a viewer cannot publish", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const name = `Orders API ${Date.now()}`;
  const created = await admin.request.post("/api/v1/status/components", {
    data: { name, description: "Placing and reading orders", targets: [{ cluster: "orders", shard: "s-e2e-none" }] },
    headers: { origin: origin() },
  });
  expect(created.status(), await created.text()).toBe(201);
  const operator = await createPerson(admin.request, "operator");
  const viewer = await createPerson(admin.request, "viewer");
  await admin.close();

  await signInViaApi(page.request, operator);
  await page.goto("/notices");
  await expect(page.getByRole("heading", { level: 1, name: "Notices" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "notices-list");

  // Create a draft incident from the UI.
  await page.getByRole("link", { name: "New notice" }).click();
  await expect(page).toHaveURL(/\/notices\/new$/);
  const title = `Slow checkout ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("checkbox", { name }).check();
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "notices-new");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]+$/);
  await expect(page.getByTestId("notice-state")).toContainText("Draft");

  // Publishing without a message is refused with the reason; then edit and publish in one step.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("required to publish")).toBeVisible();
  await page.getByLabel(`Level of ${name}`).selectOption("partial_outage");
  await page.getByLabel("By how much").fill("p99 up to 800 ms, target 200 ms");
  await page.getByLabel("First message (public)").fill("Checkout is slower than usual; we are investigating.");
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "notice-draft-editor");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("notice-state")).toContainText("Published");
  await expect(page.getByTestId("timeline").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("p99 up to 800 ms, target 200 ms")).toBeVisible();

  // The component's level follows the published notice.
  const comps = (await (await page.request.get("/api/v1/status/components")).json()) as { components: { name: string; status: string }[] };
  expect(comps.components.find((c) => c.name === name)?.status).toBe("partial_outage");

  // Posting an update moves the timeline.
  await page.getByLabel("Status", { exact: true }).selectOption("identified");
  // Naming a private target warns before it goes out.
  await page.getByLabel("Message (public)").fill("Shard s-e2e-none is slow.");
  await expect(page.getByTestId("leak-warning")).toContainText("s-e2e-none");
  await page.getByLabel("Message (public)").fill("We found the cause: a slow storage volume.");
  await expect(page.getByTestId("leak-warning")).toHaveCount(0);
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByTestId("timeline").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("timeline").getByRole("listitem").first()).toContainText("Identified");
  await expect(page.getByTestId("notice-state")).toContainText("Identified");
  await expectNoSeriousA11yViolations(page);
  await snapshotBoth(page, "notice-published-timeline");
  const noticeUrl = page.url();

  await page.goto("/notices?tab=active");
  await expect(page.getByTestId("notice-item").filter({ hasText: title })).toBeVisible();
  await snapshot(page, "notices-active");

  // A viewer: a draft shows no Publish button, and the API refuses with 403.
  const draft = await page.request.post("/api/v1/notices", { data: { kind: "incident", title: "Viewer test", message: "m" }, headers: { origin: origin() } });
  expect(draft.status()).toBe(201);
  const draftId = ((await draft.json()) as { notice: { id: string } }).notice.id;
  const v = await browser.newContext();
  const vp = await v.newPage();
  await signInViaApi(vp.request, viewer);
  await vp.goto(`/notices/${draftId}`);
  await expect(vp.getByTestId("notice-state")).toContainText("Draft");
  await expect(vp.getByRole("button", { name: "Publish" })).toHaveCount(0);
  const refused = await vp.request.post(`/api/v1/notices/${draftId}:publish`, { data: {}, headers: { origin: origin() } });
  expect(refused.status()).toBe(403);
  await vp.goto(noticeUrl);
  await expect(vp.getByRole("button", { name: "Post update" })).toHaveCount(0);
  await v.close();

  // Settings → Status components, as the admin sees it.
  const a = await browser.newContext();
  const ap = await a.newPage();
  await signInViaApi(ap.request, ADMIN);
  await ap.goto("/settings/status-components");
  await expect(ap.getByTestId("component-item").filter({ hasText: name })).toContainText("Partial outage");
  await ap.getByRole("checkbox", { name: "Show targets on the public page" }).check();
  await expect(ap.getByText("Internal names (clusters, shard ids, hosts) become public")).toBeVisible();
  await expectNoSeriousA11yViolations(ap);
  await snapshotBoth(ap, "settings-status-components");
  await a.close();

  // Resolving ends it: the component is operational again (and later specs see a calm public page).
  const noticeId = noticeUrl.split("/").pop()!;
  const resolved = await page.request.post(`/api/v1/notices/${noticeId}/updates`, {
    data: { status: "resolved", body: "Checkout is back to normal." },
    headers: { origin: origin() },
  });
  expect(resolved.status(), await resolved.text()).toBe(201);
  const after = (await (await page.request.get("/api/v1/status/components")).json()) as { components: { name: string; status: string }[] };
  expect(after.components.find((c) => c.name === name)?.status).toBe("operational");
});
