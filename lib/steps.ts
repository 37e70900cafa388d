// Long synchronous work written once, as a generator that yields where it may pause: the request
// thread runs it with pauses (a request can be served at each one), backtests and tests run it at once.

/** Hands the thread to waiting I/O callbacks (requests) once, then resumes. */
export const yieldToRequests = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Runs the steps to the end without pausing; returns their result. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps, awaiting `pause` at each yield; returns their result. */
export async function runStepsYielding<T>(steps: Generator<void, T>, pause: () => Promise<void> = yieldToRequests): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}
