import { expect, test } from "@playwright/test";
import { ADMIN, signInViaForm, snapshot } from "../helpers";

test("[AUTH] sign in, land where you were going, sign out", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings$/);
  await snapshot(page, "sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("role")).toHaveText("admin");
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name.includes("session_token"))?.httpOnly).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("[AUTH] a wrong password is refused without signing in", async ({ page }) => {
  await signInViaForm(page, { email: ADMIN.email, password: "not-the-password" });
  await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
  await snapshot(page, "sign-in-wrong-password");
});

test("[AUTH] repeated failed sign-ins are rate limited", async ({ page }) => {
  const victim = { email: `nobody-${Date.now()}@e2e.test`, password: "guess-guess-guess" };
  for (let i = 0; i < 5; i++) {
    await signInViaForm(page, victim);
    await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");
  }
  await signInViaForm(page, victim);
  await expect(page.getByTestId("sign-in-error")).toContainText("Too many failed sign-ins");
  const res = await page.request.post("/api/auth/sign-in/email", { data: victim, headers: { origin: new URL(page.url()).origin } });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
});
