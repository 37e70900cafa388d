import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ADMIN, signInViaApi, snapshot } from "../helpers";

// Needs the server started with SHARDWATCH_WEBHOOK_ALLOW_LOOPBACK=true: the receiver listens on 127.0.0.1
// and answers 500 to the first attempt of each webhook-id, then 200.
let receiver: Server;
let receiverUrl: string;
const seen = new Map<string, number>();

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      res.writeHead(n === 1 ? 500 : 200, { "content-type": "text/plain" }).end(n === 1 ? "receiver warming up" : "thanks");
    });
  });
  await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
test.afterAll(() => new Promise<void>((done) => receiver.close(() => done())));

test("[SETTINGS] an admin adds a webhook, sees its secret once, tests it and resends a delivery", async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page.request, ADMIN);
  await page.goto("/settings/webhooks");
  const add = page.getByRole("button", { name: "Add endpoint" });
  await add.click();
  await expect(page.getByText("give the endpoint a name")).toBeVisible();

  const name = `on-call relay ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("URL", { exact: true }).fill("http://10.0.0.5/hook");
  await add.click();
  await expect(page.getByText("10.0.0.5 is a private address")).toBeVisible();
  await page.getByLabel("URL", { exact: true }).fill(receiverUrl);
  await add.click();
  await expect(page.getByTestId("webhook-secret")).toContainText("whsec_");
  await snapshot(page, "settings-webhooks");

  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText(/Test event msg_\w+ queued/)).toBeVisible();
  // The first attempt fails (500), the retry (backoff base 5 s, full jitter) succeeds. The endpoint also
  // takes alert.firing, and the simulator's alerts may be delivered meanwhile: pick the ping's delivery.
  const delivery = page.getByTestId("webhook-delivery").filter({ has: page.getByRole("button", { name: /^Resend ping/ }) });
  await expect(delivery.locator(".badge", { hasText: "Delivered" })).toBeVisible({ timeout: 30_000 });
  await expect(delivery.getByText("HTTP 500")).toBeVisible();
  await expect(delivery.getByText("receiver warming up")).toBeVisible();
  await snapshot(page, "settings-webhook-detail");

  await delivery.getByRole("button", { name: /^Resend ping/ }).click();
  await expect(delivery.getByText(/^3 attempts/)).toBeVisible({ timeout: 15_000 });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await snapshot(page, "settings-webhook-detail-390");
  await page.goto("/settings/webhooks");
  await expect(page.getByTestId("webhook-row").first()).toBeVisible();
  await snapshot(page, "settings-webhooks-390");
});
