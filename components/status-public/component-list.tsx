import { LEVEL_LABEL } from "@/lib/status/public/levels";
import type { TPublicComponent } from "@/lib/status/public/schema";
import { LEVEL_TONE, ToneIcon } from "./icons";
import css from "./status-public.module.css";
import { UptimeLegend, UptimeStrip } from "./uptime-strip";

export function ComponentList({ components }: { components: TPublicComponent[] }) {
  if (components.length === 0) return <p className="muted">No components are listed yet.</p>;
  return (
    <>
      <ul className={`${css.card} ${css.components}`}>
        {components.map((c) => (
          <li key={c.id} className={css.component}>
            <div className={css.componentHead}>
              <span className={css.componentName}>{c.name}</span>
              <span className={`${css.level} ${css[`level-${c.level}`] ?? ""}`}>
                <ToneIcon tone={LEVEL_TONE[c.level]} size={16} />
                {LEVEL_LABEL[c.level]}
              </span>
            </div>
            {c.description ? <p className={css.componentDesc}>{c.description}</p> : null}
            {c.targets?.length ? <p className={css.targets}>{c.targets.join(" · ")}</p> : null}
            <UptimeStrip component={c} />
          </li>
        ))}
      </ul>
      <UptimeLegend />
    </>
  );
}
