import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client.ts";
import { NotFoundError } from "@/lib/errors";
import type { TComponentLevel } from "./levels";
import type { TNoticeImpact, TNoticeKind, TNoticeState, TNoticeStatus } from "./notice-state";
import type { TComponentTarget, TComponentView, TNoticeView, TPublicNotice } from "./schemas";

export type TTx = Prisma.TransactionClient;
type TDb = Pick<PrismaClient, "notice" | "statusComponent">;

/** Hands an event to the webhooks outbox inside the transaction that makes the change. */
export type TNoticeEmit = (tx: TTx, event: { type: "notice.published" | "notice.updated"; payload: TPublicNotice }) => Promise<unknown>;

export const WITH_DETAIL = {
  createdBy: { select: { email: true } },
  components: { include: { component: { select: { name: true, position: true, targets: true, showTargets: true } } } },
  updates: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { createdBy: { select: { email: true } } } },
} as const satisfies Prisma.NoticeInclude;

type TNoticeRow = Prisma.NoticeGetPayload<{ include: typeof WITH_DETAIL }>;
type TComponentRow = Prisma.StatusComponentGetPayload<object>;

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function toComponentView(row: TComponentRow): TComponentView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    status: row.status as TComponentLevel,
    targets: row.targets as TComponentTarget[],
    showTargets: row.showTargets,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

function sortedComponents(row: TNoticeRow) {
  return [...row.components].sort((a, b) => a.component.position - b.component.position || a.component.name.localeCompare(b.component.name));
}

export function toNoticeView(row: TNoticeRow): TNoticeView {
  return {
    id: row.id,
    kind: row.kind as TNoticeKind,
    title: row.title,
    impact: row.impact as TNoticeImpact,
    state: row.state as TNoticeState,
    status: row.status as TNoticeStatus,
    sloName: row.sloName,
    sloImpact: row.sloImpact,
    expectedMinutes: row.expectedMinutes,
    scheduledFor: ms(row.scheduledFor),
    scheduledUntil: ms(row.scheduledUntil),
    alertIds: row.alertIds,
    startedAt: row.startedAt.getTime(),
    resolvedAt: ms(row.resolvedAt),
    publishedAt: ms(row.publishedAt),
    createdBy: row.createdBy?.email ?? null,
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    components: sortedComponents(row).map((c) => ({ componentId: c.componentId, name: c.component.name, level: c.level as TComponentLevel })),
    updates: row.updates.map((u) => ({ id: u.id, status: u.status as TNoticeStatus, body: u.body, createdBy: u.createdBy?.email ?? null, createdAt: u.createdAt.getTime() })),
  };
}

/** The public-safe form: no alert ids or authors; a component's targets only when it says to show them. */
export function toPublicNotice(row: TNoticeRow): TPublicNotice {
  const v = toNoticeView(row);
  return {
    id: v.id,
    kind: v.kind,
    title: v.title,
    impact: v.impact,
    status: v.status,
    sloName: v.sloName,
    sloImpact: v.sloImpact,
    expectedMinutes: v.expectedMinutes,
    scheduledFor: v.scheduledFor,
    scheduledUntil: v.scheduledUntil,
    startedAt: v.startedAt,
    resolvedAt: v.resolvedAt,
    publishedAt: v.publishedAt,
    components: sortedComponents(row).map((c) => ({
      id: c.componentId,
      name: c.component.name,
      level: c.level as TComponentLevel,
      ...(c.component.showTargets ? { targets: c.component.targets as TComponentTarget[] } : {}),
    })),
    updates: v.updates.map((u) => ({ status: u.status, body: u.body, createdAt: u.createdAt })),
  };
}

export async function getNoticeOrThrow(db: TDb, id: string): Promise<TNoticeRow> {
  const row = await db.notice.findUnique({ where: { id }, include: WITH_DETAIL });
  if (!row) throw new NotFoundError(`No notice with id ${id}`);
  return row;
}

export async function getComponentOrThrow(db: TDb, id: string): Promise<TComponentRow> {
  const row = await db.statusComponent.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`No status component with id ${id}`);
  return row;
}

/** Component ids a notice names must exist: a clear 422 instead of a foreign-key error. */
export async function assertComponentsExist(db: TDb, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const found = await db.statusComponent.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new NotFoundError(`No status component with id ${missing.join(", ")}`);
}
