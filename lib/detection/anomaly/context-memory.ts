import { PyIntDict, pyTupleHash } from "./py-compat";

// CAD's context memory (Smirnov's ContextOperator). A context pairs a left semi-context (the facts
// active at the previous step: sensor bits plus ids of the contexts that fired) with a right one (the
// sensor bits that followed). Semi-contexts are shared between contexts to save memory.

interface TSemi {
  readonly order: number;
  readonly key: string;
  readonly hash: bigint;
  readonly facts: readonly number[];
  matched: number[];
}

interface TLeftSemi extends TSemi {
  contexts: PyIntDict<number>;
}

interface TContext {
  selected: number; // right-semi sizes summed over the steps its left side was fully active
  hits: number; // right-semi facts that were active in those steps
  activations: number;
  lastUsed: number;
  readonly rightFacts: readonly number[];
  zeroLevel: boolean;
  readonly leftHash: bigint;
  readonly rightHash: bigint;
}

export type TFactPair = readonly [left: readonly number[], right: readonly number[]];

export interface TActiveContext {
  readonly id: number;
  readonly activations: number;
  readonly leftHash: bigint;
  readonly rightHash: bigint;
}

export class ContextMemory {
  // Keyed by the facts themselves; the reference keys by tuple hash, which only differs on a collision.
  private readonly leftByKey = new Map<string, TLeftSemi>();
  private readonly rightByKey = new Map<string, TSemi>();
  private lefts: TLeftSemi[] = [];
  private readonly rights: TSemi[] = [];
  private leftByFact = new Map<number, TLeftSemi[]>();
  private readonly rightByFact = new Map<number, TSemi[]>();
  private crossedLeft: TLeftSemi[] = [];
  private crossedRight: TSemi[] = [];
  private readonly contexts = new Map<number, TContext>();
  private nextId = 0;
  private nextLeftOrder = 0;
  private clock = 0;
  // The reference compares against Python's False, which equals context 0: keep that quirk.
  private newContextId = 0;

  /** maxContexts bounds memory: past it, the least recently used quarter of contexts is forgotten. */
  constructor(
    private readonly maxLeftSemiLength: number,
    private readonly maxContexts = Infinity,
  ) {}

  get size(): number {
    return this.contexts.size;
  }

  get semiCount(): number {
    return this.lefts.length + this.rights.length;
  }

  /** The zero-level context (whole previous step → whole current input): true when it is new. */
  addZeroLevel(left: readonly number[], right: readonly number[]): boolean {
    return this.findOrAdd(left, right, true);
  }

  private findOrAdd(left: readonly number[], right: readonly number[], zeroLevel: boolean): boolean {
    const leftSemi = this.leftSemi(left);
    const rightSemi = this.rightSemi(right);
    const rightId = rightSemi.order;
    const existing = leftSemi.contexts.get(rightId);
    if (existing === undefined) {
      const id = this.nextId++;
      leftSemi.contexts.insert(rightId, id);
      this.contexts.set(id, {
        selected: 0,
        hits: 0,
        activations: 0,
        lastUsed: this.clock,
        rightFacts: right,
        zeroLevel,
        leftHash: leftSemi.hash,
        rightHash: rightSemi.hash,
      });
      if (zeroLevel) this.newContextId = id;
      return true;
    }
    if (zeroLevel) this.contexts.get(existing)!.zeroLevel = true;
    return false;
  }

  private leftSemi(facts: readonly number[]): TLeftSemi {
    const key = facts.join(",");
    let semi = this.leftByKey.get(key);
    if (semi) return semi;
    semi = { order: this.nextLeftOrder++, key, hash: pyTupleHash(facts), facts, matched: [], contexts: new PyIntDict<number>() };
    this.lefts.push(semi);
    this.leftByKey.set(key, semi);
    for (const fact of facts) index(this.leftByFact, fact, semi);
    return semi;
  }

  private rightSemi(facts: readonly number[]): TSemi {
    const key = facts.join(",");
    const known = this.rightByKey.get(key);
    if (known) return known;
    const semi = { order: this.rights.length, key, hash: pyTupleHash(facts), facts, matched: [] };
    this.rights.push(semi);
    this.rightByKey.set(key, semi);
    for (const fact of facts) index(this.rightByFact, fact, semi);
    return semi;
  }

