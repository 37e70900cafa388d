import { ConflictError, ValidationError } from "@/lib/errors";
import { assertComponentsExist, type TTx } from "./internal";
import type { TUpdateNoticeInput } from "./schemas";

type TEdits = Omit<TUpdateNoticeInput, "version">;
type TCurrent = { id: string; state: string; kind: string; status: string; version: number };

export function hasEdits(edits: TEdits): boolean {
  return Object.values(edits).some((v) => v !== undefined);
}

/**
 * Applies an editor's changes, conditional on the version it loaded. A draft's message is its single
 * pending update; a published notice speaks through new updates, so its message cannot be edited.
 */
export async function applyNoticeEdits(tx: TTx, current: TCurrent, edits: TEdits, opts: { version?: number; now: Date; actorId: string | null }) {
  const { components, message, scheduledFor, scheduledUntil, ...fields } = edits;
  if (current.state === "discarded") throw new ConflictError("This notice was discarded; create a new one");
  if (message !== undefined && current.state !== "draft") throw new ConflictError("A published notice's messages are its timeline: post an update instead");
  if ((scheduledFor !== undefined || scheduledUntil !== undefined) && current.kind !== "maintenance")
    throw new ValidationError("Only maintenance has a schedule", [{ path: "scheduledFor", message: "only for maintenance" }]);
  if (components) await assertComponentsExist(tx, components.map((c) => c.componentId));
  const version = opts.version ?? current.version;
  const data = {
    ...fields,
    ...(scheduledFor !== undefined ? { scheduledFor: new Date(scheduledFor) } : {}),
    ...(scheduledUntil !== undefined ? { scheduledUntil: new Date(scheduledUntil) } : {}),
    version: { increment: 1 },
    updatedAt: opts.now,
  };
  const { count } = await tx.notice.updateMany({ where: { id: current.id, version, state: { in: ["draft", "published"] } }, data });
  if (count === 0) throw new ConflictError(`This notice changed since you loaded it (version ${version}, now ${current.version}); reload it and edit again`);
  if (components) {
    await tx.noticeComponent.deleteMany({ where: { noticeId: current.id } });
    if (components.length) await tx.noticeComponent.createMany({ data: components.map((c) => ({ noticeId: current.id, componentId: c.componentId, level: c.level })) });
  }
  if (message !== undefined) {
    await tx.noticeUpdate.deleteMany({ where: { noticeId: current.id } });
    await tx.noticeUpdate.create({ data: { noticeId: current.id, status: current.status, body: message, createdById: opts.actorId, createdAt: opts.now } });
  }
}
