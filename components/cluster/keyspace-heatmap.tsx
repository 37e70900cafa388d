"use client";

import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { summarizeHeatmap } from "@/lib/dashboard/cluster/heatmap-grid";
import type { THeatmap } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { formatClock, formatMetric, formatTick, METRIC_LABEL, shardHref } from "./format";
import { cellsImage, colorAt, layoutFor, type TLayout } from "./heatmap-draw";

type TCell = { row: number; bucket: number };
type TRow = THeatmap["rows"][number];

const rowName = (r: TRow) => (r.shard ? r.shard : `${r.shards} shards, ${r.first} … ${r.last}`);
const rowTarget = (r: TRow) => r.shard ?? r.hottest;
const keyRange = (r: TRow) => (r.keyStart !== null || r.keyEnd !== null ? `${r.keyStart ?? "?"} – ${r.keyEnd ?? "?"}` : "unknown");

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.floor(e!.contentRect.width)));
    ro.observe(el);
    setWidth(Math.floor(el.getBoundingClientRect().width));
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function draw(canvas: HTMLCanvasElement, h: THeatmap, l: TLayout, focus: TCell | null): void {
  performance.mark("heatmap-render-start");
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(l.width * dpr);
  canvas.height = Math.round(l.height * dpr);
  canvas.style.width = `${l.width}px`;
  canvas.style.height = `${l.height}px`;
  const g = canvas.getContext("2d")!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  const css = getComputedStyle(canvas);
  g.fillStyle = css.getPropertyValue("--surface-2");
  g.fillRect(l.gutter, 0, l.plotW, l.height);
  const off = document.createElement("canvas");
  off.width = Math.max(1, h.buckets);
  off.height = Math.max(1, h.rows.length);
  off.getContext("2d")!.putImageData(cellsImage(h.values, h.rows.length, h.buckets, h.max ?? 0), 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(off, l.gutter, 0, l.plotW, l.height);
  // Row labels: as many as fit at 14 px apart.
  g.fillStyle = css.getPropertyValue("--text-muted");
  g.font = `11px ${css.getPropertyValue("--mono") || "monospace"}`;
  g.textBaseline = "middle";
  const every = Math.max(1, Math.ceil(14 / l.rowH));
  for (let r = 0; r < h.rows.length; r += every) {
    const row = h.rows[r]!;
    const text = row.shard ?? row.keyStart ?? row.first;
    const max = Math.floor((l.gutter - 8) / 6.7);
    g.fillText(text.length > max ? `${text.slice(0, max - 1)}…` : text, 2, r * l.rowH + l.rowH / 2, l.gutter - 6);
  }
  if (focus) {
    const cw = l.plotW / h.buckets;
    g.strokeStyle = css.getPropertyValue("--text");
    g.lineWidth = 2;
    g.strokeRect(l.gutter + focus.bucket * cw, focus.row * l.rowH, Math.max(cw, 3), Math.max(l.rowH, 3));
  }
  performance.mark("heatmap-render-end");
  performance.measure("heatmap-render", "heatmap-render-start", "heatmap-render-end");
}

function Tooltip({ h, cell, l, cluster }: { h: THeatmap; cell: TCell; l: TLayout; cluster: string }) {
  const row = h.rows[cell.row]!;
  const v = h.values[cell.row * h.buckets + cell.bucket] ?? null;
  const t = h.start + cell.bucket * h.step;
  const x = l.gutter + ((cell.bucket + 0.5) * l.plotW) / h.buckets;
  const left = Math.min(Math.max(0, x + 12), Math.max(0, l.width - 240));
  const top = cell.row * l.rowH + l.rowH + 8;
  return (
    <div className={styles.tooltip} style={{ left, top }} data-testid="heatmap-tooltip">
      <strong className="mono">{rowName(row)}</strong>
      <div>key range {keyRange(row)}</div>
      <div>
        {formatClock(t)} – {formatClock(t + h.step)}
      </div>
      <div>
        {METRIC_LABEL[h.metric]}: <strong>{formatMetric(h.metric, v)}</strong>
        {row.shards > 1 ? ` (${h.rowAgg === "sum" ? "sum" : "max"} of ${row.shards} shards)` : ""}
      </div>
      {rowTarget(row) ? <div className="muted">Enter or click: {row.shard ? "open" : `open the row's hottest, ${rowTarget(row)}`}</div> : null}
      <span className="visually-hidden">{cluster}</span>
    </div>
  );
}

/** The text alternative: each row's latest and peak value (no links, so nothing invisible takes focus). */
function HeatmapTable({ h }: { h: THeatmap }) {
  return (
    // The wrapper hides it: a <table> ignores the 1 px width of .visually-hidden and would widen the page.
    <div className="visually-hidden">
      <table>
        <caption>Heatmap rows in key order with their latest and peak {METRIC_LABEL[h.metric].toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Key range</th>
            <th scope="col">Latest</th>
            <th scope="col">Peak</th>
          </tr>
        </thead>
        <tbody>
          {h.rows.map((row, r) => {
            let latest: number | null = null;
            let peak: number | null = null;
            for (let b = 0; b < h.buckets; b++) {
              const v = h.values[r * h.buckets + b];
              if (v === null || v === undefined) continue;
              latest = v;
              if (peak === null || v > peak) peak = v;
            }
            return (
              <tr key={`${row.first}-${row.last}`}>
                <th scope="row">{rowName(row)}</th>
                <td>{keyRange(row)}</td>
                <td>{formatMetric(h.metric, latest)}</td>
                <td>{formatMetric(h.metric, peak)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Shards in key order (rows) by time (columns), coloured by the metric; keyboard: arrows move, Enter opens the shard. */
export function KeyspaceHeatmap({ h, cluster }: { h: THeatmap; cluster: string }) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box);
  const [hover, setHover] = useState<TCell | null>(null);
  const [focus, setFocus] = useState<TCell | null>(null);
  const layout = useMemo(() => layoutFor(width, h.rows.length), [width, h.rows.length]);
  const summary = useMemo(() => summarizeHeatmap(h.values, h.rows.length, h.buckets), [h]);
  const valid = (c: TCell | null) => (c && c.row < h.rows.length && c.bucket < h.buckets ? c : null);
  const shown = valid(hover) ?? valid(focus);

  useEffect(() => {
    if (canvas.current && width > 0) draw(canvas.current, h, layout, valid(focus));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- valid() only reads h and focus
  }, [h, layout, focus, width]);

  const cellAt = (e: React.MouseEvent): TCell | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left - layout.gutter;
    const y = e.clientY - r.top;
    if (x < 0 || y < 0 || x >= layout.plotW || y >= layout.height) return null;
    return { row: Math.floor(y / layout.rowH), bucket: Math.floor((x / layout.plotW) * h.buckets) };
  };
  const open = (c: TCell | null) => {
    const target = c ? rowTarget(h.rows[c.row]!) : null;
    if (target) router.push(shardHref(cluster, target));
  };
  function onKey(e: React.KeyboardEvent) {
    const cur = valid(focus) ?? { row: summary?.row ?? 0, bucket: summary?.bucket ?? h.buckets - 1 };
    const move: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      PageUp: [-10, 0],
      PageDown: [10, 0],
    };
    if (e.key === "Enter") return open(cur);
    const d = move[e.key];
    if (!d) return;
    e.preventDefault();
    setFocus({ row: Math.max(0, Math.min(h.rows.length - 1, cur.row + d[0])), bucket: Math.max(0, Math.min(h.buckets - 1, cur.bucket + d[1])) });
  }

  const hot = summary ? h.rows[summary.row]! : null;
  const peakRow = summary ? h.rows[summary.peakRow] : undefined;
  const span = h.buckets * h.step;
  const captionId = `heatmap-caption-${cluster}`;
  return (
    <figure className="chart">
      <div ref={box} className={styles.heatmapWrap}>
        <div
          className={styles.heatmapFocus}
          tabIndex={0}
          role="group"
          aria-label={`Keyspace heatmap of ${METRIC_LABEL[h.metric].toLowerCase()}: ${h.rows.length} rows by ${h.buckets} time buckets. Arrow keys move between cells, Enter opens the shard.`}
          aria-describedby={captionId}
          onKeyDown={onKey}
          onBlur={() => setFocus(null)}
          data-testid="heatmap"
          data-hottest={hot ? (rowTarget(hot) ?? "") : ""}
        >
          <canvas
            ref={canvas}
            className={styles.canvas}
            aria-hidden="true"
            onMouseMove={(e) => setHover(cellAt(e))}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => open(cellAt(e))}
          />
        </div>
        {shown ? <Tooltip h={h} cell={shown} l={layout} cluster={cluster} /> : null}
        <div className={styles.axis} style={{ marginLeft: layout.gutter }} aria-hidden="true">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f}>{formatTick(h.start + f * span, span)}</span>
          ))}
        </div>
      </div>
      <div className={styles.legend}>
        <span>
          0
          <span
            className={styles.ramp}
            style={{ background: `linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map(colorAt).join(", ")})` }}
            aria-hidden="true"
          />
          {formatMetric(h.metric, h.max ?? 0)}
        </span>
        <span>
          <span className={styles.noData} aria-hidden="true" />
          no data
        </span>
        <span>
          {h.shards.toLocaleString("en")} shards in key order
          {h.rows.length < h.shards
            ? `, ${h.rows.length} rows of about ${Math.round(h.shards / h.rows.length)} (${h.rowAgg === "sum" ? "summed" : "maximum"})`
            : ""}{" "}
          · {h.buckets} buckets of {h.step / 1000} s
        </span>
      </div>
      <figcaption id={captionId} className={styles.caption} aria-live="polite" data-testid="heatmap-caption">
        {summary && hot ? (
          <>
            Hottest now: <strong className="mono">{rowName(hot)}</strong> (key range {keyRange(hot)}) at {formatMetric(h.metric, summary.value)}
            {peakRow
              ? `; peak in range ${formatMetric(h.metric, summary.peak)} on ${rowName(peakRow)} at ${formatClock(h.start + summary.peakBucket * h.step)}`
              : ""}
            .
          </>
        ) : (
          "No data in this range."
        )}
      </figcaption>
      <HeatmapTable h={h} />
      {shown ? (
        <p className="visually-hidden" aria-live="polite">
          {rowName(h.rows[shown.row]!)}, {formatClock(h.start + shown.bucket * h.step)}:{" "}
          {formatMetric(h.metric, h.values[shown.row * h.buckets + shown.bucket] ?? null)}
        </p>
      ) : null}
    </figure>
  );
}
