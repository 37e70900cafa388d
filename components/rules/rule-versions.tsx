"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { ruleKeys } from "@/components/api/query-keys";
import type { TRuleVersionView } from "./types";

/** Every saved definition, newest first. */
export function RuleVersions({ id }: { id: string }) {
  const list = useQuery({ queryKey: ruleKeys.versions(id), queryFn: () => fetchJson<{ versions: TRuleVersionView[] }>(`/api/v1/rules/${id}/versions`) });
  return (
    <section className="card" aria-labelledby="versions-h">
      <h2 id="versions-h">Version history</h2>
      {list.isPending ? <p className="muted">Loading versions…</p> : null}
      {list.error ? (
        <div className="alert alert-error" role="alert">
          Could not load versions: {list.error.message}
        </div>
      ) : null}
      {list.data ? (
        <ol className="versions">
          {list.data.versions.map((v) => (
            <li key={v.version} data-testid="rule-version">
              <details>
                <summary>
                  <strong>v{v.version}</strong> <time dateTime={new Date(v.createdAt).toISOString()}>{new Date(v.createdAt).toLocaleString()}</time>{" "}
                  <span className="muted">by {v.createdBy ?? "Shardwatch"}</span>
                </summary>
                <pre className="json">{JSON.stringify(v.definition, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
