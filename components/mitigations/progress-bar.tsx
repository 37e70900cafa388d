import styles from "./mitigations.module.css";
import { percent } from "./format";

/** A labelled progress bar: the percentage is in the text too, not only in the bar's length. */
export function ProgressBar({ value, label }: { value: number | null | undefined; label: string }) {
  const pct = percent(value);
  return (
    <div className={styles.progress}>
      <div className={styles.track} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className={styles.fill} style={{ width: `${pct}%` }} />
      </div>
      <span className={styles.pct} data-testid="progress-percent">
        {pct}%
      </span>
    </div>
  );
}
