import type { TSignalSummary } from "@/lib/mitigation/signal-summary";
import styles from "./mitigations.module.css";
import { ACTION_LABEL, formatQps, formatShare, type TMitigation } from "./format";

/** Why Shardwatch chose it: the rationale, its diagnosis, and the catalog actions that cannot help. */
export function WhySection({ m }: { m: TMitigation }) {
  const choice = m.signal?.choice;
  return (
    <section className="card" aria-labelledby="why-h">
      <h2 id="why-h">Why this</h2>
      <p data-testid="rationale">{m.rationale}</p>
      <p>
        <strong>Diagnosis:</strong> {choice?.summary ?? m.diagnosis}
      </p>
      <h3 className={styles.subhead}>What cannot help</h3>
      {choice && choice.cannotHelp.length > 0 ? (
        <ul className={styles.cannot} data-testid="cannot-help">
          {choice.cannotHelp.map((c) => (
            <li key={c.action}>
              <span aria-hidden="true">⊘ </span>
              <strong>{ACTION_LABEL[c.action]}</strong>: {c.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{choice ? "Every other catalog action could apply; this one ranked as shown." : "Not recorded for this mitigation."}</p>
      )}
    </section>
  );
}

function shardFacts(s: NonNullable<TSignalSummary["shard"]>, fair: number) {
  return [
    {
      name: `Shard ${s.id}`,
      value: formatQps(s.qps),
      sub: fair > 0 ? `${(s.qps / fair).toFixed(1)}× its fair share of ${formatQps(fair)}` : "no fair share known",
    },
    ...(s.capacityQps ? [{ name: "Shard capacity", value: `${formatShare(s.qps / s.capacityQps)} used`, sub: `of ${formatQps(s.capacityQps)}` }] : []),
    ...(s.readFraction !== null ? [{ name: "Read / write mix", value: `${formatShare(s.readFraction)} reads`, sub: `${formatShare(1 - s.readFraction)} writes` }] : []),
    ...(s.topKey ? [{ name: "Top key", value: s.topKey.key, sub: `${formatShare(s.topKey.share)} of the shard (${formatQps(s.topKey.qps)})` }] : []),
  ];
}

/** The key numbers of the signal it was chosen from. */
export function SignalSection({ signal }: { signal: TSignalSummary | null | undefined }) {
  if (!signal) return null;
  const facts = [
    ...(signal.shard ? shardFacts(signal.shard, signal.cluster.fairQps) : []),
    ...(signal.node
      ? [{ name: `Node ${signal.node.id}`, value: signal.node.utilisation !== null ? `${formatShare(signal.node.utilisation)} utilised` : formatQps(signal.node.qps), sub: signal.node.capacityQps ? `${formatQps(signal.node.qps)} of ${formatQps(signal.node.capacityQps)}` : "capacity unknown" }]
      : []),
    {
      name: `Cluster ${signal.cluster.name}`,
      value: formatQps(signal.cluster.qps),
      sub: `${signal.cluster.shardCount} shards${signal.cluster.baselineQps ? `, usually ${formatQps(signal.cluster.baselineQps)}` : ""}`,
    },
  ];
  return (
    <section className="card" aria-labelledby="signal-h">
      <h2 id="signal-h">The signal it was chosen from</h2>
      <dl className={styles.facts} data-testid="signal">
        {facts.map((f) => (
          <div key={f.name}>
            <dt>{f.name}</dt>
            <dd>
              {f.value}
              <span>{f.sub}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
