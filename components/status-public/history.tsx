import { formatUtc } from "@/lib/status/public/format";
import type { TPublicStatus } from "@/lib/status/public/schema";
import { Timeline } from "./notice-card";
import css from "./status-public.module.css";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const longDay = (date: string) => {
  const [y, m, d] = date.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ""} ${y}`;
};

/** Past incidents by day, like Statuspage's history; the timeline opens with <details>, no script. */
export function History({ history }: { history: TPublicStatus["history"] }) {
  return (
    <div className={`${css.card} ${css.history}`}>
      {history.map((day) => (
        <section key={day.date} className={css.day} aria-labelledby={`day-${day.date}`}>
          <h3 id={`day-${day.date}`}>{longDay(day.date)}</h3>
          {day.notices.length === 0 ? (
            <p className={`muted ${css.dayEmpty}`}>No incidents reported.</p>
          ) : (
            <ul className={css.pastList}>
              {day.notices.map((n) => (
                <li key={n.id} id={`notice-${n.id}`}>
                  <details>
                    <summary>
                      <strong>{n.title}</strong>{" "}
                      <span className={css.time}>
                        {n.resolvedAt ? `${n.kind === "maintenance" ? "completed" : "resolved"} ${formatUtc(n.resolvedAt)}` : ""}
                      </span>
                    </summary>
                    <div>
                      <Timeline notice={n} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
