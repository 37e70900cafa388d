// While a mitigation runs, the alerts it predictably causes on what it touches are expected, not
// paged: a move or split loads the source and target nodes while copying, a cutover blips latency.
// Pure: from the running mitigations to a matcher over alert labels.

export type TRunning = { cluster: string; action: string; target: string; params: Record<string, unknown>; signal?: { shard?: { node?: string } | null } | null };
export type TScope = { cluster: string; shards: Set<string>; nodes: Set<string> };

export function scopesOf(running: readonly TRunning[]): TScope[] {
  return running.map((m) => {
    const shards = new Set<string>();
    const nodes = new Set<string>();
    if (m.action === "split" || m.action === "move" || m.action === "reads-to-replicas" || (m.action === "throttle" && m.target !== "cluster")) shards.add(m.target);
    const toNode = m.params.toNode;
    if (typeof toNode === "string") nodes.add(toNode);
    const from = m.signal?.shard?.node;
    if ((m.action === "split" || m.action === "move") && typeof from === "string") nodes.add(from);
    return { cluster: m.cluster, shards, nodes };
  });
}

/**
 * An alert is expected when it is on a shard being changed, on a node taking or giving a copy, or on
 * a replica of a shard whose reads are being moved. Cluster-wide alerts stay unexpected.
 */
export function isExpected(scopes: readonly TScope[], labels: Record<string, string | undefined>): boolean {
  return scopes.some(
    (s) =>
      s.cluster === labels.cluster &&
      ((labels.shard !== undefined && s.shards.has(labels.shard)) || (labels.node !== undefined && labels.replica === undefined && s.nodes.has(labels.node))),
  );
}
