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

// `budget`: samples still allowed in this request, checked per sample so one huge series cannot balloon memory.
function readTimeSeries(r: ProtoReader, limits: TRemoteWriteLimits, budget: number): { series: TPromSeries; fits: boolean } {
  const labels = Object.create(null) as Record<string, string>;
  const series: TPromSeries = { name: "", labels, points: [] };
  let labelCount = 0;
  let fits = true;
  const outer = r.enter();
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
      if (++labelCount > limits.maxLabelsPerSeries || name.length > limits.maxLabelLength || value.length > limits.maxLabelLength) fits = false;
      else if (name === "__name__") series.name = value;
      else if (name && value) labels[name] = value;
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
