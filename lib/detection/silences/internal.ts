import type { Prisma, PrismaClient, Silence, User } from "@/lib/generated/prisma/client.ts";
import { fromZodError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TMatcher, TSilenceSpec } from "./match";
import type { TCreateSilenceInput, TSilenceView } from "./schemas";
import { ZCreateSilenceInput } from "./schemas";

export const WITH_CREATOR = { createdBy: { select: { email: true } } } as const;
type TRow = Silence & { createdBy?: Pick<User, "email"> | null };

export function toSpec(row: Silence): TSilenceSpec {
  return { matchers: row.matchers as TMatcher[], startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() };
}

export function statusOf(spec: Pick<TSilenceSpec, "startsAt" | "endsAt">, now: number): TSilenceView["status"] {
  if (spec.endsAt <= now) return "expired";
  return spec.startsAt > now ? "pending" : "active";
}

export function toSilenceView(row: TRow, now: number): TSilenceView {
  const spec = toSpec(row);
  return {
    id: row.id,
    matchers: [...spec.matchers],
    startsAt: spec.startsAt,
    endsAt: spec.endsAt,
    comment: row.comment,
    status: statusOf(spec, now),
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/** Validates a silence and resolves its window against `now`: it must end in the future. */
export function resolveSilence(input: TCreateSilenceInput, now: number) {
  const parsed = ZCreateSilenceInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The silence");
  const { matchers, comment, duration } = parsed.data;
  const startsAt = parsed.data.startsAt ?? now;
  const endsAt = parsed.data.endsAt ?? startsAt + Math.round((duration ?? 0) * 1000);
  if (endsAt <= now) {
    const message = "must be in the future: a silence that has already ended would silence nothing";
    throw new ValidationError(`The silence is invalid (endsAt ${message})`, [{ path: "endsAt", message }]);
  }
  return {
    matchers: matchers as unknown as Prisma.InputJsonValue,
    comment,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
  };
}

export async function getSilenceOrThrow(db: Pick<PrismaClient, "silence">, id: string): Promise<TRow> {
  const row = await db.silence.findUnique({ where: { id }, include: WITH_CREATOR });
  if (!row) throw new NotFoundError(`No silence with id ${id}`);
  return row;
}
