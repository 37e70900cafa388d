import { expect, test } from "@playwright/test";
import { ADMIN, createPerson, signInViaApi, signInViaForm, snapshot } from "../helpers";

test("[AUTH] a viewer cannot reach admin pages or admin APIs", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext.request, ADMIN);
  const viewer = await createPerson(adminContext.request, "viewer");
  await adminContext.close();

  await signInViaForm(page, viewer);
  await expect(page.getByTestId("role")).toHaveText("viewer");
  await expect(page.getByRole("navigation", { name: "Settings" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  for (const path of ["/settings/tokens", "/settings/users", "/settings/audit"]) {
    await page.goto(path);
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await expect(page.getByTestId("token-row")).toHaveCount(0);
    await expect(page.getByTestId("audit-row")).toHaveCount(0);
  }
  await snapshot(page, "viewer-forbidden");
  const api = await page.request.get("/api/v1/tokens");
  expect(api.status()).toBe(403);
  expect((await api.json()) as unknown).toMatchObject({ error: { code: "forbidden" } });
});
