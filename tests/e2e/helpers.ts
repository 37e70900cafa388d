import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const ADMIN = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };
export const origin = () => `http://127.0.0.1:${process.env.E2E_PORT}`;

/** Signs in through the API; the session cookie lands in the request's (and its page's) context. */
export async function signInViaApi(request: APIRequestContext, who: { email: string; password: string }) {
  const res = await request.post("/api/auth/sign-in/email", { data: who, headers: { origin: origin() } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Fills and submits the sign-in form, returning once the server has answered (success or not). */
export async function signInViaForm(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/sign-in/email"));
  await page.getByRole("button", { name: "Sign in" }).click();
  if ((await answered).ok()) await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Creates a person through the admin API (the service layer behind it), returning their credentials. */
export async function createPerson(request: APIRequestContext, role: "viewer" | "operator" | "admin") {
  const person = { email: `${role}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.test`, password: `${role}-password-e2e`, name: `E2E ${role}`, role };
  const res = await request.post("/api/v1/users", { data: person, headers: { origin: origin() } });
  expect(res.status(), await res.text()).toBe(201);
  return person;
}

/** Saves a full-page screenshot under test-results/screenshots/ for people to look at. */
export async function snapshot(page: Page, name: string) {
  const dir = path.join(process.cwd(), "test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
