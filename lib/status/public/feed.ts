import { STATUS_LABEL } from "./levels";
import type { TPublicFeedEntry } from "./schema";
import type { TPageInfo } from "./summary";

// Atom 1.0 (RFC 4287) written by hand: a dozen elements, and owning the escaping is simpler than a
// dependency. Ids are tag: URIs (RFC 4151) so they stay stable if the page moves host.

/** Escapes text for XML element content and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function tagId(baseUrl: string, specific: string): string {
  const host = new URL(baseUrl).hostname;
  return `tag:${host},2026:${specific}`;
}

/** The update's body as HTML (paragraphs, escaped), then escaped again as the entry's content text. */
function entryHtml(e: TPublicFeedEntry): string {
  const paras = e.body.split(/\n{2,}/).map((p) => `<p>${xmlEscape(p).replace(/\n/g, "<br>")}</p>`);
  const meta = `<p><strong>${xmlEscape(STATUS_LABEL[e.status])}</strong> · impact ${xmlEscape(e.impact)}${e.components.length ? ` · ${xmlEscape(e.components.join(", "))}` : ""}</p>`;
  return [meta, ...paras].join("");
}

export function renderAtomFeed(entries: readonly TPublicFeedEntry[], info: TPageInfo, now: Date): string {
  const page = `${info.baseUrl}/status`;
  const updated = entries[0]?.createdAt ?? now.toISOString();
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
    `  <id>${xmlEscape(tagId(info.baseUrl, "status"))}</id>`,
    `  <title>${xmlEscape(info.name)}</title>`,
    `  <subtitle>Incidents, SLA downgrades and maintenance</subtitle>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${page}/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(page)}"/>`,
    `  <author><name>${xmlEscape(info.name)}</name></author>`,
    `  <generator>Shardwatch</generator>`,
  ];
  for (const e of entries) {
    const link = `${page}#notice-${e.noticeId}`;
    lines.push(
      `  <entry>`,
      `    <id>${xmlEscape(tagId(info.baseUrl, `notice-update:${e.id}`))}</id>`,
      `    <title>${xmlEscape(`${STATUS_LABEL[e.status]}: ${e.title}`)}</title>`,
      `    <updated>${e.createdAt}</updated>`,
      `    <published>${e.createdAt}</published>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(link)}"/>`,
      `    <content type="html">${xmlEscape(entryHtml(e))}</content>`,
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}
