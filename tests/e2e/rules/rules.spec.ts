import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, snapshot } from "../helpers";

// The default rules are seeded at start; tests that change hot-shard read its version first.
async function seriousViolations(page: Page, url: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${url}: ${v.id} ${v.nodes[0]?.target.join(" ")}`);
}

async function signInAs(page: Page, role: "viewer" | "operator") {
  await signInViaApi(page.request, ADMIN);
  const person = await createPerson(page.request, role);
  await page.context().clearCookies();
  await signInViaApi(page.request, person);
  return person;
}

async function openHotShard(page: Page) {
  await page.goto("/rules");
  await page.getByTestId("rule-row").filter({ hasText: "hot-shard" }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Definition" })).toBeVisible();
  return Number(/version (\d+)/.exec((await page.getByTestId("rule-version-current").textContent()) ?? "")?.[1]);
}

test("[RULES] the list shows the default rules with their kind, severity and state, without accessibility problems", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  await page.goto("/rules");
  const rows = page.getByTestId("rule-row");
  for (const name of ["hot-shard", "cluster-skew", "replica-lag-slo", "hot-key", "shard-qps-anomaly"])
    await expect(rows.filter({ hasText: name }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "replica-lag-slo" }).first()).toContainText("replica-lag");
  await expect(rows.first().locator(".badge").first()).toBeVisible();
  expect(await seriousViolations(page, "/rules")).toEqual([]);
  await snapshot(page, "rules");
});

test("[RULES] an operator edits hot-shard: a contradictory clear threshold is named at its field, preview, save, history", async ({ page }) => {
  test.setTimeout(60_000);
  const operator = await signInAs(page, "operator");
  const version = await openHotShard(page);

  await page.getByLabel(/^Fire share of fair/).fill("4");
  await page.getByLabel(/^Clear share of fair/).fill("5");
  await page.getByRole("button", { name: `Save as version ${version + 1}` }).click();
  await expect(page.locator("#param-clearShareOfFair-err")).toContainText("must be at most fireShareOfFair (4)");
  await expect(page.getByLabel(/^Clear share of fair/)).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel(/^Clear share of fair/).fill("2.5");
  await page.getByLabel("Over the last (hours)").selectOption("1");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("preview-result")).toContainText(/Over the last 1 h this rule would have fired (no times|once|\d+ times)/);
  await expect(page.getByLabel(/^Clear share of fair/)).toHaveAttribute("aria-invalid", "false");

  await page.getByRole("button", { name: `Save as version ${version + 1}` }).click();
  await expect(page.getByText(`Saved as version ${version + 1}.`)).toBeVisible();
  await expect(page.getByTestId("rule-version-current")).toHaveText(`version ${version + 1}`);
  const newest = page.getByTestId("rule-version").first();
  await expect(newest).toContainText(`v${version + 1}`);
  await expect(newest).toContainText(operator.email);
  await page.reload();
  await expect(page.getByLabel(/^Fire share of fair/)).toHaveValue("4");
  await snapshot(page, "rule-hot-shard");
});

test("[RULES] saving over someone else's save says to reload", async ({ page }) => {
  await signInAs(page, "operator");
  const version = await openHotShard(page);
  const id = page.url().split("/").pop()!;
  const current = (await (await page.request.get(`/api/v1/rules/${id}`)).json()) as { rule: Record<string, unknown> };
  const other = await page.request.put(`/api/v1/rules/${id}`, { data: { ...current.rule, version }, headers: { origin: origin() } });
  expect(other.status()).toBe(200);
  await page.getByLabel("Description").fill("changed in the browser");
  await page.getByRole("button", { name: `Save as version ${version + 1}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: `Someone saved this rule after you opened version ${version}` })).toBeVisible();
});

test("[RULES] a viewer reads a rule but cannot save it", async ({ page }) => {
  await signInAs(page, "viewer");
  await openHotShard(page);
  await expect(page.getByText("You can read this rule; operators and admins change it.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  await expect(page.getByLabel(/^Fire share of fair/)).toBeDisabled();
  const id = page.url().split("/").pop()!;
  const { rule } = (await (await page.request.get(`/api/v1/rules/${id}`)).json()) as { rule: Record<string, unknown> };
  const put = await page.request.put(`/api/v1/rules/${id}`, { data: { ...rule, title: "Viewer was here" }, headers: { origin: origin() } });
  expect(put.status()).toBe(403);
  expect(await seriousViolations(page, "/rules/[id]")).toEqual([]);
  await page.goto("/rules/new");
  await expect(page.getByTestId("forbidden")).toBeVisible();
});

test("[RULES] at phone width the pages do not scroll sideways", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });
  await openHotShard(page);
  const url = page.url();
  for (const path of ["/rules", url, "/rules/new"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, path).toBeLessThanOrEqual(client);
  }
  await snapshot(page, "rules-phone");
});
