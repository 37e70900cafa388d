"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { statusComponentKeys } from "@/components/api/query-keys";
import { Field, FormError } from "@/components/ui/form";
import type { TComponentTarget } from "@/lib/status/schemas";
import { LevelBadge } from "./badges";
import type { TStatusComponent } from "./format";
import styles from "./status-admin.module.css";
import { useStatusComponents } from "./use-status-components";

type TDraft = { name: string; description: string; position: string; targets: TComponentTarget[]; showTargets: boolean };
const EMPTY: TDraft = { name: "", description: "", position: "0", targets: [{ cluster: "" }], showTargets: false };
const TARGET_FIELDS = [
  ["cluster", "Cluster"],
  ["shard", "Shard (optional)"],
  ["node", "Node (optional)"],
  ["cacheNode", "Cache node (optional)"],
] as const;

function clean(t: TComponentTarget): TComponentTarget {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => typeof v === "string" && v.trim() !== "")) as TComponentTarget;
}

function TargetsEditor({ value, onChange, idPrefix }: { value: TComponentTarget[]; onChange: (v: TComponentTarget[]) => void; idPrefix: string }) {
  return (
    <fieldset className={`field ${styles.fieldset}`}>
      <legend className="legend">Targets: the alerts that concern this component</legend>
      {value.map((t, i) => (
        <div key={i} className={styles.targetRow}>
          {TARGET_FIELDS.map(([key, label]) => (
            <Field key={key} id={`${idPrefix}-t${i}-${key}`} label={label} value={t[key] ?? ""} onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, [key]: e.target.value } : x)))} />
          ))}
          <button type="button" className="btn btn-sm" aria-label={`Remove target ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-sm" onClick={() => onChange([...value, { cluster: "" }])}>
          Add target
        </button>
      </div>
    </fieldset>
  );
}

function ComponentForm({ initial, onDone, existing }: { initial: TDraft; onDone: () => void; existing?: TStatusComponent }) {
  const qc = useQueryClient();
  const [d, setD] = useState(initial);
  const idPrefix = existing ? `edit-${existing.id}` : "new";
  const save = useMutation({
    mutationFn: () => {
      const json = { name: d.name, description: d.description, position: Number(d.position) || 0, targets: d.targets.map(clean), showTargets: d.showTargets };
      return existing ? fetchJson(`/api/v1/status/components/${existing.id}`, { method: "PATCH", json }) : fetchJson("/api/v1/status/components", { method: "POST", json });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: statusComponentKeys.all });
      if (!existing) setD(EMPTY);
      onDone();
    },
  });
  return (
    <form
      className="silence-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="form-row">
        <Field id={`${idPrefix}-name`} label="Name (public)" placeholder="Orders API" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} error={issueFor(save.error, "name")} required />
        <Field id={`${idPrefix}-position`} label="Order" inputMode="numeric" value={d.position} onChange={(e) => setD({ ...d, position: e.target.value })} />
      </div>
      <Field id={`${idPrefix}-description`} label="Description (public)" value={d.description} onChange={(e) => setD({ ...d, description: e.target.value })} />
      <TargetsEditor value={d.targets} onChange={(targets) => setD({ ...d, targets })} idPrefix={idPrefix} />
      <label className="checkbox">
        <input type="checkbox" checked={d.showTargets} onChange={(e) => setD({ ...d, showTargets: e.target.checked })} aria-describedby={`${idPrefix}-show-warn`} />
        Show targets on the public page
      </label>
      {d.showTargets ? (
        <p id={`${idPrefix}-show-warn`} className={styles.note} role="note">
          <span aria-hidden="true">! </span>Internal names (clusters, shard ids, hosts) become public for this component.
        </p>
      ) : null}
      <FormError error={save.error} fields={["name"]} />
      <div className={styles.buttons}>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? "Save component" : "Add component"}
        </button>
        {existing ? (
          <button type="button" className="btn" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function targetText(t: TComponentTarget): string {
  return [t.cluster, t.shard && `shard ${t.shard}`, t.node && `node ${t.node}`, t.cacheNode && `cache ${t.cacheNode}`].filter(Boolean).join(" · ");
}

export function StatusComponentsPanel({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const list = useStatusComponents();
  const [editing, setEditing] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/v1/status/components/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: statusComponentKeys.all }),
  });
  return (
    <>
      {isAdmin ? (
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h">Add a component</h2>
          <ComponentForm initial={EMPTY} onDone={() => undefined} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="list-h" aria-busy={list.isPending}>
        <h2 id="list-h">Status components</h2>
        {list.error ? (
          <div className="alert alert-error" role="alert">
            Could not load components: {list.error.message}{" "}
            <button type="button" className="btn btn-sm" onClick={() => void list.refetch()}>
              Try again
            </button>
          </div>
        ) : null}
        {list.isPending ? <p className="muted">Loading components…</p> : null}
        {list.data && !list.data.length ? (
          <div className="empty" data-testid="components-empty">
            <p>
              <strong>No components yet.</strong>
            </p>
            <p>Components are what stakeholders see on the status page (e.g. “Orders API”); map each to the clusters, shards or cache nodes behind it.</p>
          </div>
        ) : null}
        <FormError error={remove.error} fields={[]} />
        <ul className={styles.list}>
          {list.data?.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <ComponentForm
                  existing={c}
                  initial={{ name: c.name, description: c.description, position: String(c.position), targets: c.targets, showTargets: c.showTargets }}
                  onDone={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={c.id} className={styles.item} data-testid="component-item">
                <div className={styles.itemHead}>
                  <span className={styles.itemTitle}>{c.name}</span>
                  <LevelBadge level={c.status} />
                  {c.showTargets ? <span className="badge">Targets public</span> : null}
                </div>
                {c.description ? <p className={styles.meta}>{c.description}</p> : null}
                <p className={styles.meta}>{c.targets.length ? c.targets.map(targetText).join("; ") : "No targets: no drafts from alerts"}</p>
                {isAdmin ? (
                  <div className={styles.buttons}>
                    <button type="button" className="btn btn-sm" onClick={() => setEditing(c.id)} aria-label={`Edit ${c.name}`}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm btn-danger"
                      aria-label={`Delete ${c.name}`}
                      onClick={() => {
                        if (window.confirm(`Delete “${c.name}” from the status page?`)) remove.mutate(c.id);
                      }}
                    >
                      Delete
                    </button>
                  </div>
                ) : null}
              </li>
            ),
          )}
        </ul>
      </section>
    </>
  );
}
