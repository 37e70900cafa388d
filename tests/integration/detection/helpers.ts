import type { TActor } from "@/lib/auth/actor";
import type { TAlert } from "@/lib/detection/engine/types";
import { createUser } from "@/lib/users";
import { seedPeople } from "../helpers/actors";
import type { TTestDatabase } from "../helpers/databases";

/** seedPeople plus an operator, the role that may change rules and silences. */
export async function seedDetectionPeople(db: TTestDatabase) {
  const people = await seedPeople(db);
  const o = await createUser({
    ctx: people.adminCtx,
    input: { email: "operator@test.local", name: "Op", role: "operator", password: "operator-password-123" },
  });
  const operator: TActor = { type: "user", id: o.id, label: o.email, email: o.email, name: o.name, role: "operator" };
  return { ...people, operator, operatorCtx: { db: db.prisma, actor: operator } };
}

export const T0 = 1_763_812_800_000;

export function makeAlert(overrides: Partial<TAlert> & { id: string }): TAlert {
  return {
    fingerprint: `fp-${overrides.id}`,
    ruleId: "",
    ruleName: "hot-shard",
    severity: "critical",
    state: "pending",
    labels: { cluster: "orders", shard: "s-07", node: "db-3" },
    value: 0.41,
    summary: "orders/s-07 takes 41% of cluster qps",
    activeAt: T0,
    firedAt: null,
    resolvedAt: null,
    lastEvalAt: T0,
    flapping: false,
    flapCount: 0,
    ...overrides,
  };
}
