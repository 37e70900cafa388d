import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { statusChanged } from "./changes";
import { getNoticeOrThrow, toPublicNotice, type TNoticeEmit, type TTx } from "./internal";
import { recomputeComponentLevels } from "./recompute-levels";

const STARTED = "Scheduled maintenance has started. We will post an update when it is complete.";
const COMPLETED = "Scheduled maintenance is complete.";

/** Moves one published maintenance to `to` if it is still in `from`; false when someone moved it first. */
async function move(tx: TTx, id: string, from: string[], to: string, body: string, now: Date, emit?: TNoticeEmit): Promise<boolean> {
  const final = to === "completed";
  const current = await tx.notice.findUnique({ where: { id }, select: { version: true, status: true } });
  if (!current || !from.includes(current.status)) return false;
  const { count } = await tx.notice.updateMany({
    where: { id, state: "published", status: current.status, version: current.version },
    data: { status: to, version: { increment: 1 }, updatedAt: now, ...(final ? { resolvedAt: now } : {}) },
  });
  if (count === 0) return false;
  await tx.noticeUpdate.create({ data: { noticeId: id, status: to, body, createdAt: now } });
  await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "notice.maintenance", targetType: "notice", targetId: id, before: { status: current.status }, after: { status: to } });
  if (emit) await emit(tx, { type: "notice.updated", payload: toPublicNotice(await getNoticeOrThrow(tx, id)) });
  return true;
}

/**
 * The maintenance timer: published maintenance starts at scheduledFor and completes at scheduledUntil,
 * each with an automatic timeline entry, and the components' levels follow. Returns the ids moved.
 */
export async function applyMaintenanceSchedule({ db, now, emit }: { db: PrismaClient; now: Date; emit?: TNoticeEmit }): Promise<string[]> {
  const due = await db.notice.findMany({
    where: {
      kind: "maintenance",
      state: "published",
      OR: [
        { status: "scheduled", scheduledFor: { lte: now } },
        { status: { in: ["in_progress", "verifying"] }, scheduledUntil: { lte: now } },
      ],
    },
    select: { id: true, status: true, scheduledUntil: true },
  });
  if (!due.length) return [];
  const moved = await db.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const n of due) {
      const over = !!n.scheduledUntil && n.scheduledUntil <= now;
      if (n.status === "scheduled" && (await move(tx, n.id, ["scheduled"], "in_progress", STARTED, now, emit))) ids.push(n.id);
      if (over && (await move(tx, n.id, ["in_progress", "verifying"], "completed", COMPLETED, now, emit)) && !ids.includes(n.id)) ids.push(n.id);
    }
    if (ids.length) await recomputeComponentLevels(tx, now);
    return ids;
  });
  if (moved.length) statusChanged();
  return moved;
}
