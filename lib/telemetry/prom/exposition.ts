import { ValidationError } from "@/lib/errors";
import type { TPromSeries } from "./types";

// The Prometheus text exposition format 0.0.4. Histogram and summary lines (_bucket, _sum,
// _count, quantile) are ordinary series here; making sense of them is the mapper's job.

export type TExpositionOptions = { now: number; maxLines?: number; maxSeries?: number };

/** Malformed exposition text; the message starts with the 1-based line number. */
export class ExpositionError extends ValidationError {
  static override readonly kind: string = "ExpositionError";
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

export const EXPOSITION_LIMITS = { maxLines: 200_000, maxSeries: 50_000, labelLength: 128, nameLength: 256 } as const;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const NUMBER = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const SPECIAL_VALUES: Record<string, number> = { nan: NaN, "+inf": Infinity, inf: Infinity, "-inf": -Infinity };

type TCursor = { text: string; pos: number; line: number };

const fail = (c: TCursor, problem: string): never => {
  throw new ExpositionError(c.line, problem);
};
const skipSpaces = (c: TCursor) => {
  while (c.text[c.pos] === " " || c.text[c.pos] === "\t") c.pos++;
};

function readName(c: TCursor, re: RegExp, what: string, max: number): string {
  re.lastIndex = c.pos;
  const name = re.exec(c.text)?.[0];
  if (!name) return fail(c, `expected ${what} at column ${c.pos + 1}`);
  if (name.length > max) fail(c, `${what} "${name.slice(0, 40)}…" is longer than ${max} characters`);
  c.pos += name.length;
  return name;
}

function readLabelValue(c: TCursor, label: string): string {
  if (c.text[c.pos] !== '"') fail(c, `expected a quoted value for label "${label}"`);
  let out = "";
  for (c.pos++; c.pos < c.text.length; c.pos++) {
    const ch = c.text[c.pos];
    if (ch === '"') {
      c.pos++;
      if (out.length > EXPOSITION_LIMITS.labelLength) fail(c, `label "${label}" value is longer than ${EXPOSITION_LIMITS.labelLength} characters`);
      return out;
    }
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = c.text[++c.pos];
    if (next === "\\" || next === '"') out += next;
    else if (next === "n") out += "\n";
    else fail(c, `unknown escape "\\${next ?? ""}" in label "${label}" (use \\\\, \\" or \\n)`);
  }
  return fail(c, `label "${label}" value has no closing quote`);
}

function readLabels(c: TCursor): Record<string, string> {
  const labels: Record<string, string> = {};
  c.pos++; // the "{"
  for (;;) {
    skipSpaces(c);
    if (c.text[c.pos] === "}") break;
    const name = readName(c, LABEL_NAME, "a label name", EXPOSITION_LIMITS.labelLength);
    skipSpaces(c);
    if (c.text[c.pos] !== "=") fail(c, `expected "=" after label "${name}"`);
    c.pos++;
    skipSpaces(c);
    if (Object.hasOwn(labels, name)) fail(c, `label "${name}" appears twice`);
    labels[name] = readLabelValue(c, name);
    skipSpaces(c);
    if (c.text[c.pos] === ",") c.pos++;
    else if (c.text[c.pos] !== "}") fail(c, 'expected "," or "}" after a label value');
  }
  c.pos++;
  return labels;
}

function parseValue(c: TCursor, token: string | undefined): number {
  if (token === undefined) return fail(c, "expected a value");
  const special = SPECIAL_VALUES[token.toLowerCase()];
  if (special !== undefined) return special;
  if (!NUMBER.test(token)) fail(c, `"${token.slice(0, 40)}" is not a number (expected e.g. 1, 2.5e3, NaN, +Inf)`);
  return Number(token);
}

function parseSample(c: TCursor, now: number): { name: string; labels: Record<string, string>; ts: number; value: number } {
  const name = readName(c, METRIC_NAME, "a metric name", EXPOSITION_LIMITS.nameLength);
  const afterName = c.pos;
  skipSpaces(c);
  let labels: Record<string, string> = {};
  if (c.text[c.pos] === "{") labels = readLabels(c);
  else c.pos = afterName;
  if (c.pos < c.text.length && c.text[c.pos] !== " " && c.text[c.pos] !== "\t") fail(c, `unexpected "${c.text[c.pos]}" after the metric name`);
  const [valueToken, tsToken, extra] = c.text
    .slice(c.pos)
    .trim()
    .split(/[ \t]+/)
    .filter(Boolean);
  const value = parseValue(c, valueToken);
  if (extra !== undefined) fail(c, `unexpected "${extra.slice(0, 40)}" after the timestamp`);
  if (tsToken !== undefined && !/^-?\d{1,16}$/.test(tsToken)) fail(c, `timestamp "${tsToken.slice(0, 40)}" is not whole milliseconds`);
  return { name, labels, ts: tsToken === undefined ? now : Number(tsToken), value };
}

function checkComment(c: TCursor, line: string, typed: Set<string>): void {
  const [, keyword, name, type] = line.split(/[ \t]+/);
  if (keyword !== "TYPE") return;
  if (!name || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) fail(c, "# TYPE needs a metric name");
  if (!type || !TYPES.has(type.toLowerCase()))
    fail(c, `# TYPE ${name} has unknown type "${type ?? ""}" (expected counter, gauge, histogram, summary or untyped)`);
  if (typed.has(name!)) fail(c, `second # TYPE line for ${name}`);
  typed.add(name!);
}

const seriesKey = (name: string, labels: Record<string, string>) =>
  JSON.stringify([
    name,
    ...Object.keys(labels)
      .sort()
      .flatMap((k) => [k, labels[k]]),
  ]);

/** Parses exposition text into series; a line without a timestamp gets the scrape time `now` (ms). */
export function parseExposition(text: string, opts: TExpositionOptions): TPromSeries[] {
  const maxLines = opts.maxLines ?? EXPOSITION_LIMITS.maxLines;
  const maxSeries = opts.maxSeries ?? EXPOSITION_LIMITS.maxSeries;
  const lines = text.split("\n");
  if (lines.length > maxLines) throw new ExpositionError(maxLines + 1, `more than ${maxLines} lines`);
  const bySeries = new Map<string, TPromSeries>();
  const typed = new Set<string>();
  lines.forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const c: TCursor = { text: line.trimStart(), pos: 0, line: index + 1 };
    if (c.text.trim() === "") return;
    if (c.text.startsWith("#")) return checkComment(c, c.text, typed);
    const sample = parseSample(c, opts.now);
    const key = seriesKey(sample.name, sample.labels);
    let series = bySeries.get(key);
    if (!series) {
      if (bySeries.size >= maxSeries) fail(c, `more than ${maxSeries} series`);
      bySeries.set(key, (series = { name: sample.name, labels: sample.labels, points: [] }));
    }
    series.points.push({ ts: sample.ts, value: sample.value });
  });
  return [...bySeries.values()];
}
