import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../free-port";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { snapshot } from "../helpers";

type TRun = { code: number | null; stdout: string; stderr: string; stop: () => Promise<void>; waitFor: (re: RegExp) => Promise<string> };

function startServer(env: Record<string, string>): TRun {
  const port = env.PORT ?? freePort();
  const child = spawn(process.execPath, ["scripts/serve.mjs"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
      SHARDWATCH_ADMIN_EMAIL: "",
      SHARDWATCH_ADMIN_PASSWORD: "",
      HOST: "127.0.0.1",
      PORT: port,
      ...env,
    },
  });
  const run: TRun = { code: null, stdout: "", stderr: "", stop: () => Promise.resolve(), waitFor: () => Promise.resolve("") };
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (d: Buffer) => ((run.stdout += d.toString()), waiters.forEach((w) => w())));
  child.stderr.on("data", (d: Buffer) => (run.stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", (code) => ((run.code = code), resolve())));
  run.waitFor = (re) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(run.stdout);
        if (m) resolve(m[0]);
      };
      waiters.push(check);
      check();
      void exited.then(() => reject(new Error(`server exited (${run.code}): ${run.stderr}`)));
    });
  // Stopped means exited: a server still shutting down writes to its data folder, which the
  // cleanup below would then fail to remove (ENOTEMPTY).
  run.stop = async () => {
    if (run.code === null) child.kill("SIGTERM");
    await exited;
  };
  (run as TRun & { exited: Promise<void> }).exited = exited;
  return run;
}

async function failsWith(env: Record<string, string>, message: RegExp) {
  const run = startServer(env) as TRun & { exited: Promise<void> };
  await run.exited;
  expect(run.code).not.toBe(0);
  const lines = run.stderr.split("\n").filter((l) => l.startsWith("shardwatch:"));
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

test.describe("[PLATFORM] start-up", () => {
  test.describe.configure({ timeout: 90_000 });
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "sw-start-"));
    dirs.push(d);
    return d;
  };
  test.afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 5 })));

  test("bad configuration stops the server with one line naming the variable", async () => {
    await failsWith({ SHARDWATCH_DATA_DIR: tempDir(), SHARDWATCH_SESSION_DAYS: "forever" }, /^shardwatch: Invalid configuration: SHARDWATCH_SESSION_DAYS/);
  });

  test("an unreachable database stops the server with one line", async () => {
    await failsWith({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" }, /^shardwatch: Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none: ECONNREFUSED$/);
  });

  test("a port already in use stops the server with one line", async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, "127.0.0.1", () => resolve((taken.address() as AddressInfo).port)));
    try {
      await failsWith(
        { SHARDWATCH_DATA_DIR: tempDir(), PORT: String(port) },
        new RegExp(`^shardwatch: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use \\(set PORT\\)$`),
      );
    } finally {
      taken.close();
    }
  });

  test("a database with migrations from the future stops the server with one line", async () => {
    const dir = tempDir();
    const pg = await PGlite.create(path.join(dir, "pglite"));
    await pg.exec(`CREATE TABLE "_prisma_migrations" (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
      migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0);
      INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES ('x', 'f', now(), '29990101000000_from_the_future');`);
    await pg.close();
    await failsWith(
      { SHARDWATCH_DATA_DIR: dir },
      /^shardwatch: The database has migrations this version of Shardwatch does not know \(29990101000000_from_the_future\)/,
    );
  });

  test("with no users, the first start prints a one-time setup link that creates the admin", async ({ page }) => {
    const run = startServer({ SHARDWATCH_DATA_DIR: tempDir() });
    try {
      const link = await run.waitFor(/http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]+/);
      await page.goto(link);
      await snapshot(page, "setup");
      await page.getByLabel("Your name").fill("First Admin");
      await page.getByLabel("Email").fill("first@e2e.test");
      await page.getByLabel(/^Password/).fill("first-admin-password");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      await expect(page.getByTestId("role")).toHaveText("admin");
      await page.goto(link);
      await page.getByLabel("Your name").fill("Second");
      await page.getByLabel("Email").fill("second@e2e.test");
      await page.getByLabel(/^Password/).fill("second-admin-password");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await expect(page.getByText(/invalid, expired or already used/)).toBeVisible();
    } finally {
      await run.stop();
    }
  });
});
