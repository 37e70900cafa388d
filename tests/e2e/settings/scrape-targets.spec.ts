import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, signInViaForm, snapshot } from "../helpers";

// Needs the server started with SHARDWATCH_SCRAPE_ALLOW_LOOPBACK=true (and private addresses refused):
// the fixture exporter below listens on 127.0.0.1.
let exporter: Server;
let exporterUrl: string;

test.beforeAll(async () => {
  exporter = createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end("not found");
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end('# TYPE shardwatch_shard_qps gauge\nshardwatch_shard_qps{shard="s-1",node="db-1"} 1200\n');
  });
  await new Promise<void>((done) => exporter.listen(0, "127.0.0.1", done));
  exporterUrl = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
});
test.afterAll(() => new Promise<void>((done) => exporter.close(() => done())));

test("[SETTINGS] an admin adds a scrape target, bad URLs are explained, and it shows OK after a scrape", async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings/scrape-targets");
  const name = `orders exporter ${Date.now()}`;
  const add = page.getByRole("button", { name: "Add target" });

  await page.getByLabel("Name").fill(name);
  await page.getByLabel("URL", { exact: true }).fill("ftp://x");
  await add.click();
  await expect(page.getByText("only http:// and https:// URLs are allowed (got ftp://)")).toBeVisible();
  await expect(page.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("URL", { exact: true }).fill("http://10.0.0.5:9100/metrics");
  await add.click();
  await expect(page.getByText("10.0.0.5 is a private address")).toBeVisible();

  await page.getByLabel("URL", { exact: true }).fill(exporterUrl);
  await page.getByLabel("Interval (seconds)").fill("5");
  await page.getByLabel("Timeout (seconds)").fill("5");
  await add.click();
  await expect(page.getByText("must be shorter than the interval (5 s)")).toBeVisible();
  await page.getByLabel("Timeout (seconds)").fill("2");
  await page.getByLabel("Default cluster (optional)").fill("orders");
  await add.click();

  const row = page.getByTestId("scrape-target-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.locator(".badge")).toHaveText(/OK$/, { timeout: 30_000 });
  await expect(row.getByTestId("scrape-target-error")).toHaveText("none");
  await snapshot(page, "settings-scrape-targets");

  await row.getByRole("button", { name: `Disable ${name}` }).click();
  await expect(row.locator(".badge")).toHaveText(/Disabled$/);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(row).toHaveCount(0);
});

test("[SETTINGS] a viewer sees scrape targets but cannot change them", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  await signInViaApi(adminContext.request, ADMIN);
  const viewer = await createPerson(adminContext.request, "viewer");
  const name = `visible target ${Date.now()}`;
  const created = await adminContext.request.post("/api/v1/scrape-targets", { data: { name, url: exporterUrl, intervalSeconds: 60 }, headers: { origin: origin() } });
  expect(created.status(), await created.text()).toBe(201);
  const { scrapeTarget } = (await created.json()) as { scrapeTarget: { id: string } };

  await signInViaForm(page, viewer);
  await page.goto("/settings/scrape-targets");
  await expect(page.getByTestId("scrape-target-row").filter({ hasText: name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add target" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Delete ${name}` })).toHaveCount(0);
  const post = await page.request.post("/api/v1/scrape-targets", { data: { name: "nope", url: exporterUrl }, headers: { origin: origin() } });
  expect(post.status()).toBe(403);
  expect((await post.json()) as unknown).toMatchObject({ error: { code: "forbidden" } });
  const del = await page.request.delete(`/api/v1/scrape-targets/${scrapeTarget.id}`, { headers: { origin: origin() } });
  expect(del.status()).toBe(403);

  expect((await adminContext.request.delete(`/api/v1/scrape-targets/${scrapeTarget.id}`, { headers: { origin: origin() } })).status()).toBe(204);
  await adminContext.close();
});
