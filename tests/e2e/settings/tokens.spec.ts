import { expect, test } from "@playwright/test";
import { ADMIN, signInViaApi, snapshot } from "../helpers";

test("[SETTINGS] an admin creates a token, it works, then revokes it and it stops working", async ({ page, playwright }) => {
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings/tokens");
  await snapshot(page, "settings-tokens-empty");

  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("give the token a name")).toBeVisible();

  const name = `exporter ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/^read/).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("token-secret").locator("code").textContent())!;
  expect(secret).toMatch(/^sw_/);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("ingest, read");
  await snapshot(page, "settings-tokens-created");

  const bearer = await playwright.request.newContext({ baseURL: page.url(), extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const me = await bearer.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { actor: { type: string } }).actor.type).toBe("token");

  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");
  const after = await bearer.get("/api/v1/me");
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/unknown or revoked/);
  await bearer.dispose();

  await page.goto("/settings/audit");
  await expect(page.getByTestId("audit-row").filter({ hasText: "token.revoke" }).first()).toBeVisible();
  await snapshot(page, "settings-audit");
});

test("[SETTINGS] an admin adds a person and sees them listed", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings/users");
  const email = `op-${Date.now()}@e2e.test`;
  await page.getByLabel("Name").fill("On Call");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("use at least 12 characters")).toBeVisible();
  await page.getByLabel("Initial password").fill("operator-password-1");
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toBeVisible();
  await snapshot(page, "settings-users");
});
