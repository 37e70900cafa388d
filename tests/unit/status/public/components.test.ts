import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ComponentList } from "@/components/status-public/component-list";
import { NoticeCard } from "@/components/status-public/notice-card";
import { assemblePublicStatus } from "@/lib/status/public/assemble";
import { componentRow, noticeRow, NOW } from "./fixtures";

const status = assemblePublicStatus(
  {
    components: [componentRow({ status: "partial_outage" })],
    notices: [noticeRow(), noticeRow({ id: "n-old", title: "Old", status: "resolved", startedAt: new Date("2026-11-21T08:00:00Z"), resolvedAt: new Date("2026-11-21T09:10:00Z") })],
  },
  NOW,
);

describe("public page components", () => {
  it("draw 90 labelled bars per component, without its hidden targets", () => {
    const html = renderToStaticMarkup(createElement(ComponentList, { components: status.components }));
    const strip = html.match(/<ol[^>]*aria-label="Orders API: the last 90 days"[^>]*>(.*?)<\/ol>/)![1]!;
    expect(strip.match(/<li /g)).toHaveLength(90);
    expect(strip).toContain('title="21 Nov: partial outage 1 h 10 min"');
    expect(strip).toContain('<span class="visually-hidden">23 Nov: partial outage 3 h</span>');
    expect(html).toContain("Partial outage");
    expect(html).not.toContain("s-07");
  });

  it("show an open notice's impact, SLO, expected duration and timeline, body as text", () => {
    const html = renderToStaticMarkup(createElement(NoticeCard, { notice: status.active[0]! }));
    expect(html).toContain('id="notice-n-1"');
    expect(html).toContain("Major impact");
    expect(html).toContain("Order write latency: p99 up to 800 ms, target 200 ms");
    expect(html).toContain("about 45 min (until about 23 Nov 2026, 09:45 UTC)");
    expect(html.indexOf("A fix is in place")).toBeLessThan(html.indexOf("We are looking into"));
    expect(html).toContain("A fix is in place &lt;b&gt;&amp;&lt;/b&gt; we are watching.");
  });
});
