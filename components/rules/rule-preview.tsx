"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { SelectField } from "./select-field";
import type { TAlertView, TPreviewResult } from "./types";

const HOURS = ["1", "6", "24"] as const;
const when = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : "–");
const target = (a: TAlertView) => Object.values(a.labels).filter(Boolean).join(" / ");

/** What the draft (not the saved rule) would have fired over stored telemetry; errors go to the fields. */
export function RulePreview({ body, onError }: { body: () => Record<string, unknown>; onError: (err: Error | null) => void }) {
  const [hours, setHours] = useState<string>("6");
  const preview = useMutation({
    mutationFn: () => fetchJson<TPreviewResult>("/api/v1/rules/preview", { method: "POST", json: { rule: body(), hours: Number(hours) } }),
    onMutate: () => onError(null),
    onError,
  });
  const r = preview.data;
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">Preview</h2>
      <p className="muted">Runs this draft, as it is now, over stored telemetry with the live engine. Nothing is saved.</p>
      <div className="actions">
        <SelectField id="preview-hours" label="Over the last (hours)" value={hours} options={HOURS} onChange={setHours} />
        <button type="button" className="btn field-aligned" onClick={() => preview.mutate()} disabled={preview.isPending}>
          {preview.isPending ? "Previewing…" : "Preview"}
        </button>
      </div>
      {preview.error && !("issues" in preview.error && (preview.error.issues as unknown[]).length) ? (
        <div className="alert alert-error" role="alert">
          {preview.error.message}
        </div>
      ) : null}
      {r && !preview.isPending ? (
        <div data-testid="preview-result" role="status">
          <p>
            <strong>
              Over the last {r.hours} h this rule would have fired {r.firedCount === 0 ? "no times" : r.firedCount === 1 ? "once" : `${r.firedCount} times`}.
            </strong>{" "}
            <span className="muted">({r.samples.toLocaleString()} samples replayed)</span>
          </p>
          {r.alerts.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col">Fired</th>
                    <th scope="col">Resolved</th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {r.alerts.map((a) => (
                    <tr key={a.id} data-testid="preview-alert">
                      <td className="mono">{target(a)}</td>
                      <td>{when(a.firedAt)}</td>
                      <td>{a.resolvedAt ? when(a.resolvedAt) : "still firing"}</td>
                      <td>{a.summary}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {r.firedCount > r.alerts.length ? <p className="muted">The first {r.alerts.length} are listed.</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
