import type { TControlPlane, TMoveOptions, TOperation, TShardLoad, TSplitOptions, TTopology } from "@/lib/control-plane/types";
import { NotFoundError } from "@/lib/errors";
import { clusterOf, downNodes, startMove, startSplit } from "./actions";
import { startCacheOverlay, startKeySalting, startReadsToReplicas, startRollback, startThrottle } from "./config-actions";
import { inspectShard } from "./inspect";
import type { SimModel } from "./model";
import { ringHex } from "./ring";

// The simulator behind the control-plane interface: mitigations act on the simulated cluster and
// their effect shows up in its telemetry.

const copy = (op: TOperation): TOperation => structuredClone(op);

export class SimControlPlane implements TControlPlane {
  readonly name = "simulator";

  /** `model` answers the simulation currently running, or throws when there is none. */
  constructor(private readonly model: () => SimModel) {}

  async describeTopology(cluster: string): Promise<TTopology> {
    await Promise.resolve();
    const m = this.model();
    const c = clusterOf(m, cluster);
    const down = downNodes(m, cluster);
    const copying = new Set([...m.ops.values()].filter((s) => s.shard && s.shard.copyLoad > 0).map((s) => s.shard!.id));
    return {
      cluster,
      copyMBps: c.state.spec.copyMBps,
      routingVersion: c.state.routingVersion,
      nodes: c.state.nodes.map((n) => ({ id: n.id, capacityQps: n.capacityQps, up: !down.has(n.id) })),
      shards: c.state.shards.map((s) => ({
        id: s.id,
        node: s.node,
        keyRange: { start: ringHex(s.start), end: ringHex(s.end) },
        capacityQps: c.state.spec.shardCapacityQps,
        status: copying.has(s.id) ? ("copying" as const) : ("active" as const),
        replicas: s.replicas.map((r) => ({ id: r.id, node: r.node })),
        sizeGb: Math.round(s.sizeGb * 100) / 100,
      })),
      cacheNodes: c.state.cacheNodes.map((n) => ({ id: n.id, capacityKeys: n.capacityKeys })),
    };
  }

  /** From the last step: the shard's read/write mix and the followed keys that landed on it. */
  async inspectShard(cluster: string, shard: string): Promise<TShardLoad> {
    await Promise.resolve();
    return inspectShard(this.model(), cluster, shard);
  }

  // async so that a thrown error (unknown shard, shard busy) becomes a rejected promise.
  private async run(fn: (m: SimModel) => TOperation): Promise<TOperation> {
    await Promise.resolve();
    return copy(fn(this.model()));
  }

  splitShard(cluster: string, shard: string, opts?: TSplitOptions): Promise<TOperation> {
    return this.run((m) => startSplit(m, cluster, shard, opts));
  }
  moveShard(cluster: string, shard: string, toNode: string, opts?: TMoveOptions): Promise<TOperation> {
    return this.run((m) => startMove(m, cluster, shard, toNode, opts));
  }
  throttle(cluster: string, target: string, limitQps: number): Promise<TOperation> {
    return this.run((m) => startThrottle(m, cluster, target, limitQps));
  }
  enableKeySalting(cluster: string, key: string, buckets: number): Promise<TOperation> {
    return this.run((m) => startKeySalting(m, cluster, key, buckets));
  }
  enableCacheOverlay(cluster: string, keys: string[], ttlSeconds: number): Promise<TOperation> {
    return this.run((m) => startCacheOverlay(m, cluster, keys, ttlSeconds));
  }
  routeReadsToReplicas(cluster: string, shard: string, fraction: number): Promise<TOperation> {
    return this.run((m) => startReadsToReplicas(m, cluster, shard, fraction));
  }
  rollback(id: string): Promise<TOperation> {
    return this.run((m) => startRollback(m, id));
  }
  getOperation(id: string): Promise<TOperation> {
    return this.run((m) => {
      const s = m.ops.get(id);
      if (!s) throw new NotFoundError(`No operation "${id}"`);
      return s.op;
    });
  }
  async listOperations(cluster?: string): Promise<TOperation[]> {
    await Promise.resolve();
    const ops = [...this.model().ops.values()].map((s) => s.op).filter((op) => !cluster || op.cluster === cluster);
    return ops.reverse().map(copy);
  }
}
