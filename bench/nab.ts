// npm run bench:nab: the generic anomaly detector (lib/detection/anomaly) on the Numenta Anomaly
// Benchmark's 58 files, scored by lib/detection/nab at the threshold fixed in the code and at the
// corpus-wide best threshold, next to NAB's published scoreboard. NAB_REFERENCE=1 also re-runs CAD
// OSE exactly as NAB did, to check the scorer against NAB's published contextOSE totals.
import { median } from "./lib/server";
import { loadNabCorpus, type TNabDataFile } from "./lib/nab-corpus";
import { ANOMALY_DETECTOR_DEFAULTS as D, createAnomalyDetector, NAB_FIXED_THRESHOLD, type TAnomalyDetectorParams } from "@/lib/detection/anomaly";
import { NAB_PROFILES, probationaryLength } from "@/lib/detection/nab/profiles";
import { bestThreshold, prepareCorpus, scoreCorpusAt } from "@/lib/detection/nab/score";

const PUBLISHED: [string, number, number, number][] = [
  ["ARTime", 74.9, 65.1, 80.4],
  ["Numenta HTM", 70.5, 62.6, 75.2],
  ["CAD OSE", 69.9, 67.0, 73.2],
  ["earthgecko Skyline", 58.2, 46.2, 63.9],
  ["KNN CAD", 58.0, 43.4, 64.8],
  ["Relative Entropy", 54.6, 47.6, 58.8],
  ["Random Cut Forest", 51.7, 38.4, 59.7],
  ["Twitter ADVec", 47.1, 33.6, 53.5],
  ["Windowed Gaussian", 39.6, 20.9, 47.4],
  ["random", 11.0, 1.2, 19.5],
];
// NAB's committed contextOSE thresholds and raw totals per profile (results/contextOSE/*_scores.csv).
const NAB_CAD = [
  { threshold: 0.70478515625, raw: 46.1714682545 },
  { threshold: 0.7640625, raw: 37.1409092686 },
  { threshold: 0.70478515625, raw: 23.1714682545 },
];

// NAB's runner tells every detector its file's min, max and probation; CAD OSE rests probation/5 rows.
const nabProtocol = (f: TNabDataFile) => ({
  minValue: Math.min(...f.values),
  maxValue: Math.max(...f.values),
  restPeriod: probationaryLength(f.values.length) / 5,
  restShare: 0,
  surpriseZ: -Infinity,
});

const VARIANTS: { label: string; params: (f: TNabDataFile) => Partial<TAnomalyDetectorParams>; reference?: true }[] = [
  { label: `streaming: told nothing (running-range grid, surprise gate, ≤${D.maxContexts} contexts)`, params: () => ({}) },
  { label: `NAB protocol: told file min/max + probation, ≤${D.maxContexts} contexts`, params: nabProtocol },
];
if (process.env.NAB_REFERENCE === "1") VARIANTS.push({ label: "CAD OSE exactly as NAB ran it (unbounded)", params: (f) => ({ ...nabProtocol(f), maxContexts: Infinity }), reference: true });

function run(corpus: TNabDataFile[], params: (f: TNabDataFile) => Partial<TAnomalyDetectorParams>) {
  const perSampleUs: number[] = [];
  const contexts: number[] = [];
  const regrids: number[] = [];
  const started = performance.now();
  const files = corpus.map((f) => {
    const detector = createAnomalyDetector(params(f));
    const t = performance.now();
    const scores = f.values.map((v, i) => detector.update(f.timestamps[i]!, v));
    perSampleUs.push(((performance.now() - t) * 1000) / f.values.length);
    contexts.push(detector.contexts);
    regrids.push(detector.regrids);
    return { name: f.name, scores, windows: f.windows };
  });
  return { files: prepareCorpus(files), seconds: (performance.now() - started) / 1000, perSampleUs, contexts, regrids };
}

const cell = (n: number, d = 1) => n.toFixed(d).padStart(8);
const row = (label: string, cells: string[]) => console.log(`${label.padEnd(74)}${cells.join("")}`);
const corpus = loadNabCorpus();
console.log(`NAB v1.1: ${corpus.length} files, ${corpus.reduce((n, f) => n + f.windows.length, 0)} windows. Fixed θ = ${NAB_FIXED_THRESHOLD}, committed in lib/detection/anomaly/index.ts.\n`);
row("detector", ["standard", "  low FP", "  low FN"].map((h) => h.padStart(8)));
for (const variant of VARIANTS) {
  const r = run(corpus, variant.params);
  const fixed = NAB_PROFILES.map((p) => scoreCorpusAt(r.files, p, NAB_FIXED_THRESHOLD));
  const best = NAB_PROFILES.map((p) => bestThreshold(r.files, p));
  row(variant.label, []);
  row(`  fixed θ = ${NAB_FIXED_THRESHOLD}`, fixed.map((s) => cell(s.normalized)));
  row("  best θ (NAB's sweep over the corpus)", best.map((s) => cell(s.normalized)));
  row("    which θ", best.map((s) => cell(s.threshold, 3)));
  row("    windows caught / FP rows at the fixed θ", fixed.map((s) => `${s.tp}/${s.fp}`.padStart(8)));
  if (variant.reference) {
    const atNab = NAB_PROFILES.map((p, i) => scoreCorpusAt(r.files, p, NAB_CAD[i]!.threshold));
    row("  at NAB's own contextOSE θ (0.7048 / 0.7641 / 0.7048)", atNab.map((s) => cell(s.normalized)));
    row("    raw total, ours | NAB's results files", atNab.map((s, i) => ` ${s.raw.toFixed(2)}|${NAB_CAD[i]!.raw.toFixed(2)}`));
  }
  console.log(
    `    ${r.seconds.toFixed(0)} s in all; per file: median ${median(r.perSampleUs).toFixed(0)} µs per update, median ${median(r.contexts)} contexts at the end (max ${Math.max(...r.contexts)}), median ${median(r.regrids)} re-grids (max ${Math.max(...r.regrids)})`,
  );
}
console.log("\npublished NAB scoreboard (each at NAB's optimised threshold, detectors told min/max + probation)");
for (const [name, ...scores] of PUBLISHED) row(name, scores.map((s) => cell(s)));
