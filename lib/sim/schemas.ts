import { z } from "zod";
import { ZOperation, ZOperationKind } from "@/lib/control-plane/types";
import { ZEvent } from "./scenario";

// The simulator's API shapes.

export const ZScenarioSummary = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  durationSeconds: z.number(),
  fixedBy: ZOperationKind.nullable(),
  benign: z.boolean(),
  clusters: z.array(z.object({ name: z.string(), shards: z.number(), nodes: z.number(), replicasPerShard: z.number(), cacheNodes: z.number() })),
  events: z.array(z.object({ type: z.string(), cluster: z.string(), atSeconds: z.number(), description: z.string() })),
});
export type TScenarioSummary = z.infer<typeof ZScenarioSummary>;

export const ZSimEventView = z.object({
  id: z.string(),
  type: z.string(),
  cluster: z.string(),
  description: z.string(),
  startsAt: z.number(),
  endsAt: z.number().nullable(),
});

export const ZSimStatus = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  scenario: z.string(),
  speed: z.number(),
  intervalSeconds: z.number(),
  simTime: z.number().nullable(),
  elapsedSeconds: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  steps: z.number(),
  samplesSent: z.number(),
  lastStepAt: z.number().nullable(),
  lastError: z.string().nullable(),
  active: z.array(ZSimEventView),
  upcoming: z.array(ZSimEventView),
  clusters: z.array(
    z.object({ name: z.string(), shards: z.number(), nodes: z.number(), replicas: z.number(), cacheNodes: z.number(), routingVersion: z.number() }),
  ),
  operations: z.array(ZOperation),
});
export type TSimStatus = z.infer<typeof ZSimStatus>;

export const ZUpdateSimulatorInput = z
  .strictObject({
    running: z.boolean().optional(),
    scenario: z.string().min(1).max(63).optional(),
    speed: z.number({ error: "expected a number" }).min(0.1, "at least 0.1").max(100, "at most 100").optional(),
  })
  .refine((v) => v.running !== undefined || v.scenario !== undefined || v.speed !== undefined, "Say what to change: running, scenario or speed");
export type TUpdateSimulatorInput = z.infer<typeof ZUpdateSimulatorInput>;

/** An event to start now: the scenario event shape, with `at` implied. */
export const ZTriggerEventInput = z.preprocess((v) => (v && typeof v === "object" && !Array.isArray(v) ? { at: 0, ...v } : v), ZEvent);
export type TTriggerEventInput = z.input<typeof ZTriggerEventInput>;
