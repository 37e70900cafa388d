"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, fetchJson } from "@/components/api/fetch-json";
import { ruleKeys } from "@/components/api/query-keys";
import { SubmitButton } from "@/components/ui/form";
import { RuleStateBadge, SeverityBadge } from "./badges";
import { bodyOf, emptyForm, formOf } from "./rule-form";
import { CommonFields, ParamFields } from "./rule-fields";
import { RulePreview } from "./rule-preview";
import { RuleVersions } from "./rule-versions";
import type { TRuleView } from "./types";

type TIssue = { path: string; message: string };
const issuesOf = (err: Error | null, prefix = ""): TIssue[] =>
  err instanceof ApiError ? err.issues.filter((i) => i.path.startsWith(prefix)).map((i) => ({ ...i, path: i.path.slice(prefix.length) })) : [];

/** Edit (or create) one rule: fields with the server's messages beside them, a preview before saving, its versions. */
export function RuleEditor({ initial, canEdit }: { initial: TRuleView | null; canEdit: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [rule, setRule] = useState(initial);
  const [form, setForm] = useState(() => (initial ? formOf(initial) : emptyForm()));
  const [issues, setIssues] = useState<TIssue[]>([]);
  const save = useMutation({
    mutationFn: () =>
      rule
        ? fetchJson<{ rule: TRuleView }>(`/api/v1/rules/${rule.id}`, { method: "PUT", json: { ...bodyOf(form), version: rule.version } })
        : fetchJson<{ rule: TRuleView }>("/api/v1/rules", { method: "POST", json: bodyOf(form) }),
    onMutate: () => setIssues([]),
    onError: (err) => setIssues(issuesOf(err)),
    onSuccess: ({ rule: saved }) => {
      void qc.invalidateQueries({ queryKey: ruleKeys.all });
      if (!rule) return router.push(`/rules/${saved.id}`);
      setRule(saved);
      setForm(formOf(saved));
      router.refresh();
    },
  });
  const issue = (path: string) => issues.find((i) => i.path === path)?.message;
  const unplaced = save.error && !issues.length ? save.error : null;
  const conflict = save.error instanceof ApiError && save.error.status === 409 && rule;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/rules">← All rules</Link>
          </p>
          <h1>{rule ? rule.title : "New rule"}</h1>
          {rule ? (
            <p className="muted rule-meta">
              <code>{rule.kind}</code> <SeverityBadge severity={rule.severity} /> <RuleStateBadge enabled={rule.enabled} disabledReason={rule.disabledReason} />{" "}
              <span data-testid="rule-version-current">version {rule.version}</span>
            </p>
          ) : null}
        </div>
      </div>
      {rule?.disabledReason ? (
        <div className="alert alert-error" role="alert" data-testid="disabled-reason">
          <span>
            <strong>Disabled because evaluating it failed:</strong> {rule.disabledReason}. Saving the rule enables it again.
          </span>
        </div>
      ) : null}
      {!canEdit ? <p className="alert alert-warn">You can read this rule; operators and admins change it.</p> : null}
      <form onSubmit={submit} noValidate aria-label="Rule" className="rule-form">
        <section className="card" aria-labelledby="definition-h">
          <h2 id="definition-h">Definition</h2>
          <CommonFields form={form} setForm={setForm} issue={issue} isNew={!rule} disabled={!canEdit} />
        </section>
        <section className="card" aria-labelledby="params-h">
          <h2 id="params-h">
            Parameters <span className="muted">· {form.kind}</span>
          </h2>
          <p className="muted">
            Every kind fires on one threshold and resolves on a laxer one, so an alert does not flap at the edge. See docs/api.md for what each means.
          </p>
          <ParamFields form={form} setForm={setForm} issue={issue} isNew={!rule} disabled={!canEdit} />
        </section>
        <RulePreview body={() => bodyOf(form)} onError={(err) => setIssues(issuesOf(err, "rule."))} />
        {canEdit ? (
          <div className="card">
            {conflict ? (
              <div className="alert alert-error" role="alert">
                <span>
                  Someone saved this rule after you opened version {rule.version}.{" "}
                  <button type="button" className="btn btn-sm" onClick={() => window.location.reload()}>
                    Reload
                  </button>{" "}
                  to see their change, then apply yours again.
                </span>
              </div>
            ) : unplaced ? (
              <div className="alert alert-error" role="alert">
                {unplaced.message}
              </div>
            ) : issues.length ? (
              <div className="alert alert-error" role="alert">
                Fix the {issues.length === 1 ? "field" : `${issues.length} fields`} marked above.
              </div>
            ) : null}
            {save.isSuccess && !save.isPending ? (
              <div className="alert alert-ok" role="status">
                Saved as version {save.data.rule.version}.
              </div>
            ) : null}
            <SubmitButton pending={save.isPending} label={rule ? `Save as version ${rule.version + 1}` : "Create rule"} pendingLabel="Saving…" />
          </div>
        ) : null}
      </form>
      {rule ? <RuleVersions id={rule.id} /> : null}
    </>
  );
}