  /**
   * Right-side pass for the current input: updates the prediction record of every context whose left
   * side was fully active at the previous step, returns those that fired and the crossings of
   * zero-level contexts worth remembering as new contexts.
   */
  activate(sensorFacts: readonly number[], newZeroLevel: boolean): { active: TActiveContext[]; selected: number; candidates: TFactPair[] } {
    this.clock++;
    this.crossedRight = cross(this.crossedRight, this.rightByFact, sensorFacts);
    const active: TActiveContext[] = [];
    const candidates: TFactPair[] = [];
    let selected = 0;
    for (const left of this.crossedLeft) {
      const leftFull = left.facts.length === left.matched.length;
      const { keys, vals } = left.contexts;
      for (let j = 0; j < keys.length; j++) {
        const id = vals[j]!;
        if (id === this.newContextId) continue;
        const context = this.contexts.get(id)!;
        const right = this.rights[keys[j]!]!;
        const rightMatched = right.matched.length;
        const candidate = context.zeroLevel && newZeroLevel && rightMatched > 0 && left.matched.length <= this.maxLeftSemiLength;
        if (!leftFull) {
          if (candidate) candidates.push([left.matched.slice(), right.matched.slice()]);
          continue;
        }
        selected++;
        context.lastUsed = this.clock;
        context.selected += right.facts.length;
        if (rightMatched === 0) continue;
        context.hits += rightMatched;
        if (right.facts.length === rightMatched) {
          context.activations++;
          active.push({ id, activations: context.activations, leftHash: context.leftHash, rightHash: context.rightHash });
        } else if (candidate) candidates.push([left.matched.slice(), right.matched.slice()]);
      }
    }
    this.newContextId = 0;
    return { active, selected, candidates };
  }

  /** Left-side pass: stores the candidates, then predicts the facts of the best-performing fully active contexts. */
  predict(leftFacts: readonly number[], candidates: readonly TFactPair[]): { added: number; predicted: Set<number> } {
    let added = 0;
    for (const [left, right] of candidates) if (this.findOrAdd(left, right, false)) added++;
    if (this.contexts.size > this.maxContexts) this.forget();
    this.crossedLeft = cross(this.crossedLeft, this.leftByFact, leftFacts);
    let bestWeight = 0;
    let best: TContext[] = [];
    for (const left of this.crossedLeft) {
      if (left.facts.length !== left.matched.length) continue;
      for (const id of left.contexts.vals) {
        const context = this.contexts.get(id)!;
        const weight = context.selected > 0 ? context.hits / context.selected : 0;
        if (weight > bestWeight) {
          bestWeight = weight;
          best = [context];
        } else if (weight === bestWeight) best.push(context);
      }
    }
    const predicted = new Set<number>();
    for (const context of best) for (const fact of context.rightFacts) predicted.add(fact);
    return { added, predicted };
  }

  /** Drops the least recently used quarter of the contexts and the left semi-contexts left empty. */
  private forget(): void {
    const byUse = [...this.contexts.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed || a[0] - b[0]);
    for (const [id] of byUse.slice(0, Math.ceil(this.contexts.size - 0.75 * this.maxContexts))) this.contexts.delete(id);
    for (const semi of this.lefts) {
      const kept = new PyIntDict<number>();
      semi.contexts.keys.forEach((rightId, j) => {
        if (this.contexts.has(semi.contexts.vals[j]!)) kept.insert(rightId, semi.contexts.vals[j]!);
      });
      semi.contexts = kept;
    }
    this.lefts = this.lefts.filter((semi) => semi.contexts.size > 0 || !this.leftByKey.delete(semi.key));
    this.leftByFact = new Map();
    for (const semi of this.lefts) for (const fact of semi.facts) index(this.leftByFact, fact, semi);
    this.crossedLeft = this.crossedLeft.filter((semi) => semi.contexts.size > 0);
  }
}

function index<S>(byFact: Map<number, S[]>, fact: number, semi: S): void {
  const holders = byFact.get(fact);
  if (holders) holders.push(semi);
  else byFact.set(fact, [semi]);
}

/** Marks which facts of each semi-context are active now; returns the touched ones in creation order. */
function cross<S extends TSemi>(previous: readonly S[], byFact: Map<number, S[]>, facts: readonly number[]): S[] {
  for (const semi of previous) semi.matched = [];
  const touched: S[] = [];
  for (const fact of facts) {
    for (const semi of byFact.get(fact) ?? []) {
      if (semi.matched.length === 0) touched.push(semi);
      semi.matched.push(fact);
    }
  }
  return touched.sort((a, b) => a.order - b.order);
}
