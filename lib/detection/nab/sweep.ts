import { probationaryLength, scaledSigmoid } from "./profiles";

/** One labelled file: a detector's score per row and its anomaly windows as inclusive row indices. */
export interface TNabFile {
  readonly name: string;
  readonly scores: ArrayLike<number>;
  readonly windows: readonly (readonly [start: number, end: number])[];
}

/**
 * Every scorable row (after the probation) of one file, as NAB's sweeper sees it: the window it lies
 * in (-1 outside) and its unweighted value, σ/σ(-1) inside a window, σ of the distance past the
 * previous window (or -1 before any window) outside. Profiles multiply by tpWeight or fpWeight.
 */
export interface TSweptRows {
  readonly rows: number[];
  readonly window: Int32Array;
  readonly unit: Float64Array;
}

const MAX_TP = scaledSigmoid(-1);

export function sweepRows(numRows: number, windows: TNabFile["windows"]): TSweptRows {
  const start = probationaryLength(numRows);
  const n = Math.max(0, numRows - start);
  const rows: number[] = new Array<number>(n);
  const window = new Int32Array(n).fill(-1);
  const unit = new Float64Array(n);
  let next = 0;
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < numRows; i++) {
    while (next < windows.length && windows[next]![1] < i) {
      prevEnd = windows[next]![1];
      prevWidth = windows[next]![1] - windows[next]![0] + 1;
      next++;
    }
    const w = windows[next];
    let value: number;
    let inWindow = -1;
    if (w && i >= w[0]) {
      const width = w[1] - w[0] + 1;
      value = scaledSigmoid(-(w[1] - i + 1) / width) / MAX_TP;
      inWindow = next;
    } else {
      value = prevEnd < 0 ? -1 : scaledSigmoid((i - prevEnd) / (prevWidth - 1));
    }
    if (i < start) continue;
    rows[i - start] = i;
    window[i - start] = inWindow;
    unit[i - start] = value;
  }
  return { rows, window, unit };
}
