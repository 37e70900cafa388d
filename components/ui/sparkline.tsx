/** A small server-rendered trend line; NaN points are gaps. The label says what it shows in words. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
  floor,
  minSpan = 0,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
  /** Fix the bottom of the scale (e.g. 0), and keep at least `minSpan` above it, so noise stays flat. */
  floor?: number;
  minSpan?: number;
}) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return null;
  const lo = floor ?? Math.min(...finite);
  const hi = Math.max(lo + minSpan, ...finite);
  const span = hi - lo || 1;
  const step = width / Math.max(1, values.length - 1);
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 2 - ((v - lo) / span) * (height - 4)).toFixed(1);
    d += `${pen ? "L" : "M"}${x} ${y} `;
    pen = true;
  });
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <path d={d.trim()} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
