import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { UnavailableError, ValidationError } from "@/lib/errors";
import { findReplica, findShard } from "./cluster";
import type { SimModel } from "./model";
import type { SimRunner } from "./runner";
import type { TSimEvent } from "./scenario";
import { findScenario } from "./scenarios";
import type { TTriggerEventInput, TUpdateSimulatorInput } from "./schemas";
import { ZTriggerEventInput, ZUpdateSimulatorInput } from "./schemas";
import { describeEvent } from "./events";

// Operator actions on the built-in simulator: start, stop, switch scenario or speed, trigger events.

function runnerOrThrow(runner: SimRunner | null): SimRunner {
  if (!runner) throw new UnavailableError("The simulator is turned off on this server (SHARDWATCH_SIMULATOR=off)");
  return runner;
}

export async function updateSimulator({ ctx, runner, input }: { ctx: TCtx; runner: SimRunner | null; input: TUpdateSimulatorInput }) {
  requirePermission(ctx.actor, "operate");
  const data = ZUpdateSimulatorInput.parse(input);
  const r = runnerOrThrow(runner);
  const before = { ...r.state, lastEmittedAt: undefined };
  if (data.scenario) findScenario(r.scenarios, data.scenario);
  if (data.running === false) await r.stop();
  else if (data.running === true || r.state.running) await r.start({ scenario: data.scenario, speed: data.speed });
  else await r.configure({ scenario: data.scenario, speed: data.speed });
  await writeAudit(ctx.db, {
    actor: ctx.actor,
    action: "simulator.update",
    targetType: "simulator",
    targetId: r.state.scenario,
    before,
    after: { ...r.state, lastEmittedAt: undefined },
    requestId: ctx.requestId,
  });
}

/** Names every target the event refers to that the running scenario does not have. */
function missingTargets(m: SimModel, e: TSimEvent): { path: string; message: string }[] {
  const c = m.clusters.get(e.cluster)?.state;
  if (!c) return [{ path: "cluster", message: `the running scenario has no cluster "${e.cluster}" (it has ${[...m.clusters.keys()].join(", ")})` }];
  const issues: { path: string; message: string }[] = [];
  const need = (ok: boolean, path: string, what: string) => ok || issues.push({ path, message: `cluster ${e.cluster} has no ${what}` });
  if ("shard" in e && typeof e.shard === "string") need(!!findShard(c, e.shard), "shard", `shard "${e.shard}"`);
  if ("replica" in e) need(!!findReplica(c, e.replica), "replica", `replica "${e.replica}"`);
  if (e.type === "node-failure" || e.type === "warm-node")
    need(
      c.nodes.some((n) => n.id === e.node),
      "node",
      `node "${e.node}"`,
    );
  if (e.type === "cache-restart")
    need(
      c.cacheNodes.some((n) => n.id === e.node),
      "node",
      `cache node "${e.node}"`,
    );
  if (e.type === "cache-restart" || e.type === "cache-stampede") need(c.cacheNodes.length > 0, "type", "cache tier");
  return issues;
}

export async function triggerSimEvent({ ctx, runner, input }: { ctx: TCtx; runner: SimRunner | null; input: TTriggerEventInput }) {
  requirePermission(ctx.actor, "operate");
  const event = ZTriggerEventInput.parse(input);
  const r = runnerOrThrow(runner);
  const m = r.current;
  if (!m || !r.state.running) throw new UnavailableError("The simulator is stopped; start it before triggering events");
  const issues = missingTargets(m, event);
  if (issues.length) throw new ValidationError(`The event does not fit the running scenario: ${issues.map((i) => i.message).join("; ")}`, issues);
  const started = r.trigger(event);
  await writeAudit(ctx.db, {
    actor: ctx.actor,
    action: "simulator.trigger",
    targetType: "simulator",
    targetId: event.cluster,
    after: event,
    requestId: ctx.requestId,
  });
  return { id: started.id, description: describeEvent(event), startsAt: r.wallTimeAt(started.startMs) };
}
