import { ZLabel, type TSample } from "../sample";
import { CounterRates } from "./counter-rates";
import { DEFAULT_PROM_MAPPING } from "./mapping-defaults";
import { OPTIONAL_LABELS, REQUIRED_LABELS, type TIdentityLabel, type TPromMappingConfig, type TPromRule, type TSampleType } from "./mapping-config";
import type { TPromMapper, TPromMapResult, TPromSeries } from "./types";

export { DEFAULT_PROM_MAPPING } from "./mapping-defaults";
export { ZPromMappingConfig, type TPromMappingConfig, type TPromRule } from "./mapping-config";
export { loadPromMapping, PROM_MAPPING_FILE_VAR } from "./mapping-load";

type TSource = { from: readonly string[]; fallback: string | undefined };
type TCompiledRule = {
  type: TSampleType;
  field: string;
  counter: boolean;
  scale: number;
  combine: "sum" | "max";
  range: [number, number];
  identity: [TIdentityLabel, TSource, boolean][]; // label, where it comes from, required
};
type TIdentity = { key: string; cluster: string; shard: string; node: string | undefined; replica: string };

const FRACTION_FIELDS = new Set(["cpu", "errorRate"]);
const SEP = "\u0000"; // sample labels never hold control characters (ZLabel)

function compileRule(rule: TPromRule, config: TPromMappingConfig): TCompiledRule {
  const source = (label: TIdentityLabel): TSource => {
    const own = rule.labels?.[label];
    const shared = config.labels[label];
    return { from: own?.from ?? shared?.from ?? [label], fallback: own?.default ?? shared?.default };
  };
  return {
    type: rule.type,
    field: rule.field,
    counter: rule.kind === "counter",
    scale: rule.scale,
    combine: rule.combine ?? (rule.kind === "counter" ? "sum" : "max"),
    range: FRACTION_FIELDS.has(rule.field) ? [0, 1] : [0, Infinity],
    identity: [
      ...REQUIRED_LABELS[rule.type].map((l): [TIdentityLabel, TSource, boolean] => [l, source(l), true]),
      ...OPTIONAL_LABELS[rule.type].map((l): [TIdentityLabel, TSource, boolean] => [l, source(l), false]),
    ],
  };
}

function resolveIdentity(rule: TCompiledRule, labels: Record<string, string>, isLabel: (v: string) => boolean): TIdentity | undefined {
  const id: TIdentity = { key: rule.type, cluster: "", shard: "", node: undefined, replica: "" };
  for (const [label, source, required] of rule.identity) {
    let value = source.fallback;
    for (const name of source.from) {
      if (labels[name]) {
        value = labels[name];
        break;
      }
    }
    if (value === undefined || !isLabel(value)) {
      if (required) return undefined;
      continue;
    }
    id[label] = value;
    id.key += SEP + label + SEP + value;
  }
  return id;
}

function newSample(type: TSampleType, id: TIdentity, ts: number): TSample {
  if (type === "shard") return { type, cluster: id.cluster, shard: id.shard, node: id.node!, ts };
  if (type === "cache") return { type, cluster: id.cluster, node: id.node!, ts };
  return id.node === undefined
    ? { type, cluster: id.cluster, shard: id.shard, replica: id.replica, ts }
    : { type, cluster: id.cluster, shard: id.shard, replica: id.replica, node: id.node, ts };
}

/** ZLabel, remembered: the same few label values arrive in every request. */
function labelChecker(): (value: string) => boolean {
  const valid = new Set<string>();
  return (value) => {
    if (valid.has(value)) return true;
    if (!ZLabel.safeParse(value).success) return false;
    if (valid.size >= 100_000) valid.clear();
    valid.add(value);
    return true;
  };
}

function seriesKey(s: TPromSeries): string {
  let key = s.name;
  for (const name of Object.keys(s.labels).sort()) key += SEP + name + SEP + s.labels[name];
  return key;
}

/** What a series maps to: its rule, the thing it describes and (counters) its key for rates; undefined: unmapped. */
type TResolved = { rule: TCompiledRule; id: TIdentity; counterKey: string } | undefined;

/**
 * The samples of one batch, one per thing and timestamp. Things are found by their identity key (a
 * string made once per series, so its hash is computed once); a second timestamp of one thing, rare,
 * by the key and the timestamp.
 */
class Merged {
  readonly samples: TSample[] = [];
  private readonly byThing = new Map<string, TSample>();
  private readonly byThingAndTs = new Map<string, TSample>();

  add(rule: TCompiledRule, id: TIdentity, ts: number, value: number): void {
    let sample = this.byThing.get(id.key);
    if (!sample) this.byThing.set(id.key, (sample = this.push(rule.type, id, ts)));
    else if (sample.ts !== ts) {
      const key = id.key + SEP + ts;
      sample = this.byThingAndTs.get(key);
      if (!sample) this.byThingAndTs.set(key, (sample = this.push(rule.type, id, ts)));
    }
    const fields = sample as unknown as Record<string, number | undefined>;
    const prev = fields[rule.field];
    const next = prev === undefined ? value : rule.combine === "sum" ? prev + value : Math.max(prev, value);
    fields[rule.field] = Math.min(next, rule.range[1]);
  }

  private push(type: TSampleType, id: TIdentity, ts: number): TSample {
    const sample = newSample(type, id, ts);
    this.samples.push(sample);
    return sample;
  }
}

/**
 * A stateful mapper: gauges map point by point, counters become per-second rates between consecutive
 * points of a series, and fields of one thing at one timestamp merge into one sample.
 */
export function createPromMapper(config: TPromMappingConfig = DEFAULT_PROM_MAPPING): TPromMapper {
  const rules = new Map(config.rules.map((r) => [r.metric, compileRule(r, config)]));
  const counters = new CounterRates();
  const isLabel = labelChecker();
  // Series whose labels object is shared from batch to batch (TPromSeries.stable) are resolved once.
  const resolvedByLabels = new WeakMap<Record<string, string>, { name: string; resolved: TResolved }>();
  const resolve = (s: TPromSeries): TResolved => {
    const rule = rules.get(s.name);
    const id = rule && resolveIdentity(rule, s.labels, isLabel);
    return rule && id ? { rule, id, counterKey: rule.counter ? seriesKey(s) : "" } : undefined;
  };
  return {
    map(series: TPromSeries[], now: number): TPromMapResult {
      const merged = new Merged();
      let unmapped = 0;
      for (const s of series) {
        let resolved: TResolved;
        if (s.stable) {
          const known = resolvedByLabels.get(s.labels);
          if (known?.name === s.name) resolved = known.resolved;
          else resolvedByLabels.set(s.labels, { name: s.name, resolved: (resolved = resolve(s)) });
        } else resolved = resolve(s);
        if (!resolved) {
          unmapped++;
          continue;
        }
        const { rule, id, counterKey } = resolved;
        let outOfRange = false;
        for (const p of s.points) {
          if (!Number.isSafeInteger(p.ts) || p.ts <= 0) continue;
          const raw = rule.counter ? counters.rate(counterKey, p.ts, p.value, now) : p.value;
          if (raw === undefined || !Number.isFinite(raw)) continue; // unknown, NaN, ±Inf or a stale marker
          let value = raw * rule.scale;
          if (value < 0 && rule.field === "lagSeconds") value = 0; // clocks of primary and replica differ slightly
          if (value < rule.range[0] || value > rule.range[1]) outOfRange = true;
          else merged.add(rule, id, p.ts, value);
        }
        if (outOfRange) unmapped++;
      }
      counters.evict(now);
      return { samples: merged.samples, unmapped };
    },
  };
}
