import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, origin, signInViaApi } from "../helpers";

// /status is served from Next's full-page cache (x-nextjs-cache: HIT), yet a change made through the
// API shows on the very next request, for a visitor with no session and no JavaScript.

test.use({ storageState: { cookies: [], origins: [] } });

const cacheOf = async (request: APIRequestContext) => (await request.get("/status")).headers()["x-nextjs-cache"];

test("[STATUS] the public page is served from the HTML cache, and a publish or an update shows on the next request", async ({ browser, request }) => {
  await expect.poll(() => cacheOf(request), { message: "a warm /status comes from the cache" }).toBe("HIT");

  const admin = await browser.newContext();
  await signInViaApi(admin.request, ADMIN);
  const post = async (url: string, data: unknown) => {
    const res = await admin.request.post(url, { data, headers: { origin: origin() } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return (await res.json()) as Record<string, { id: string; version: number }>;
  };

  const name = `Cached API ${Date.now()}`;
  const { component } = await post("/api/v1/status/components", { name, description: "Cache probe" });
  const listed = await request.get("/status");
  expect(listed.headers()["x-nextjs-cache"]).toBe("MISS"); // dropped by the change, rendered afresh
  expect(await listed.text()).toContain(name);

  const title = `Cache probe incident ${Date.now()}`;
  const { notice } = await post("/api/v1/notices", { kind: "incident", title, components: [{ componentId: component!.id, level: "partial_outage" }] });
  expect(await (await request.get("/status")).text()).not.toContain(title); // a draft is not public
  await expect.poll(() => cacheOf(request)).toBe("HIT");
  await post(`/api/v1/notices/${notice!.id}:publish`, { message: "Looking into slow reads." });

  const anon = await browser.newContext({ javaScriptEnabled: false });
  const pub = await anon.newPage();
  const shown = await pub.goto("/status");
  expect(shown?.headers()["x-nextjs-cache"]).toBe("MISS");
  await expect(pub.getByText(title).first()).toBeVisible();
  await expect(pub.getByRole("heading", { name: "Partial System Outage" })).toBeVisible();
  await expect.poll(() => cacheOf(request)).toBe("HIT");

  await post(`/api/v1/notices/${notice!.id}/updates`, { status: "resolved", body: "Reads are fast again." });
  await pub.goto("/status");
  await expect(pub.getByRole("heading", { name: "All Systems Operational" })).toBeVisible();
  await expect(pub.getByText(title).first()).toBeVisible(); // now under past incidents
  expect(await pub.content()).toContain("Reads are fast again.");
  await anon.close();
  await admin.close();
});

test("[STATUS] a made-up path under /status is a plain 404, not a cached page", async ({ request }) => {
  const res = await request.get(`/status/no-such-page-${Date.now()}`, { maxRedirects: 0 });
  expect(res.status()).toBe(404);
  expect(res.headers()["x-nextjs-cache"]).toBeUndefined();
  expect((await request.get("/status/feed.atom")).status()).toBe(200);
});
