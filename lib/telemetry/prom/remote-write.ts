import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";
import { fieldOf, ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, wireOf } from "./proto-reader";
import { decodeSnappyBlock } from "./snappy";
import type { TPromPoint, TPromSeries } from "./types";

// Prometheus remote_write 1.0: a snappy block holding a protobuf prometheus.WriteRequest
// (timeseries = 1: { labels = 1: { name = 1, value = 2 }, samples = 2: { value = 1 double, timestamp = 2 int64 } }).
// Metadata, exemplars and native histograms are skipped.

export type TRemoteWriteLimits = {
  maxDecodedBytes: number;
  maxSeries: number;
  maxSamples: number;
  maxLabelsPerSeries: number;
  maxLabelLength: number;
};

export const REMOTE_WRITE_LIMITS: TRemoteWriteLimits = {
  maxDecodedBytes: 32 * 1024 * 1024,
  maxSeries: 50_000,
  maxSamples: 200_000,
  maxLabelsPerSeries: 64,
  maxLabelLength: 128,
};

/** `skipped`: series dropped for too many labels or an over-long label (the rest of the batch is kept). */
export type TDecodedWriteRequest = {
  series: TPromSeries[];
  samples: number;
  skipped: number;
};

const WHAT = "remote_write 1.0 WriteRequest (snappy-compressed protobuf)";

function readLabel(r: ProtoReader): [string, string] {
  let name = "";
  let value = "";
  const outer = r.enter();
  while (!r.atEnd()) {
    const key = r.key();
    const field = fieldOf(key);
    const wire = wireOf(key);
    if (field !== 1 && field !== 2) r.skip(wire);
    else {
      r.expectWire(field, wire, WIRE_LEN, "Label");
      if (field === 1) name = r.string();
      else value = r.string();
    }
  }
  r.leave(outer);
  return [name, value];
}

function readSample(r: ProtoReader): TPromPoint {
  let value = 0;
  let ts = 0;
  const outer = r.enter();
  while (!r.atEnd()) {
    const key = r.key();
    const field = fieldOf(key);
    const wire = wireOf(key);
    if (field === 1) {
      r.expectWire(field, wire, WIRE_FIXED64, "Sample.value");
      value = r.double();
    } else if (field === 2) {
      r.expectWire(field, wire, WIRE_VARINT, "Sample.timestamp");
      ts = r.int64();
    } else r.skip(wire);
  }
  r.leave(outer);
  return { ts, value };
}

function tooManySamples(limits: TRemoteWriteLimits): PayloadTooLargeError {
  return new PayloadTooLargeError(`The WriteRequest has more than ${limits.maxSamples} samples; lower queue_config.max_samples_per_send`);
}

/**
 * A series' name and labels as decoded from its label bytes, with whether they fit the limits. Kept by
 * those bytes (labelSet): the same series arrives in every request, and is decoded once.
 */
type TLabelSet = { name: string; labels: Record<string, string>; count: number; fits: boolean; limits: TRemoteWriteLimits };

const LABEL_KEY = (1 << 3) | WIRE_LEN; // TimeSeries.labels, length-delimited

/**
 * Label sets by their bytes, in two generations: a set found in the old one moves to the young one, and
 * when the young one is full (entries or key bytes) it becomes the old one and the old one is dropped.
 * Series still arriving stay; those gone for two generations are forgotten. At most 2 × 50,000 sets
 * and 2 × 8 MiB of keys: ~3 MB of heap for 5,000 series of 6 labels, ~55 MB at the cap
 * (`npm run bench:remote-write-memory`).
 * Keys over 2 KiB (no real series; unknown fields inside labels can make them any size) and sets that
 * do not fit the limits are never kept.
 */
class LabelSets {
  static readonly MAX_SETS = 50_000;
  static readonly MAX_KEY_BYTES = 8 * 1024 * 1024;
  static readonly MAX_KEY = 2048;
  private young = new Map<string, TLabelSet>();
  private old = new Map<string, TLabelSet>();
  private youngBytes = 0;

  get(key: string): TLabelSet | undefined {
    const set = this.young.get(key);
    if (set) return set;
    const aged = this.old.get(key);
    if (aged) {
      this.old.delete(key);
      this.keep(key, aged);
    }
    return aged;
  }

