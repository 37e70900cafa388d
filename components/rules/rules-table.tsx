import Link from "next/link";
import { millis, RuleStateBadge, seconds, SeverityBadge } from "./badges";
import type { TRuleView } from "./types";

/** Every rule with its health: a rule disabled by an error says why, in the row. */
export function RulesTable({ rules }: { rules: TRuleView[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col">For</th>
            <th scope="col">Version</th>
            <th scope="col">Latency p50 / p95</th>
            <th scope="col">Fired (7 d)</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-testid="rule-row">
              <td>
                <Link href={`/rules/${r.id}`}>
                  <strong>{r.title}</strong>
                </Link>
                <div className="muted mono">
                  {r.name}
                  {r.cluster ? ` · cluster ${r.cluster}` : ""}
                </div>
                {r.disabledReason ? (
                  <div className="alert alert-error rule-reason" data-testid="disabled-reason">
                    <span>
                      <strong>Disabled:</strong> {r.disabledReason}. Saving the rule enables it again.
                    </span>
                  </div>
                ) : null}
              </td>
              <td>
                <code>{r.kind}</code>
              </td>
              <td>
                <SeverityBadge severity={r.severity} />
              </td>
              <td>
                <RuleStateBadge enabled={r.enabled} disabledReason={r.disabledReason} />
              </td>
              <td>{seconds(r.for)}</td>
              <td>v{r.version}</td>
              <td>
                {millis(r.detectionLatency?.p50Ms ?? null)} / {millis(r.detectionLatency?.p95Ms ?? null)}
              </td>
              <td>{r.detectionLatency?.fired ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
