import { describeEvent } from "./describe";
import type { TFormatted, TOutgoingEvent } from "./types";

// A Slack incoming-webhook message: `text` is the notification and fallback, `blocks` the layout.
const ICON: Record<string, string> = { "alert.firing": ":rotating_light:", "alert.resolved": ":white_check_mark:" };

/** Slack's mrkdwn treats &, < and > as control characters. */
export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export function formatSlack(event: TOutgoingEvent): TFormatted {
  const d = describeEvent(event.type, event.payload);
  const icon = ICON[event.type] ?? ":information_source:";
  const severity = d.severity ? ` [${d.severity}]` : "";
  const text = `${icon} ${escapeSlack(d.title)}${severity}`;
  const context = [d.detail ? escapeSlack(d.detail) : null, `${event.type} · ${event.occurredAt.toISOString()}`].filter((x): x is string => !!x);
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${text}*` } },
    { type: "context", elements: context.map((t) => ({ type: "mrkdwn", text: t })) },
  ];
  if (d.url && /^https?:\/\//.test(d.url)) blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${escapeSlack(d.url)}|Open in Shardwatch>` } });
  return { body: JSON.stringify({ text, blocks }), contentType: "application/json" };
}
