import { expect, test } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { ADMIN, origin, signInViaApi, snapshot } from "../helpers";

test("[PLATFORM] health reports the process, database and migrations", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["x-request-id"]).toBeTruthy();
  expect(await res.json()).toMatchObject({
    status: "ok",
    checks: { database: { status: "ok", kind: "pglite" }, migrations: { status: "current", pending: [], unknown: [] } },
  });
});

test("[PLATFORM] /metrics exposes Node and HTTP figures in Prometheus format", async ({ request }) => {
  await request.get("/api/health");
  const res = await request.get("/metrics");
  expect(res.headers()["content-type"]).toContain("text/plain");
  const text = await res.text();
  expect(text).toContain("process_cpu_user_seconds_total");
  expect(text).toMatch(/shardwatch_http_request_duration_seconds_count\{[^}]*route="\/api\/health"[^}]*status="200"\}/);
});

test("[PLATFORM] errors have one shape and name the problem", async ({ request }) => {
  const anonymous = await request.get("/api/v1/tokens");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized" } });

  const badToken = await request.get("/api/v1/me", { headers: { authorization: "Bearer sw_nope" } });
  expect(badToken.status()).toBe(401);

  await signInViaApi(request, ADMIN);
  const csrf = await request.post("/api/v1/tokens", { data: { name: "x", scopes: ["read"] }, headers: { origin: "https://evil.example" } });
  expect(csrf.status()).toBe(403);
  expect(await csrf.json()).toMatchObject({ error: { code: "csrf_rejected" } });

  const badJson = await request.post("/api/v1/tokens", { data: Buffer.from("{not json"), headers: { origin: origin(), "content-type": "application/json" } });
  expect(badJson.status()).toBe(400);
  expect(((await badJson.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);

  const invalid = await request.post("/api/v1/tokens", { data: { name: "", scopes: ["root"] }, headers: { origin: origin() } });
  expect(invalid.status()).toBe(422);
  const body = (await invalid.json()) as { error: { issues: { path: string }[] } };
  expect(body.error.issues.map((i) => i.path).sort()).toEqual(["name", "scopes[0]"]);
});

test("[PLATFORM] built pages have no serious accessibility violations, in both themes", async ({ page }) => {
  test.slow(); // eleven page loads, each scanned by axe: over the default timeout on a loaded 2-core machine
  for (const url of ["/sign-in"]) {
    await page.goto(url);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  }
  await signInViaApi(page.request, ADMIN);
  for (const theme of ["light", "dark"]) {
    await page.context().addCookies([{ name: "shardwatch-theme", value: theme, url: origin() }]);
    for (const url of ["/", "/settings", "/settings/tokens", "/settings/users", "/settings/audit"]) {
      await page.goto(url);
      await expect(page.locator("main h1").first()).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${url} (${theme}): ${v.id} ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
    }
  }
  await snapshot(page, "overview-dark");
  await page.context().addCookies([{ name: "shardwatch-theme", value: "light", url: origin() }]);
  await page.goto("/");
  await snapshot(page, "overview-light");
  await page.setViewportSize({ width: 390, height: 844 });
  await snapshot(page, "overview-phone");
});
