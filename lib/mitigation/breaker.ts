import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

// The circuit breaker over automation: after N failed operations in a row, nothing new starts until
// an admin resumes it. Its state is a settings row, so it holds across restarts and instances.

const KEY = "mitigation.breaker";
export type TBreakerState = { failures: number; pausedAt: number | null; lastFailure: string | null };
const CLOSED: TBreakerState = { failures: 0, pausedAt: null, lastFailure: null };

export async function readBreaker(db: PrismaClient): Promise<TBreakerState> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return { ...CLOSED };
  try {
    return { ...CLOSED, ...(JSON.parse(row.value) as Partial<TBreakerState>) };
  } catch {
    return { ...CLOSED };
  }
}

async function write(db: PrismaClient, state: TBreakerState): Promise<void> {
  const value = JSON.stringify(state);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

export class Breaker {
  constructor(
    private readonly db: PrismaClient,
    private readonly threshold: number,
    private readonly now: () => number = Date.now,
  ) {}

  async isOpen(): Promise<boolean> {
    return (await readBreaker(this.db)).pausedAt !== null;
  }

  async failure(reason: string): Promise<void> {
    const s = await readBreaker(this.db);
    const failures = s.failures + 1;
    const opens = s.pausedAt === null && failures >= this.threshold;
    await write(this.db, { failures, pausedAt: opens ? this.now() : s.pausedAt, lastFailure: reason });
    if (opens) await writeAudit(this.db, { actor: SYSTEM_ACTOR, action: "mitigation.automation-paused", targetType: "automation", targetId: "mitigations", after: { failures, lastFailure: reason } });
  }

  async success(): Promise<void> {
    const s = await readBreaker(this.db);
    if (s.failures > 0 && s.pausedAt === null) await write(this.db, { ...s, failures: 0 });
  }
}

export async function resetBreaker(db: PrismaClient): Promise<void> {
  await write(db, { ...CLOSED });
}
