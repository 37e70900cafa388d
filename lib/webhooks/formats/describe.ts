import { z } from "zod";
import type { TAnyEventType } from "../schemas";

// A readable one-line account of an event for chat and incident tools. Payloads come from the
// publishers (alerts, mitigations, notices); fields read here are optional so an unexpected shape
// still gives a sensible line rather than an error.

const ZLabels = z.record(z.string(), z.string()).catch({});
const ZLoose = z
  .object({
    id: z.string().optional().catch(undefined),
    rule: z.string().optional().catch(undefined),
    severity: z.string().optional().catch(undefined),
    summary: z.string().optional().catch(undefined),
    title: z.string().optional().catch(undefined),
    status: z.string().optional().catch(undefined),
    action: z.string().optional().catch(undefined),
    cluster: z.string().optional().catch(undefined),
    body: z.string().optional().catch(undefined),
    url: z.string().optional().catch(undefined),
    labels: ZLabels.optional(),
  })
  .catch({});

export type TDescribed = { title: string; detail: string; severity: string | null; id: string | null; source: string; url: string | null };

const HEADLINE: Record<TAnyEventType, string> = {
  "alert.firing": "Alert firing",
  "alert.resolved": "Alert resolved",
  "mitigation.proposed": "Mitigation proposed",
  "mitigation.approved": "Mitigation approved",
  "mitigation.completed": "Mitigation completed",
  "notice.published": "Status notice published",
  "notice.updated": "Status notice updated",
  ping: "Test event from Shardwatch",
  "subscription.confirm": "Confirm your Shardwatch status subscription",
};

export function describeEvent(type: TAnyEventType, data: unknown): TDescribed {
  const d = ZLoose.parse(data ?? {});
  const labels = d.labels ?? {};
  const target = ["cluster", "shard", "replica", "node", "key"].flatMap((k) => (labels[k] ? [`${k}=${labels[k]}`] : [])).join(" ");
  const what = d.summary ?? d.title ?? d.rule ?? d.action ?? "";
  const title = [HEADLINE[type], what].filter(Boolean).join(": ");
  const detail = [target, d.status ? `status ${d.status}` : "", d.body ?? ""].filter(Boolean).join(" · ");
  return { title, detail, severity: d.severity ?? null, id: d.id ?? null, source: labels.node ?? labels.cluster ?? d.cluster ?? "shardwatch", url: d.url ?? null };
}
