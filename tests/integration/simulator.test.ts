import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { triggerSimEvent, updateSimulator } from "@/lib/sim";
import { SimRunner, type TSimSettings } from "@/lib/sim/runner";
import { loadScenarios } from "@/lib/sim/scenarios";
import { loadSimSettings, saveSimSettings } from "@/lib/sim/settings";
import type { TelemetryService } from "@/lib/telemetry/service";
import { seedPeople } from "./helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";
import { startTelemetry, telemetryConfig } from "./helpers/telemetry";

const scenarios = loadScenarios();

describe.each(BACKENDS)("the built-in simulator on %s", (kind) => {
  let db: TTestDatabase;
  let svc: TelemetryService;
  let runner: SimRunner | undefined;
  let clock = Math.floor(Date.now() / 5000) * 5000;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    svc = await startTelemetry(db, telemetryConfig());
    clock = Math.floor(Date.now() / 5000) * 5000;
  });
  afterEach(async () => {
    await runner?.shutdown();
    runner = undefined;
    await svc.stop();
    await db.drop();
  });

  function newRunner(settings: TSimSettings) {
    return new SimRunner(
      { scenarios, ingest: (s) => svc.ingest(s, "simulator"), save: (s) => saveSimSettings(db, s), intervalMs: 5000, backfillMs: 2 * 60_000, now: () => clock },
      settings,
    );
  }

  it("backfills recent history and keeps emitting through the ingest service", async () => {
    runner = newRunner({ running: true, scenario: "demo", speed: 1, lastEmittedAt: null });
    await runner.start();
    const backfilled = runner.samplesSent;
    expect(backfilled).toBeGreaterThan(20 * 100); // 2 minutes of 5 s steps, ~190 samples each
    clock += 5000;
    await runner.tick();
    expect(runner.samplesSent).toBeGreaterThan(backfilled);
    await svc.flush(clock + 60_000);
    const shards = await db.prisma.shard.count({ where: { clusterName: "orders" } });
    expect(shards).toBe(32);
    const rows = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rollup_10s r JOIN series s ON s.id = r.series_id WHERE s.metric = 'shard.qps'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(32 * 10);
    await runner.shutdown(); // what a server stop does: remembers it was running and how far it got
    expect(await loadSimSettings(db, getEnv(), ["demo"])).toMatchObject({ running: true, lastEmittedAt: clock });
  });

  it("lets operators stop, switch and trigger events, with an audit row each; viewers only look", async () => {
    const people = await seedPeople(db);
    runner = newRunner({ running: true, scenario: "demo", speed: 1, lastEmittedAt: null });
    await runner.start();
    await expect(updateSimulator({ ctx: people.viewerCtx, runner, input: { running: false } })).rejects.toBeInstanceOf(ForbiddenError);
    await updateSimulator({ ctx: people.adminCtx, runner, input: { scenario: "hot-range", speed: 10 } });
    expect(runner.state).toMatchObject({ running: true, scenario: "hot-range", speed: 10 });
    await expect(triggerSimEvent({ ctx: people.adminCtx, runner, input: { type: "spike", cluster: "orders", shard: "s-99", multiplier: 3 } })).rejects.toThrow(
      ValidationError,
    );
    await expect(triggerSimEvent({ ctx: people.adminCtx, runner, input: { type: "spike", cluster: "orders", shard: "s-99", multiplier: 3 } })).rejects.toThrow(
      /no shard "s-99"/,
    );
    const started = await triggerSimEvent({
      ctx: people.adminCtx,
      runner,
      input: { type: "node-failure", cluster: "orders", node: "orders-db-2", duration: "5m" },
    });
    clock += 5000;
    await runner.tick();
    expect(runner.current!.active.map((a) => a.id)).toContain(started.id);
    await updateSimulator({ ctx: people.adminCtx, runner, input: { running: false } });
    expect(
      (
        await loadSimSettings(
          db,
          getEnv(),
          scenarios.map((s) => s.name),
        )
      ).running,
    ).toBe(false);
    const audit = await db.prisma.auditLog.findMany({ where: { action: { startsWith: "simulator." } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["simulator.update", "simulator.trigger", "simulator.update"]);
  });

  it("carries out a split through its control plane, visible in the telemetry", async () => {
    runner = newRunner({ running: true, scenario: "hot-range", speed: 1, lastEmittedAt: null });
    await runner.start();
    const op = await runner.controlPlane.splitShard("orders", "s-12");
    for (let i = 0; i < 40; i++) {
      clock += 5000;
      await runner.tick();
    }
    expect((await runner.controlPlane.getOperation(op.id)).phase).toBe("done");
    const topo = await runner.controlPlane.describeTopology("orders");
    expect(topo.shards).toHaveLength(33);
    expect(topo.routingVersion).toBe(2);
    await svc.flush(clock + 60_000);
    expect(await db.prisma.shard.count({ where: { clusterName: "orders" } })).toBe(33);
    await expect(runner.controlPlane.splitShard("orders", "s-404")).rejects.toThrow(/no shard "s-404"/);
  });
});
