import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import type { TDraftAction } from "./plan";

/** Writes the planned drafts, each in its own transaction; extending is conditional on the version. */
export async function applyDraftActions(db: PrismaClient, actions: readonly TDraftAction[], now: Date): Promise<void> {
  for (const a of actions) {
    try {
      await db.$transaction(async (tx) => {
        if (a.type === "create") {
          const { components, message, ...fields } = a.fields;
          const row = await tx.notice.create({
            data: {
              ...fields,
              kind: "sla_downgrade",
              state: "draft",
              status: "investigating",
              incidentKey: a.incidentKey,
              alertIds: a.alertIds,
              startedAt: new Date(a.startedAt),
              createdAt: now,
              updatedAt: now,
              components: { create: components },
              updates: { create: { status: "investigating", body: message, createdAt: now } },
            },
          });
          await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "notice.draft", targetType: "notice", targetId: row.id, after: { title: fields.title, alertIds: a.alertIds } });
          return;
        }
        const cur = await tx.notice.findUniqueOrThrow({ where: { id: a.id }, select: { version: true, alertIds: true } });
        const alertIds = [...new Set([...cur.alertIds, ...a.alertIds])];
        if (a.type === "attach") {
          // Only the internal alert list of a published notice moves: no version bump under an editor.
          await tx.notice.updateMany({ where: { id: a.id, state: "published" }, data: { alertIds } });
        } else {
          const { components, ...fields } = a.fields;
          const { count } = await tx.notice.updateMany({
            where: { id: a.id, version: cur.version, state: "draft" },
            data: { ...fields, alertIds, version: { increment: 1 }, updatedAt: now },
          });
          if (count === 0) return; // published or edited meanwhile: the next pass sees the new state
          await tx.noticeComponent.deleteMany({ where: { noticeId: a.id } });
          await tx.noticeComponent.createMany({ data: components.map((c) => ({ noticeId: a.id, ...c })) });
        }
        await writeAudit(tx, { actor: SYSTEM_ACTOR, action: `notice.draft_${a.type}`, targetType: "notice", targetId: a.id, after: { alertIds: a.alertIds } });
      });
    } catch (err) {
      // A second process drafting the same incident hits the unique incident key: its draft stands.
      if ((err as { code?: string }).code === "P2002") continue;
      log.warn("breach draft not written", { action: a.type, err });
    }
  }
}
