import { describe, expect, it } from "vitest";
import { ExpositionError, parseExposition } from "@/lib/telemetry/prom/exposition";

const NOW = 1_763_812_800_000;
const parse = (text: string, extra: { maxLines?: number; maxSeries?: number } = {}) => parseExposition(text, { now: NOW, ...extra });

describe("parseExposition", () => {
  it("reads HELP/TYPE, labels, values and optional timestamps", () => {
    const text = [
      "# HELP shard_qps Queries per second.",
      "# TYPE shard_qps gauge",
      'shard_qps{cluster="orders",shard="s-07",node="db-3"} 1200',
      'shard_qps{cluster="orders",shard="s-08",node="db-3",} 3.5e2 1763812790000',
      "",
      "   # a free comment",
      "process_start_time_seconds 1.7e9",
    ].join("\n");
    expect(parse(text)).toEqual([
      { name: "shard_qps", labels: { cluster: "orders", shard: "s-07", node: "db-3" }, points: [{ ts: NOW, value: 1200 }] },
      { name: "shard_qps", labels: { cluster: "orders", shard: "s-08", node: "db-3" }, points: [{ ts: 1763812790000, value: 350 }] },
      { name: "process_start_time_seconds", labels: {}, points: [{ ts: NOW, value: 1.7e9 }] },
    ]);
  });

  it("unescapes \\\\, \\\" and \\n in label values", () => {
    const [series] = parse('m{path="C:\\\\dir",msg="say \\"hi\\"",multi="a\\nb"} 1');
    expect(series!.labels).toEqual({ path: "C:\\dir", msg: 'say "hi"', multi: "a\nb" });
  });

  it.each([
    ["NaN", NaN],
    ["+Inf", Infinity],
    ["-Inf", -Infinity],
    ["-0.5", -0.5],
    [".5", 0.5],
    ["1e-3", 0.001],
  ])("reads the value %s", (token, value) => {
    expect(parse(`m ${token}`)[0]!.points[0]!.value).toBe(value);
  });

  it("keeps histogram and summary lines as plain series, with CRLF and tabs tolerated", () => {
    const text = [
      "# TYPE latency histogram",
      'latency_bucket{le="0.1"}\t3\r',
      'latency_bucket{le="+Inf"} 5\r',
      "latency_sum 0.7\r",
      "latency_count 5\r",
      'rpc{quantile="0.99"} 0.2',
    ].join("\n");
    const series = parse(text);
    expect(series.map((s) => s.name)).toEqual(["latency_bucket", "latency_bucket", "latency_sum", "latency_count", "rpc"]);
    expect(series[1]!.labels).toEqual({ le: "+Inf" });
  });

  it("groups repeated lines of one series (whatever the label order) into one series", () => {
    const series = parse('m{a="1",b="2"} 1 1000\nm{b="2",a="1"} 2 2000');
    expect(series).toHaveLength(1);
    expect(series[0]!.points).toEqual([
      { ts: 1000, value: 1 },
      { ts: 2000, value: 2 },
    ]);
  });

  it.each([
    ["up", "line 1: expected a value"],
    ["up{job=\"x\"}", "line 1: expected a value"],
    ["ok 1\n\nup abc", 'line 3: "abc" is not a number'],
    ["9up 1", "line 1: expected a metric name at column 1"],
    ['up{job="x} 1', 'line 1: label "job" value has no closing quote'],
    ["up{job=x} 1", 'line 1: expected a quoted value for label "job"'],
    ['up{job="x" instance="y"} 1', 'line 1: expected "," or "}" after a label value'],
    ['up{job="a",job="b"} 1', 'line 1: label "job" appears twice'],
    ['up{job="a\\t"} 1', 'line 1: unknown escape "\\t" in label "job"'],
    ['up{1job="a"} 1', "line 1: expected a label name"],
    ["up 1 12.5", 'line 1: timestamp "12.5" is not whole milliseconds'],
    ["up 1 100 extra", 'line 1: unexpected "extra" after the timestamp'],
    ["# TYPE up sometimes", 'line 1: # TYPE up has unknown type "sometimes"'],
    ["# TYPE up gauge\n# TYPE up gauge", "line 2: second # TYPE line for up"],
    [`up{v="${"x".repeat(129)}"} 1`, 'line 1: label "v" value is longer than 128 characters'],
    [`up{${"l".repeat(129)}="x"} 1`, "line 1: a label name"],
  ])("refuses %j with %s", (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it("reports errors as ExpositionError carrying the line number", () => {
    try {
      parse("a 1\nb 2\nc");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExpositionError);
      expect((err as ExpositionError).line).toBe(3);
    }
  });

  it("accepts a label value of exactly 128 characters", () => {
    expect(parse(`up{v="${"x".repeat(128)}"} 1`)[0]!.labels.v).toHaveLength(128);
  });

  it("enforces the line and series limits", () => {
    expect(() => parse("a 1\nb 1\nc 1\nd 1", { maxLines: 3 })).toThrow("line 4: more than 3 lines");
    expect(() => parse("a 1\nb 1\nc 1", { maxSeries: 2 })).toThrow("line 3: more than 2 series");
    expect(parse("a 1\na 2\na 3", { maxSeries: 1 })[0]!.points).toHaveLength(3);
  });
});
