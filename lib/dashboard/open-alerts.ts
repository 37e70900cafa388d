import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TSeverity } from "@/lib/detection/rules/schema";

// The open alerts each dashboard page needs, asked of the database as such: counts per cluster for the
// overview, a handful of rows for the shards on screen, the alerts of a few rules. A busy cluster has
// ~1,000 open alerts; reading and mapping all of them on every 5 s poll cost more than the rest of a page.

type TState = "pending" | "firing";
const OPEN = `a.state IN ('pending', 'firing')`;

export type TOpenAlertCount = { cluster: string; state: TState; severity: TSeverity; count: number };

/** Open alerts by cluster, state and severity. */
export async function openAlertCounts(sql: TSqlRunner): Promise<TOpenAlertCount[]> {
  return sql.query<TOpenAlertCount>(
    `SELECT a.cluster, a.state::text AS state, a.severity::text AS severity, count(*)::int AS count FROM alerts a WHERE ${OPEN} GROUP BY 1, 2, 3`,
  );
}

export type TShardAlert = { id: string; rule: string; state: TState; severity: TSeverity; shard: string };

/** Open alerts on the named shards of a cluster, the newest onset first. */
export async function openShardAlerts(sql: TSqlRunner, cluster: string, shards: readonly string[]): Promise<TShardAlert[]> {
  if (!shards.length) return [];
  return sql.query<TShardAlert>(
    `SELECT a.id, a.rule_name AS rule, a.state::text AS state, a.severity::text AS severity, a.labels->>'shard' AS shard FROM alerts a
     WHERE ${OPEN} AND a.cluster = $1 AND a.labels->>'shard' = ANY($2::text[]) ORDER BY a.active_at DESC, a.id DESC`,
    [cluster, shards],
  );
}

export type TRuleAlert = { ruleId: string; rule: string; state: TState; replica: string | null; node: string | null; key: string | null };

/** Open alerts of the given rules in a cluster, with the labels that name a replica, cache node or key. */
export async function openAlertsOfRules(sql: TSqlRunner, cluster: string, ruleIds: readonly string[]): Promise<TRuleAlert[]> {
  if (!ruleIds.length) return [];
  return sql.query<TRuleAlert>(
    `SELECT a.rule_id AS "ruleId", a.rule_name AS rule, a.state::text AS state,
       a.labels->>'replica' AS replica, a.labels->>'node' AS node, a.labels->>'key' AS key FROM alerts a
     WHERE ${OPEN} AND a.cluster = $1 AND a.rule_id = ANY($2::text[]) ORDER BY a.active_at DESC, a.id DESC`,
    [cluster, ruleIds],
  );
}
