import { formatDuration, formatUtc } from "@/lib/status/public/format";
import { LEVEL_LABEL, STATUS_LABEL } from "@/lib/status/public/levels";
import type { TPublicNotice } from "@/lib/status/public/schema";
import { ToneIcon } from "./icons";
import css from "./status-public.module.css";

const IMPACT_LABEL = { none: "No impact", minor: "Minor impact", major: "Major impact", critical: "Critical impact" } as const;
const IMPACT_TONE = { none: "ok", minor: "warn", major: "crit", critical: "crit" } as const;
const KIND_LABEL = { incident: "Incident", sla_downgrade: "SLA downgrade", maintenance: "Maintenance" } as const;

export function Timeline({ notice }: { notice: TPublicNotice }) {
  if (notice.updates.length === 0) return null;
  return (
    <ol className={css.timeline} aria-label={`Updates on ${notice.title}, newest first`}>
      {notice.updates.map((u) => (
        <li key={u.id}>
          <div className={css.updateHead}>
            <strong>{STATUS_LABEL[u.status]}</strong>{" "}
            <time className={css.time} dateTime={u.createdAt}>
              {formatUtc(u.createdAt)}
            </time>
          </div>
          <p className={css.updateBody}>{u.body}</p>
        </li>
      ))}
    </ol>
  );
}

function Facts({ notice }: { notice: TPublicNotice }) {
  const expectedEnd = notice.expectedMinutes ? new Date(Date.parse(notice.startedAt) + notice.expectedMinutes * 60_000).toISOString() : null;
  return (
    <dl className={css.facts}>
      {notice.kind === "maintenance" && notice.scheduledFor ? (
        <>
          <dt>Scheduled</dt>
          <dd>
            {formatUtc(notice.scheduledFor)}
            {notice.scheduledUntil ? ` to ${formatUtc(notice.scheduledUntil)}` : ""}
          </dd>
        </>
      ) : (
        <>
          <dt>Started</dt>
          <dd>{formatUtc(notice.startedAt)}</dd>
        </>
      )}
      {notice.components.length ? (
        <>
          <dt>Affects</dt>
          <dd>
            {notice.components.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ", " : ""}
                {c.name} <span className={`${css.level} ${css[`level-${c.level}`] ?? ""}`}>({LEVEL_LABEL[c.level].toLowerCase()})</span>
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {notice.sloName || notice.sloImpact ? (
        <>
          <dt>SLO impact</dt>
          <dd>{[notice.sloName, notice.sloImpact].filter(Boolean).join(": ")}</dd>
        </>
      ) : null}
      {notice.expectedMinutes && expectedEnd && !notice.resolvedAt ? (
        <>
          <dt>Expected duration</dt>
          <dd>
            about {formatDuration(notice.expectedMinutes * 60_000)} (until about {formatUtc(expectedEnd)})
          </dd>
        </>
      ) : null}
      {notice.resolvedAt ? (
        <>
          <dt>{notice.kind === "maintenance" ? "Completed" : "Resolved"}</dt>
          <dd>{formatUtc(notice.resolvedAt)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** An open incident, SLA downgrade or maintenance with everything a reader needs, timeline last. */
export function NoticeCard({ notice }: { notice: TPublicNotice }) {
  const tone = notice.kind === "maintenance" ? "info" : IMPACT_TONE[notice.impact];
  return (
    <article
      id={`notice-${notice.id}`}
      className={`${css.card} ${css.notice} ${notice.kind === "maintenance" ? css.maintenance : (css[`impact-${notice.impact}`] ?? "")}`}
      aria-labelledby={`notice-title-${notice.id}`}
    >
      <h3 id={`notice-title-${notice.id}`}>{notice.title}</h3>
      <div className={css.noticeMeta}>
        <span className={css.level}>
          <ToneIcon tone={tone} size={16} />
          {STATUS_LABEL[notice.status]}
        </span>
        <span className="badge">{KIND_LABEL[notice.kind]}</span>
        {notice.kind !== "maintenance" ? <span className="badge">{IMPACT_LABEL[notice.impact]}</span> : null}
      </div>
      <Facts notice={notice} />
      <Timeline notice={notice} />
    </article>
  );
}
