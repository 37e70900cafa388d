// Reads the NAB corpus (data/<category>/<file>.csv and labels/combined_windows.json) into rows and
// windows as inclusive row indices, the shape lib/detection/nab scores.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export interface TNabDataFile {
  name: string;
  timestamps: number[];
  values: number[];
  windows: [number, number][];
}

export const NAB_DIR = process.env.NAB_DIR ?? path.resolve(import.meta.dirname, "../../../shared/data/nab");

function parseTimestamp(text: string): number {
  // NAB timestamps carry no zone; reading them as UTC keeps the spacing exact.
  return Date.parse(`${text.trim().slice(0, 19).replace(" ", "T")}Z`);
}

export function loadNabCorpus(dir = NAB_DIR): TNabDataFile[] {
  const labels = JSON.parse(readFileSync(path.join(dir, "labels/combined_windows.json"), "utf8")) as Record<string, [string, string][]>;
  const files: TNabDataFile[] = [];
  for (const category of readdirSync(path.join(dir, "data"), { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(path.join(dir, "data", category.name)).filter((f) => f.endsWith(".csv")).sort()) {
      const name = `${category.name}/${file}`;
      const lines = readFileSync(path.join(dir, "data", name), "utf8").trim().split("\n").slice(1);
      const timestamps = lines.map((l) => parseTimestamp(l.slice(0, l.indexOf(","))));
      const values = lines.map((l) => Number(l.slice(l.indexOf(",") + 1)));
      const index = new Map(timestamps.map((t, i) => [t, i]));
      const windows = (labels[name] ?? []).map(([s, e]): [number, number] => {
        const start = index.get(parseTimestamp(s));
        const end = index.get(parseTimestamp(e));
        if (start === undefined || end === undefined) throw new Error(`${name}: window ${s}..${e} does not match a row`);
        return [start, end];
      });
      if (labels[name] === undefined) throw new Error(`${name}: no entry in combined_windows.json`);
      files.push({ name, timestamps, values, windows });
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
