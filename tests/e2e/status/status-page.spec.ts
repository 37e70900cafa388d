import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { snapshot } from "../helpers";

// An anonymous visitor: no session cookie.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("[STATUS] the public page renders for an anonymous visitor without JavaScript", async ({ page }) => {
    const res = await page.goto("/status");
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/status"); // not sent to sign-in
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Shardwatch status");
    await expect(page.getByRole("heading", { name: "All Systems Operational" })).toBeVisible();
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", /\/status\/feed\.atom$/);
    await expect(page.getByRole("link", { name: "Atom feed" }).first()).toHaveAttribute("href", "/status/feed.atom");
    await expect(page.getByRole("link", { name: "summary.json" }).first()).toHaveAttribute("href", "/api/v1/status/summary.json");
    const form = page.locator('form[action="/api/v1/status/subscribers"]');
    await expect(form).toHaveAttribute("method", "post");
    await expect(form.getByLabel("Webhook URL")).toHaveAttribute("type", "url");
    await expect(page.getByText("No incidents reported.").first()).toBeVisible();
    await snapshot(page, "status-page-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot(page, "status-page-390");
  });
});

// axe runs as a script in the page, so this one has JavaScript on; the HTML is the same.
test("[STATUS] the public page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/status");
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("[STATUS] summary.json has Statuspage's shape, CORS and an ETag", async ({ request }) => {
  const res = await request.get("/api/v1/status/summary.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["access-control-allow-origin"]).toBe("*");
  expect(res.headers()["cache-control"]).toMatch(/^public, max-age=\d+$/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["components", "incidents", "page", "scheduled_maintenances", "status"]);
  expect(body.page).toMatchObject({ name: "Shardwatch status", time_zone: "Etc/UTC" });
  expect((body.page as { url: string }).url).toMatch(/\/status$/);
  expect(body.status).toEqual({ indicator: "none", description: "All Systems Operational" });
  expect(body.incidents).toEqual([]);
  expect(body.scheduled_maintenances).toEqual([]);
  expect(Array.isArray(body.components)).toBe(true);

  const again = await request.get("/api/v1/status/summary.json", { headers: { "if-none-match": res.headers().etag! } });
  expect(again.status()).toBe(304);
});

test("[STATUS] the Atom feed is well-formed XML a browser can parse", async ({ page, request }) => {
  const res = await request.get("/status/feed.atom");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  const xml = await res.text();
  await page.goto("/status");
  // Chromium's own XML parser: a parse error yields a <parsererror> document instead of <feed>.
  const parsed = await page.evaluate(async (text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const ns = "http://www.w3.org/2005/Atom";
    return {
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      errors: doc.getElementsByTagName("parsererror").length,
      title: doc.getElementsByTagNameNS(ns, "title")[0]?.textContent,
      self: [...doc.getElementsByTagNameNS(ns, "link")].find((l) => l.getAttribute("rel") === "self")?.getAttribute("href"),
      id: doc.getElementsByTagNameNS(ns, "id")[0]?.textContent,
      updated: doc.getElementsByTagNameNS(ns, "updated")[0]?.textContent,
    };
  }, xml);
  expect(parsed).toMatchObject({ root: "feed", ns: "http://www.w3.org/2005/Atom", errors: 0, title: "Shardwatch status" });
  expect(parsed.self).toMatch(/\/status\/feed\.atom$/);
  expect(parsed.id).toMatch(/^tag:/);
  expect(Number.isNaN(Date.parse(parsed.updated ?? ""))).toBe(false);
});
