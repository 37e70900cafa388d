import styles from "./mitigations.module.css";
import { formatNumber, formatSeconds, type TMitigation } from "./format";

/** The dry-run plan: numbered steps, data to copy, duration, and the effect it expects. */
export function PlanSection({ m }: { m: TMitigation }) {
  const { plan } = m;
  return (
    <section className="card" aria-labelledby="plan-h">
      <h2 id="plan-h">Dry-run plan</h2>
      <ol className={styles.steps} data-testid="plan-steps">
        {plan.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      <dl className={styles.facts}>
        <div>
          <dt>Data to copy</dt>
          <dd>{plan.copyGb > 0 ? `${formatNumber(plan.copyGb)} GB` : "None"}</dd>
        </div>
        <div>
          <dt>Estimated duration</dt>
          <dd>{formatSeconds(plan.estimatedSeconds)}</dd>
        </div>
      </dl>
      {plan.expected.length > 0 ? (
        <div className="table-wrap">
          <table className={styles.tableCompact}>
            <caption className="visually-hidden">Expected effect</caption>
            <thead>
              <tr>
                <th scope="col">Expected effect</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {plan.expected.map((e) => (
                <tr key={`${e.what}-${e.target}`}>
                  <td data-label="Effect">
                    {e.what} of <code>{e.target}</code>
                  </td>
                  <td className={styles.num} data-label="Before">
                    {formatNumber(e.before)} {e.unit}
                  </td>
                  <td className={styles.num} data-label="After">
                    → {formatNumber(e.after)} {e.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
