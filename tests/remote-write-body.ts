import protobuf from "protobufjs";
import { compress } from "snappyjs";

// Prometheus remote_write 1.0 bodies for tests (unit, integration and e2e), encoded with protobufjs and
// snappyjs: independent of the decoder under test (lib/telemetry/prom/remote-write.ts). The schema is
// prompb's, with metadata and exemplars; FatRequest's labels carry an unknown field (valid protobuf,
// which a decoder skips).
export const remoteWriteSchema = protobuf.parse(`
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
message MetricMetadata { int32 type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
message Exemplar { repeated Label labels = 1; double value = 2; int64 timestamp = 3; }
message FatLabel { string name = 1; string value = 2; bytes pad = 3; }
message FatSeries { repeated FatLabel labels = 1; repeated Sample samples = 2; }
message FatRequest { repeated FatSeries timeseries = 1; }
`).root;
const WriteRequest = remoteWriteSchema.lookupType("prometheus.WriteRequest");

/** One series: its labels (`__name__` among them) and [timestamp ms, value] samples. */
export type TSeriesIn = { labels: Record<string, string>; samples: [number, number][]; exemplars?: unknown[] };

/** A WriteRequest's protobuf bytes, not compressed; `extra` adds other fields (metadata). */
export function writeRequest(series: TSeriesIn[], extra: Record<string, unknown> = {}): Buffer {
  const message = WriteRequest.fromObject({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
      samples: s.samples.map(([timestamp, value]) => ({ value, timestamp })),
      exemplars: s.exemplars ?? [],
    })),
    ...extra,
  });
  return Buffer.from(WriteRequest.encode(message).finish());
}

export const snappy = (raw: Uint8Array): Buffer => Buffer.from(compress(new Uint8Array(raw)));

/** A remote_write request body: the WriteRequest of `series`, snappy-compressed. */
export const remoteWriteBody = (series: TSeriesIn[]): Buffer => snappy(writeRequest(series));
