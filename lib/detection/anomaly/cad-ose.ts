import { ContextMemory, type TActiveContext } from "./context-memory";

// Contextual Anomaly Detector, open-source edition (Mikhail Smirnov, 2016; NAB detector "contextOSE"),
// ported from NAB's Python. Each value is quantised to 2^bits levels between minValue and maxValue and
// encoded as one fact per bit; the score is how badly the learned contexts predicted this input.

export interface TCadOseParams {
  readonly minValue: number;
  readonly maxValue: number;
  /** A score at or above this starts a rest period during which the detector returns 0. */
  readonly baseThreshold: number;
  readonly restPeriod: number;
  readonly maxLeftSemiContextsLength: number;
  readonly maxActiveNeurons: number;
  readonly numNormValueBits: number;
  /** Bound on remembered contexts (memory and time per update grow with it); Infinity is the reference. */
  readonly maxContexts: number;
}

export const CAD_OSE_DEFAULTS = {
  baseThreshold: 0.75,
  restPeriod: 30,
  maxLeftSemiContextsLength: 7,
  maxActiveNeurons: 15,
  numNormValueBits: 3,
  maxContexts: Infinity,
} as const;

const SENSOR_BASE = 65536;
const NEURON_BASE = 2 ** 31;

function byActivation(a: TActiveContext, b: TActiveContext): number {
  if (a.activations !== b.activations) return a.activations - b.activations;
  if (a.leftHash !== b.leftHash) return a.leftHash < b.leftHash ? -1 : 1;
  return a.rightHash === b.rightHash ? 0 : a.rightHash < b.rightHash ? -1 : 1;
}

export class CadOse {
  readonly memory: ContextMemory;
  private readonly maxBin: number;
  private readonly step: number;
  private leftFacts: number[] = [];
  private predicted = new Set<number>();
  // Scores since the last one >= baseThreshold; the reference seeds its history with a 1.0.
  private sinceHigh = 0;

  constructor(private readonly p: TCadOseParams) {
    this.maxBin = 2 ** p.numNormValueBits - 1;
    const range = p.maxValue - p.minValue;
    this.step = (range === 0 ? this.maxBin : range) / this.maxBin;
    this.memory = new ContextMemory(p.maxLeftSemiContextsLength, p.maxContexts);
  }

  /**
   * The facts for one value: bit k of its level becomes SENSOR_BASE + 2k + bit. Levels past maxValue
   * simply get more bits; levels below minValue (only when the range was learned) add one more fact.
   */
  encode(value: number): number[] {
    const level = Math.trunc((value - this.p.minValue) / this.step);
    const magnitude = Math.abs(level);
    const bits = Math.max(this.p.numNormValueBits, magnitude > 0 ? Math.floor(Math.log2(magnitude)) + 1 : 0);
    const facts: number[] = level < 0 ? [SENSOR_BASE - 1] : [];
    for (let k = 0; k < bits; k++) facts.push(SENSOR_BASE + 2 * k + (Math.floor(magnitude / 2 ** k) % 2));
    return facts;
  }

  /** CAD's score for the next value, learning from it, with the rest period applied (the reference). */
  score(value: number): number {
    const current = this.rawScore(value);
    const rest = Math.trunc(this.p.restPeriod);
    const returned = rest > 0 && this.sinceHigh >= rest ? current : 0;
    this.sinceHigh = current >= this.p.baseThreshold ? 0 : this.sinceHigh + 1;
    return returned;
  }

  /** CAD's score for the next value, learning from it, without the rest period. */
  rawScore(value: number): number {
    const facts = this.encode(value);
    let missed = 0;
    for (const fact of facts) if (!this.predicted.has(fact)) missed += 2 ** Math.floor((fact - SENSOR_BASE) / 2);
    const [selectedActive, addedShare] = this.learn(facts);
    return missed > 0 ? (1 - selectedActive + addedShare) / 2 : 0;
  }

  /** One step of CAD: returns the share of selected contexts that fired and the share of new contexts. */
  private learn(sensorFacts: number[]): [number, number] {
    const newZeroLevel = this.leftFacts.length > 0 && this.memory.addZeroLevel(this.leftFacts, sensorFacts);
    const { active, selected, candidates } = this.memory.activate(sensorFacts, newZeroLevel);
    const selectedActive = selected > 0 ? active.length / selected : 0;
    const neurons = active
      .sort(byActivation)
      .slice(-this.p.maxActiveNeurons)
      .map((c) => NEURON_BASE + c.id);
    // Candidates only arise with a new zero-level context, and only then is the share of new ones used.
    const pairs = newZeroLevel ? [[this.leftFacts, sensorFacts], ...candidates] : [];
    const unique = new Set(pairs.map(([l, r]) => `${l.join(",")}|${r.join(",")}`)).size;
    this.leftFacts = [...new Set([...sensorFacts, ...neurons])].sort((a, b) => a - b);
    const { added, predicted } = this.memory.predict(this.leftFacts, candidates);
    this.predicted = predicted;
    return [selectedActive, newZeroLevel ? (added + 1) / unique : 0];
  }
}
