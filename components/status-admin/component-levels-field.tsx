"use client";

import Link from "next/link";
import type { TComponentLevel } from "@/lib/status/levels";
import { EDITABLE_LEVELS, LEVEL_LABELS, type TStatusComponent } from "./format";
import styles from "./status-admin.module.css";

export type TPicked = Record<string, TComponentLevel>;

/** Which components a notice affects and how badly: a checkbox and a level per component. */
export function ComponentLevelsField({ components, value, onChange, error }: { components: TStatusComponent[]; value: TPicked; onChange: (v: TPicked) => void; error?: string | undefined }) {
  if (!components.length)
    return (
      <p className="muted">
        No status components yet. An admin adds them under <Link href="/settings/status-components">Settings → Status components</Link>.
      </p>
    );
  return (
    <fieldset className={`field ${styles.fieldset}`} aria-describedby="components-err">
      <legend className="legend">Affected components</legend>
      {components.map((c) => {
        const level = value[c.id];
        return (
          <div key={c.id} className={styles.componentRow}>
            <label>
              <input
                type="checkbox"
                checked={level !== undefined}
                onChange={(e) => {
                  const next = { ...value };
                  if (e.target.checked) next[c.id] = "degraded_performance";
                  else delete next[c.id];
                  onChange(next);
                }}
              />
              {c.name}
            </label>
            {level !== undefined && level !== "under_maintenance" ? (
              <select aria-label={`Level of ${c.name}`} value={level} onChange={(e) => onChange({ ...value, [c.id]: e.target.value as TComponentLevel })}>
                {EDITABLE_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {LEVEL_LABELS[l]}
                  </option>
                ))}
              </select>
            ) : (
              <span className="muted">{level === "under_maintenance" ? LEVEL_LABELS[level] : "Not affected"}</span>
            )}
          </div>
        );
      })}
      <span id="components-err" className="field-error">
        {error}
      </span>
    </fieldset>
  );
}