  keep(key: string, set: TLabelSet): void {
    if (key.length > LabelSets.MAX_KEY || !set.fits) return;
    if (this.young.size >= LabelSets.MAX_SETS || this.youngBytes + key.length > LabelSets.MAX_KEY_BYTES) {
      this.old = this.young;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, set);
    this.youngBytes += key.length;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

const labelSets = new LabelSets();

/** How many label sets the decoder keeps (tests). */
export const labelSetsKept = (): number => labelSets.size;

/** Adds a series' `count`-th label to its name or labels; false (the series is skipped) when it breaks the limits. */
function addLabel(into: { name: string; labels: Record<string, string> }, count: number, name: string, value: string, limits: TRemoteWriteLimits): boolean {
  if (count > limits.maxLabelsPerSeries || name.length > limits.maxLabelLength || value.length > limits.maxLabelLength) return false;
  if (name === "__name__") into.name = value;
  else if (name && value) into.labels[name] = value;
  return true;
}

function readLabels(r: ProtoReader, start: number, end: number, limits: TRemoteWriteLimits): TLabelSet {
  const set: TLabelSet = { name: "", labels: Object.create(null) as Record<string, string>, count: 0, fits: true, limits };
  const sub = new ProtoReader(r.buf, WHAT, start, end);
  while (!sub.atEnd()) {
    sub.key(); // LABEL_KEY: labelSet read no other
    const [name, value] = readLabel(sub);
    if (!addLabel(set, ++set.count, name, value, limits)) {
      set.fits = false;
      break;
    }
  }
  return set;
}

/**
 * The labels that open a TimeSeries (Prometheus writes them first), read up to the first other field.
 * Their bytes, as a Latin-1 string (one string per series, hit or miss), find a label set decoded
 * before: no label strings, labels object or checks per series. The bytes and the limits are the whole
 * input of the decoding, so a hit with the same limits decodes equally; it is never wrong.
 */
function labelSet(r: ProtoReader, limits: TRemoteWriteLimits): TLabelSet {
  const start = r.pos;
  while (!r.atEnd()) {
    const at = r.pos;
    if (r.key() !== LABEL_KEY) {
      r.pos = at;
      break;
    }
    r.pos = r.lengthDelimited();
  }
  const key = r.buf.toString("latin1", start, r.pos);
  let set = labelSets.get(key);
  if (set?.limits !== limits) {
    set = readLabels(r, start, r.pos, limits);
    labelSets.keep(key, set);
  }
  return set;
}

// `budget`: samples still allowed in this request, checked per sample so one huge series cannot balloon memory.
function readTimeSeries(r: ProtoReader, limits: TRemoteWriteLimits, budget: number): { series: TPromSeries; fits: boolean } {
  const outer = r.enter();
  const set = labelSet(r, limits);
  // The label set's objects are shared by every request of this series: `stable` tells the mapper it may
  // remember what it made of them. A label after the samples (allowed, never seen) gets a copy instead.
  const series: TPromSeries = { name: set.name, labels: set.labels, points: [], stable: true };
  let labelCount = set.count;
  let fits = set.fits;
  while (!r.atEnd()) {
    const key = r.key();
    const field = fieldOf(key);
    const wire = wireOf(key);
    if (field === 1) {
      r.expectWire(field, wire, WIRE_LEN, "TimeSeries.labels");
      if (!fits) {
        r.skip(wire);
        continue;
      }
      const [name, value] = readLabel(r);
      if (series.stable) {
        series.labels = Object.assign(Object.create(null) as Record<string, string>, series.labels);
        series.stable = false;
      }
      if (!addLabel(series, ++labelCount, name, value, limits)) fits = false;
    } else if (field === 2) {
      r.expectWire(field, wire, WIRE_LEN, "TimeSeries.samples");
      if (series.points.length >= budget) throw tooManySamples(limits);
      series.points.push(readSample(r));
    } else r.skip(wire);
  }
  r.leave(outer);
  return { series, fits };
}

/** Decodes a WriteRequest already decompressed; throws 400 on malformed bytes and 413 past the limits. */
export function decodeWriteRequest(raw: Buffer, limits: TRemoteWriteLimits = REMOTE_WRITE_LIMITS): TDecodedWriteRequest {
  const r = new ProtoReader(raw, WHAT);
  const out: TDecodedWriteRequest = { series: [], samples: 0, skipped: 0 };
  let seen = 0;
  while (!r.atEnd()) {
    const key = r.key();
    const field = fieldOf(key);
    const wire = wireOf(key);
    if (field !== 1) {
      r.skip(wire);
      continue;
    }
    r.expectWire(field, wire, WIRE_LEN, "WriteRequest.timeseries");
    if (++seen > limits.maxSeries) {
      throw new PayloadTooLargeError(`The WriteRequest has more than ${limits.maxSeries} series; lower queue_config.max_samples_per_send`);
    }
    const { series, fits } = readTimeSeries(r, limits, limits.maxSamples - out.samples);
    out.samples += series.points.length;
    if (fits) out.series.push(series);
    else out.skipped++;
  }
  return out;
}

/** Decodes a remote_write 1.0 request body (snappy block + protobuf WriteRequest). */
export function decodeRemoteWrite(body: Uint8Array, limits: TRemoteWriteLimits = REMOTE_WRITE_LIMITS): TDecodedWriteRequest {
  if (body.length === 0) throw new BadRequestError(`The body is empty; expected a ${WHAT}`);
  let raw: Buffer;
  try {
    raw = decodeSnappyBlock(body, limits.maxDecodedBytes);
  } catch (err) {
    const looksJson = body[0] === 0x7b && body[body.length - 1] === 0x7d;
    if (looksJson) throw new BadRequestError(`The body looks like JSON; expected a ${WHAT} (JSON samples go to POST /api/v1/telemetry)`);
    throw err;
  }
  return decodeWriteRequest(raw, limits);
}
