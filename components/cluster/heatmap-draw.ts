// Paints the heatmap's cells: one pixel per cell into an ImageData through a 256-entry colour table,
// then scaled onto the visible canvas in one drawImage. 360k cells cost a few milliseconds this way.

// Viridis: perceptually even and readable for colour-blind people; dark = low, yellow = high.
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export const COLOR_TABLE: Uint8ClampedArray = (() => {
  const t = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(x));
    const f = x - k;
    for (let c = 0; c < 3; c++) t[i * 3 + c] = STOPS[k]![c]! + (STOPS[k + 1]![c]! - STOPS[k]![c]!) * f;
  }
  return t;
})();

export function colorAt(fraction: number): string {
  const i = Math.max(0, Math.min(255, Math.round(fraction * 255)));
  return `rgb(${COLOR_TABLE[i * 3]}, ${COLOR_TABLE[i * 3 + 1]}, ${COLOR_TABLE[i * 3 + 2]})`;
}

/** The cells as an image `buckets` wide and `rows` tall; no data stays transparent. */
export function cellsImage(values: readonly (number | null)[], rows: number, buckets: number, max: number): ImageData {
  const img = new ImageData(Math.max(1, buckets), Math.max(1, rows));
  const px = img.data;
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < rows * buckets; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const c = Math.max(0, Math.min(255, Math.round(v * scale))) * 3;
    const o = i * 4;
    px[o] = COLOR_TABLE[c]!;
    px[o + 1] = COLOR_TABLE[c + 1]!;
    px[o + 2] = COLOR_TABLE[c + 2]!;
    px[o + 3] = 255;
  }
  return img;
}

export type TLayout = { gutter: number; plotW: number; rowH: number; height: number; width: number };

/** Row height from the row count: readable rows for small clusters, at least 3 px for big ones. */
export function layoutFor(width: number, rows: number): TLayout {
  const gutter = width < 560 ? 64 : 132;
  const rowH = Math.max(3, Math.min(18, Math.floor(560 / Math.max(1, rows))));
  return { gutter, plotW: Math.max(1, width - gutter), rowH, height: rows * rowH, width };
}
