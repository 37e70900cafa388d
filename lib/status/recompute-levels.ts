import { componentLevels, type TLevelNotice } from "./levels";
import type { TTx } from "./internal";

/**
 * Writes each component's level from the published notices in force, in the caller's transaction.
 * Returns the components whose level changed, so the caller knows the public page moved.
 */
export async function recomputeComponentLevels(tx: TTx, now: Date): Promise<{ id: string; from: string; to: string }[]> {
  const components = await tx.statusComponent.findMany({ select: { id: true, status: true } });
  const notices = await tx.notice.findMany({
    where: { state: "published", status: { notIn: ["resolved", "completed"] } },
    select: { kind: true, state: true, status: true, scheduledFor: true, scheduledUntil: true, components: { select: { componentId: true, level: true } } },
  });
  const levels = componentLevels(components, notices satisfies TLevelNotice[], now);
  const changed = components.flatMap((c) => {
    const to = levels.get(c.id) ?? "operational";
    return to === c.status ? [] : [{ id: c.id, from: c.status, to }];
  });
  for (const c of changed) await tx.statusComponent.updateMany({ where: { id: c.id, status: c.from }, data: { status: c.to } });
  return changed;
}
