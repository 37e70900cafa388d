import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, createPerson, origin, signInViaApi, snapshot } from "../helpers";

// The whole path to stakeholders: a shard of a mapped cluster breaches its p99 SLO, Shardwatch drafts
// a notice, an operator publishes it in one step, and the public page (no JavaScript, no sign-in)
// shows it without naming the shard or the cluster.
const CLUSTER = "status-e2e";
const HOT = "s-e2e-7";
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;

type TNotice = { id: string; state: string; title: string; sloImpact: string | null; components: { name: string; level: string }[]; updates: { body: string }[] };

/** One round of samples: four calm shards and one at 900 ms p99 (the default SLO rule fires above 250 ms). */
async function push(request: APIRequestContext) {
  const ts = Date.now();
  const samples = [1, 2, 3, 4, 7].map((i) => ({
    type: "shard",
    cluster: CLUSTER,
    shard: `s-e2e-${i}`,
    node: `db-e2e-${i % 2}`,
    ts,
    qps: 800,
    p99Ms: `s-e2e-${i}` === HOT ? 900 : 12,
    errorRate: 0,
  }));
  const res = await request.post("/api/v1/telemetry", { data: { samples }, headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status(), await res.text()).toBe(202);
}

test("[STATUS] an operator publishes a notice drafted from an SLO breach; the public page shows it without JavaScript", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const component = `Checkout API ${Date.now()}`;
  const made = await admin.request.post("/api/v1/status/components", {
    data: { name: component, description: "Placing orders", targets: [{ cluster: CLUSTER }] },
    headers: { origin: origin() },
  });
  expect(made.status(), await made.text()).toBe(201);
  const operator = await createPerson(admin.request, "operator");
  await admin.close();

  // Telemetry every 2 s until the breach has lasted long enough to be drafted.
  const op = await browser.newContext();
  await signInViaApi(op.request, operator);
  let draft: TNotice | undefined;
  const deadline = Date.now() + 100_000;
  while (!draft && Date.now() < deadline) {
    await push(request);
    const res = await op.request.get("/api/v1/notices?filter=drafts");
    draft = ((await res.json()) as { notices: TNotice[] }).notices.find((n) => n.components.some((c) => c.name === component));
    if (!draft) await new Promise((r) => setTimeout(r, 2000));
  }
  expect(draft, "no draft notice within 100 s of the breach").toBeDefined();
  expect(draft!.sloImpact).toMatch(/^p99 up to 900 ms, target 250 ms$/);
  const drafted = JSON.stringify({ title: draft!.title, updates: draft!.updates, impact: draft!.sloImpact });
  expect(drafted).not.toContain(HOT);
  expect(drafted).not.toContain(CLUSTER);

  // Not public until a person publishes it.
  const before = await request.get("/api/v1/status/summary.json");
  expect(JSON.stringify(await before.json())).not.toContain(draft!.id);

  const page = await op.newPage();
  await page.goto("/notices");
  await page.getByRole("link", { name: draft!.title }).click();
  await expect(page.getByTestId("notice-state")).toContainText("Draft");
  await snapshot(page, "notice-drafted-from-breach");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("notice-state")).toContainText("Published");

  // A stakeholder: no session, no JavaScript.
  const anon = await browser.newContext({ javaScriptEnabled: false });
  const pub = await anon.newPage();
  await pub.goto("/status");
  await expect(pub.getByText(draft!.title).first()).toBeVisible();
  await expect(pub.getByText("p99 up to 900 ms, target 250 ms").first()).toBeVisible();
  await expect(pub.getByText(component).first()).toBeVisible();
  const text = await pub.locator("body").innerText();
  expect(text).not.toContain(HOT);
  expect(text).not.toContain(CLUSTER);
  expect(text).not.toContain("All Systems Operational");
  await snapshot(pub, "status-public-published");
  const summary = (await (await request.get("/api/v1/status/summary.json")).json()) as { incidents: { id: string; name: string }[] };
  expect(summary.incidents.map((i) => i.name)).toContain(draft!.title);

  // Resolved: the page is calm again, and the incident is listed as past.
  const done = await op.request.post(`/api/v1/notices/${draft!.id}/updates`, { data: { status: "resolved", body: "Checkout is fast again." }, headers: { origin: origin() } });
  expect(done.status(), await done.text()).toBe(201);
  await pub.goto("/status");
  await expect(pub.getByRole("heading", { name: "All Systems Operational" })).toBeVisible();
  await expect(pub.getByText(draft!.title).first()).toBeVisible();
  await anon.close();
  await op.close();
});
