import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { TAlert } from "@/lib/detection/engine/types";
import type { TNotification } from "@/lib/detection/live/service";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { TComponentTarget } from "@/lib/status/schemas";
import { applyDraftActions } from "./apply-draft-actions";
import { CACHE_KINDS, componentsForAlert } from "./match";
import { planDrafts, type TBreach, type TOpenNotice } from "./plan";
import { sloOf, type TSlo } from "./slo";

// Breach drafts: firing alerts are remembered from detection's notifications; each pass drafts for
// those whose SLO breach has lasted `delayMs`. Nothing is published here: a person does that.
// When every alert of an unpublished draft has resolved, the draft is marked resolved (kept for an
// after-the-fact SLA notice or a discard) and a new breach on its components starts a new draft.

type TTracked = { alert: TAlert; worst: number };
const RESOLVED_NOTE = "All alerts behind this draft resolved at {time} UTC, before it was published. Publish it as an after-the-fact notice, or discard it.";

export class NoticeDrafter {
  private readonly firing = new Map<string, TTracked>();
  private readonly rules = new Map<string, { kind: string; slo: TSlo | null }>();

  constructor(
    private readonly db: PrismaClient,
    private readonly delayMs: number,
  ) {}

  /** Resumes the firing alerts after a restart (their onset is kept, so the delay is not restarted). */
  seed(open: readonly TAlert[]): void {
    for (const a of open) if (a.state === "firing") this.firing.set(a.id, { alert: a, worst: a.value });
  }

  /** Detection's notifier: remembers, never writes, so detection is not held up. */
  observe(batch: readonly TNotification[]): void {
    for (const { transition: t } of batch) {
      if (t.type === "firing") {
        const prev = this.firing.get(t.alert.id);
        this.firing.set(t.alert.id, { alert: { ...t.alert }, worst: prev ? prev.worst : t.alert.value });
      } else if (t.type === "resolved" || t.type === "cancelled") this.firing.delete(t.alert.id);
    }
  }

  private async ruleOf(ruleId: string) {
    let r = this.rules.get(ruleId);
    if (!r) {
      const row = ruleId ? await this.db.rule.findUnique({ where: { id: ruleId }, select: { kind: true, params: true } }) : null;
      r = { kind: row?.kind ?? "", slo: row ? sloOf(row) : null };
      this.rules.set(ruleId, r);
    }
    return r;
  }

  /** Current values from the stored alerts (written every snapshot), so the figures show the worst seen. */
  private async refresh(): Promise<void> {
    if (!this.firing.size) return;
    const rows = await this.db.alert.findMany({ where: { id: { in: [...this.firing.keys()] } }, select: { id: true, value: true, state: true } });
    for (const row of rows) {
      const t = this.firing.get(row.id);
      if (!t) continue;
      if (row.state === "resolved") this.firing.delete(row.id);
      else t.alert.value = row.value;
    }
  }

  private async breaches(now: number): Promise<TBreach[]> {
    const components = (await this.db.statusComponent.findMany({ select: { id: true, name: true, targets: true } })).map((c) => ({ ...c, targets: c.targets as TComponentTarget[] }));
    const out: TBreach[] = [];
    for (const { alert, worst } of this.firing.values()) {
      if ((alert.firedAt ?? alert.activeAt) + this.delayMs > now) continue;
      const rule = await this.ruleOf(alert.ruleId);
      if (!rule.slo) continue;
      const hit = componentsForAlert(components, { labels: alert.labels, cache: CACHE_KINDS.has(rule.kind) });
      if (!hit.length) continue;
      const w = rule.slo.worse(worst, alert.value);
      this.firing.get(alert.id)!.worst = w;
      out.push({ alertId: alert.id, severity: alert.severity, since: alert.activeAt, worst: w, slo: rule.slo, components: hit.map((c) => ({ id: c.id, name: c.name })) });
    }
    return out;
  }

  private async openNotices(): Promise<TOpenNotice[]> {
    const rows = await this.db.notice.findMany({
      where: { kind: { not: "maintenance" }, status: { not: "resolved" }, OR: [{ state: "published" }, { state: "draft", incidentKey: { not: null } }] },
      select: { id: true, state: true, alertIds: true, impact: true, sloImpact: true, components: { select: { componentId: true, level: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({ ...r, state: r.state as "draft" | "published" }));
  }

  /** Unpublished breach drafts whose alerts have all resolved are marked resolved, with a note. */
  private async closeResolved(now: Date): Promise<void> {
    const drafts = await this.db.notice.findMany({ where: { state: "draft", incidentKey: { not: null }, status: { not: "resolved" } }, select: { id: true, version: true, alertIds: true } });
    for (const d of drafts) {
      if (d.alertIds.some((id) => this.firing.has(id))) continue;
      await this.db.$transaction(async (tx) => {
        const { count } = await tx.notice.updateMany({ where: { id: d.id, version: d.version, state: "draft" }, data: { status: "resolved", resolvedAt: now, version: { increment: 1 }, updatedAt: now } });
        if (count === 0) return;
        const [last] = await tx.noticeUpdate.findMany({ where: { noticeId: d.id }, orderBy: { createdAt: "desc" }, take: 1 });
        const note = RESOLVED_NOTE.replace("{time}", now.toISOString().slice(11, 16));
        await tx.noticeUpdate.deleteMany({ where: { noticeId: d.id } });
        await tx.noticeUpdate.create({ data: { noticeId: d.id, status: "resolved", body: last ? `${last.body}\n\n${note}` : note, createdAt: now } });
        await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "notice.draft_resolved", targetType: "notice", targetId: d.id });
      });
    }
  }

  /** One pass at `now` (ms): close drafts whose alerts all resolved, then draft or extend. */
  async pass(now: number): Promise<void> {
    await this.refresh();
    await this.closeResolved(new Date(now));
    const breaches = await this.breaches(now);
    if (!breaches.length) return;
    await applyDraftActions(this.db, planDrafts(breaches, await this.openNotices()), new Date(now));
  }
}
