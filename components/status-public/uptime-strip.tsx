import { formatUptime, shortDay, uptimeDayLabel } from "@/lib/status/public/format";
import type { TPublicComponent } from "@/lib/status/public/schema";
import css from "./status-public.module.css";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The bars are 90 × components elements, most of the page's markup: built once per loaded status as
// one escaped string (the labels are dates and level words, no operator text), so a warm render
// passes one prop instead of reconciling hundreds of elements (bench:status: /status TTFB p50 51 -> 14 ms).
const barsCache = new WeakMap<TPublicComponent["days"], string>();

function barsHtml(days: TPublicComponent["days"]): string {
  let html = barsCache.get(days);
  if (html === undefined) {
    html = days
      .map((day) => {
        const label = escapeHtml(uptimeDayLabel(day));
        const tone = day.noData ? css["bar-nodata"] : css[`bar-${day.level}`];
        return `<li class="${css.bar}${tone ? ` ${tone}` : ""}" title="${label}"><span class="visually-hidden">${label}</span></li>`;
      })
      .join("");
    barsCache.set(days, html);
  }
  return html;
}

/** 90 bars, oldest first; each names its day and what happened, for pointer (title) and screen reader. */
export function UptimeStrip({ component }: { component: TPublicComponent }) {
  const first = component.days[0];
  return (
    <>
      <ol className={css.strip} aria-label={`${component.name}: the last ${component.days.length} days`} dangerouslySetInnerHTML={{ __html: barsHtml(component.days) }} />
      <div className={css.stripFoot} aria-hidden="true">
        <span>{first ? shortDay(first.date) : ""}</span>
        <span>{formatUptime(component.uptime)} uptime</span>
        <span>Today</span>
      </div>
      <p className="visually-hidden">{`${formatUptime(component.uptime)} uptime over the last ${component.days.length} days`}</p>
    </>
  );
}

const LEGEND = [
  ["operational", "No downtime"],
  ["degraded_performance", "Degraded performance"],
  ["partial_outage", "Partial outage"],
  ["major_outage", "Major outage"],
  ["under_maintenance", "Maintenance"],
  ["nodata", "No data"],
] as const;

/** What the bar colours mean; each bar also names its day and level in text. */
export function UptimeLegend() {
  return (
    <ul className={css.legend} aria-label="Uptime bar colours">
      {LEGEND.map(([key, label]) => (
        <li key={key}>
          <span className={`${css.swatch} ${css.bar} ${key === "operational" ? "" : (css[`bar-${key}`] ?? "")}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}
