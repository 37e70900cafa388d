import { expect, test, type Page } from "@playwright/test";
import { ADMIN, origin, signInViaApi } from "../helpers";

// The theme cookie is applied by a blocking script in <head>, so the page is never painted in the other
// theme first: record <html data-theme> at the moment the parser creates <body>, before any paint.

async function themeAtFirstPaint(page: Page, url: string): Promise<string | undefined> {
  await page.goto(url);
  return page.evaluate(() => (window as unknown as { __themeAtBody?: string }).__themeAtBody);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as unknown as { __themeAtBody?: string }).__themeAtBody = document.documentElement.dataset.theme;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
});

test("[PLATFORM] the theme cookie applies before the first paint, on console pages and the cached status page", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  for (const theme of ["dark", "light", "system"]) {
    await page.context().addCookies([{ name: "shardwatch-theme", value: theme, url: origin() }]);
    expect(await themeAtFirstPaint(page, "/"), `/ in ${theme}`).toBe(theme);
    await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue(theme);
    expect(await themeAtFirstPaint(page, "/status"), `/status in ${theme}`).toBe(theme);
  }
  // One cached HTML for every visitor: the theme is not baked into it.
  const html = await (await page.request.get("/status")).text();
  expect(html).toContain('data-theme="system"');
});

test("[PLATFORM] choosing a theme in the console keeps it on the next page load", async ({ page }) => {
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await themeAtFirstPaint(page, "/alerts")).toBe("dark");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("light");
  expect(await themeAtFirstPaint(page, "/settings")).toBe("light");
});
