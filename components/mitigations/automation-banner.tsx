"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { automationKeys, mitigationKeys } from "@/components/api/query-keys";
import type { TAutomationView } from "@/lib/mitigation/automation";
import styles from "./mitigations.module.css";
import { formatDateTime } from "./format";

/** Shown only while the circuit breaker holds automation; admins resume it here. */
export function AutomationBanner({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: automationKeys.all,
    queryFn: () => fetchJson<{ automation: TAutomationView }>("/api/v1/automation").then((r) => r.automation),
    refetchInterval: 10_000,
  });
  const resume = useMutation({
    mutationFn: () => fetchJson<{ automation: TAutomationView }>("/api/v1/automation", { method: "POST", json: { action: "resume" } }),
    onSuccess: ({ automation }) => {
      qc.setQueryData(automationKeys.all, automation);
      void qc.invalidateQueries({ queryKey: mitigationKeys.all });
    },
  });
  const a = q.data;
  if (!a?.paused) return null;
  return (
    <div className={`alert alert-error ${styles.banner}`} role="alert" data-testid="automation-paused">
      <div>
        <p>
          <span aria-hidden="true">⏸ </span>
          <strong>Automation is paused</strong> since {formatDateTime(a.pausedAt)} after {a.consecutiveFailures} failed operation
          {a.consecutiveFailures === 1 ? "" : "s"} in a row. Approved mitigations wait until it resumes.
        </p>
        {a.lastFailure ? <p>Last failure: {a.lastFailure}</p> : null}
        {resume.error ? <p>Could not resume: {resume.error.message}</p> : null}
      </div>
      {isAdmin ? (
        <button type="button" className="btn" onClick={() => resume.mutate()} disabled={resume.isPending}>
          {resume.isPending ? "Resuming…" : <><span aria-hidden="true">▶</span> Resume automation</>}
        </button>
      ) : (
        <p className="muted">An admin resumes it here.</p>
      )}
    </div>
  );
}
