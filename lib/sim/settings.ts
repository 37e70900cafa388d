import type { TDatabase } from "@/lib/db";
import type { TEnv } from "@/lib/env";
import { z } from "zod";
import type { TSimSettings } from "./runner";

// What the simulator was doing, kept across restarts (the operator's last choice wins over the env).

const KEY = "simulator";
const ZStored = z.object({ running: z.boolean(), scenario: z.string(), speed: z.number().min(0.1).max(100), lastEmittedAt: z.number().nullable() });

export function simulatorEnabled(env: TEnv): boolean {
  return (env.SHARDWATCH_SIMULATOR ?? (env.DATABASE_URL ? "off" : "on")) === "on";
}

export async function loadSimSettings(db: TDatabase, env: TEnv, known: string[]): Promise<TSimSettings> {
  const fallback: TSimSettings = { running: true, scenario: env.SHARDWATCH_SIM_SCENARIO, speed: env.SHARDWATCH_SIM_SPEED, lastEmittedAt: null };
  const row = await db.prisma.setting.findUnique({ where: { key: KEY } });
  const stored = row ? ZStored.safeParse(JSON.parse(row.value)) : null;
  if (!stored?.success || !known.includes(stored.data.scenario)) return fallback;
  return stored.data;
}

export async function saveSimSettings(db: TDatabase, settings: TSimSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await db.prisma.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
