import { HOT_KEY_MAX, KEY_RANGE_MAX, LABEL_MAX, LABEL_RE, MAX_HOT_KEYS, MAX_SAMPLES_PER_BATCH, type TSample } from "./sample";

// The common, well-formed batch checked by hand: accepts only what ZTelemetryBatch accepts, and then
// the input samples are exactly what zod would return (strict schemas, no transforms). Anything it is
// unsure of returns undefined, and zod (the source of truth) decides and words the 422.

type TObj = Record<string, unknown>;

const isObject = (v: unknown): v is TObj => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isRate = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isFraction = (v: unknown) => typeof v === "number" && v >= 0 && v <= 1;
const isTs = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v > 0;
const isString = (v: unknown, min: number, max: number) => typeof v === "string" && v.length >= min && v.length <= max;

function keyCount(o: TObj): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

/** Printable ASCII without spaces at the ends always matches LABEL_RE; anything else asks the regex. */
function isLabel(v: unknown): boolean {
  if (typeof v !== "string" || v.length < 1 || v.length > LABEL_MAX) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return LABEL_RE.test(v);
  }
  return v.charCodeAt(0) !== 0x20 && v.charCodeAt(v.length - 1) !== 0x20;
}

/** Counts the optional field if present and valid; -1 once anything is off. */
function opt(n: number, v: unknown, ok: (v: unknown) => boolean): number {
  if (n < 0 || v === undefined) return n;
  return ok(v) ? n + 1 : -1;
}

const isKeyRange = (v: unknown) => isObject(v) && keyCount(v) === 2 && isString(v.start, 0, KEY_RANGE_MAX) && isString(v.end, 0, KEY_RANGE_MAX);
const isHotKey = (v: unknown) => isObject(v) && keyCount(v) === 2 && isString(v.key, 1, HOT_KEY_MAX) && isRate(v.perSec);

function isHotKeys(v: unknown): boolean {
  if (!Array.isArray(v) || v.length > MAX_HOT_KEYS) return false;
  for (let i = 0; i < v.length; i++) if (!isHotKey(v[i])) return false; // a loop, not every(): holes must fail
  return true;
}

function isSample(s: unknown): boolean {
  if (!isObject(s) || !isLabel(s.cluster) || !isTs(s.ts)) return false;
  let n: number;
  if (s.type === "shard") {
    if (!isLabel(s.shard) || !isLabel(s.node)) return false;
    n = opt(opt(opt(opt(opt(5, s.qps, isRate), s.p99Ms, isRate), s.cpu, isFraction), s.iops, isRate), s.errorRate, isFraction);
    n = opt(n, s.keyRange, isKeyRange);
  } else if (s.type === "replica") {
    if (!isLabel(s.shard) || !isLabel(s.replica)) return false;
    n = opt(opt(5, s.node, isLabel), s.lagSeconds, isRate);
  } else if (s.type === "cache") {
    if (!isLabel(s.node)) return false;
    n = opt(opt(opt(opt(4, s.hitsPerSec, isRate), s.missesPerSec, isRate), s.evictionsPerSec, isRate), s.hotKeys, isHotKeys);
  } else return false;
  return n === keyCount(s); // no unknown keys (strict objects)
}

/** The batch's samples if it is certainly valid, else undefined (ask zod). */
export function fastValidSamples(body: unknown): TSample[] | undefined {
  if (!isObject(body) || keyCount(body) !== 1) return undefined;
  const samples = body.samples;
  if (!Array.isArray(samples) || samples.length < 1 || samples.length > MAX_SAMPLES_PER_BATCH) return undefined;
  for (let i = 0; i < samples.length; i++) if (!isSample(samples[i])) return undefined;
  return samples as TSample[];
}
