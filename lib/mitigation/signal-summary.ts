import { z } from "zod";
import { OPERATION_KINDS } from "@/lib/control-plane/types";
import type { TChoice, TChoiceInput } from "./choose";

// The key numbers of the signal a proposal was chosen from, for people deciding on it: the shard
// against its fair share and capacity, its node's utilisation, the read/write mix, the top key.
// The stored signal holds the whole topology; this keeps what a person reads. Pure.

export const ZSignalSummary = z.object({
  trigger: z.string(),
  cluster: z.object({ name: z.string(), qps: z.number(), shardCount: z.number().int(), fairQps: z.number(), baselineQps: z.number().nullable() }),
  shard: z
    .object({
      id: z.string(),
      node: z.string(),
      qps: z.number(),
      capacityQps: z.number().nullable(),
      sizeGb: z.number().nullable(),
      /** Reads (primary and replicas) over all requests, when the plane reported the mix. */
      readFraction: z.number().nullable(),
      topKey: z.object({ key: z.string(), qps: z.number(), share: z.number() }).nullable(),
    })
    .nullable(),
  node: z.object({ id: z.string(), qps: z.number(), capacityQps: z.number().nullable(), utilisation: z.number().nullable() }).nullable(),
  /** Shardwatch's diagnosis in a sentence and the catalog actions that cannot help; null for old rows. */
  choice: z.object({ summary: z.string(), cannotHelp: z.array(z.object({ action: z.enum(OPERATION_KINDS), reason: z.string() })) }).nullable(),
});
export type TSignalSummary = z.infer<typeof ZSignalSummary>;

type TStoredSignal = Partial<TChoiceInput> & { choice?: Pick<TChoice, "summary" | "cannotHelp"> };

function shardOf(s: NonNullable<TChoiceInput["shard"]>): NonNullable<TSignalSummary["shard"]> {
  const load = s.load;
  const total = load ? load.readQps + load.writeQps + load.replicaReadQps : 0;
  const top = load?.topKeys.length ? load.topKeys.reduce((a, b) => (b.readQps + b.writeQps > a.readQps + a.writeQps ? b : a)) : null;
  const topQps = top ? top.readQps + top.writeQps : 0;
  return {
    id: s.id,
    node: s.node,
    qps: s.qps,
    capacityQps: s.capacityQps,
    sizeGb: s.sizeGb,
    readFraction: load && total > 0 ? (load.readQps + load.replicaReadQps) / total : null,
    topKey: top && total > 0 ? { key: top.key, qps: topQps, share: topQps / total } : null,
  };
}

/** The summary of a stored signal, or null when it is not one (a row written before signals were kept). */
export function summariseSignal(raw: unknown): TSignalSummary | null {
  const s = raw as TStoredSignal | null;
  if (!s || typeof s !== "object" || !s.cluster || typeof s.cluster.qps !== "number") return null;
  const c = s.cluster;
  const node = s.shard ? (s.nodes ?? []).find((n) => n.id === s.shard!.node) : undefined;
  const nodeQps = node ? node.shards.reduce((sum, x) => sum + x.qps, 0) : 0;
  return {
    trigger: s.trigger ?? "unknown",
    cluster: { name: c.name, qps: c.qps, shardCount: c.shardCount, fairQps: c.shardCount > 0 ? c.qps / c.shardCount : 0, baselineQps: c.baselineQps ?? null },
    shard: s.shard ? shardOf(s.shard) : null,
    node: node ? { id: node.id, qps: nodeQps, capacityQps: node.capacityQps, utilisation: node.capacityQps ? nodeQps / node.capacityQps : null } : null,
    choice: s.choice ? { summary: s.choice.summary, cannotHelp: s.choice.cannotHelp } : null,
  };
}
