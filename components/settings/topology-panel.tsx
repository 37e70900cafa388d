"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { topologyKeys } from "@/components/api/query-keys";
import { ActionsHeader } from "@/components/ui/form";

type TItem = { kind: string; cluster: string; id: string; displayName: string | null; description: string | null; detail: Record<string, string | null>; lastSeenAt: number };
const KINDS = [
  ["shard", "Shards"],
  ["node", "Nodes"],
  ["replica", "Replicas"],
  ["cache-node", "Cache nodes"],
] as const;

function EditRow({ item, canEdit }: { item: TItem; canEdit: boolean }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(item.displayName ?? "");
  const [note, setNote] = useState(item.description ?? "");
  const save = useMutation({
    mutationFn: () =>
      fetchJson(`/api/v1/topology/${item.kind}/${encodeURIComponent(item.cluster)}/${encodeURIComponent(item.id)}`, {
        method: "PATCH",
        json: { displayName: name, description: note },
      }),
    onSuccess: () => {
      setEditing(false);
      void qc.invalidateQueries({ queryKey: topologyKeys.all });
    },
  });
  const label = `${item.kind} ${item.id}`;
  return (
    <tr data-testid="topology-row">
      <td className="mono">{item.id}</td>
      <td>
        {editing ? (
          <input type="text" aria-label={`Display name of ${label}`} value={name} onChange={(e) => setName(e.target.value)} />
        ) : (
          (item.displayName ?? <span className="muted">—</span>)
        )}
      </td>
      <td>
        {editing ? (
          <input type="text" aria-label={`Description of ${label}`} value={note} onChange={(e) => setNote(e.target.value)} />
        ) : (
          (item.description ?? <span className="muted">—</span>)
        )}
        {save.error ? <div className="field-error">{save.error.message}</div> : null}
      </td>
      <td className="muted">{Object.entries(item.detail).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(" · ") || "—"}</td>
      <td>{new Date(item.lastSeenAt).toLocaleTimeString()}</td>
      <td>
        {!canEdit ? null : editing ? (
          <button type="button" className="btn btn-sm btn-primary" disabled={save.isPending} onClick={() => save.mutate()}>
            Save
          </button>
        ) : (
          <button type="button" className="btn btn-sm" aria-label={`Rename ${label}`} onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
      </td>
    </tr>
  );
}

function Table({ items, canEdit, first }: { items: TItem[]; canEdit: boolean; first: string }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Display name</th>
            <th scope="col">Description</th>
            <th scope="col">Detail</th>
            <th scope="col">Last seen</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <EditRow key={`${i.kind}/${i.cluster}/${i.id}`} item={i} canEdit={canEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TopologyPanel({ canEdit }: { canEdit: boolean }) {
  const [cluster, setCluster] = useState<string | null>(null);
  const [kind, setKind] = useState<(typeof KINDS)[number][0]>("shard");
  const [search, setSearch] = useState("");
  const clusters = useQuery({
    queryKey: topologyKeys.list("cluster", ""),
    queryFn: () => fetchJson<{ items: TItem[] }>("/api/v1/topology?kind=cluster"),
    refetchInterval: (q) => (q.state.data?.items.length ? 10_000 : 3_000), // new clusters appear by themselves
  });
  const current = cluster ?? clusters.data?.items[0]?.id ?? null;
  const things = useQuery({
    queryKey: topologyKeys.list(kind, `${current}|${search}`),
    enabled: !!current,
    refetchInterval: 10_000, // new shards and moves show up without a reload
    queryFn: () =>
      fetchJson<{ items: TItem[]; total: number }>(`/api/v1/topology?kind=${kind}&cluster=${encodeURIComponent(current!)}&search=${encodeURIComponent(search)}`),
  });
  if (clusters.isPending) return <p className="muted">Loading clusters…</p>;
  if (clusters.error) return <div className="alert alert-error" role="alert">Could not load clusters: {clusters.error.message}</div>;
  if (!clusters.data.items.length) {
    return (
      <section className="card">
        <h2>Clusters</h2>
        <p className="empty">No clusters yet. They appear here by themselves within seconds of the first telemetry that names them.</p>
      </section>
    );
  }
  return (
    <>
      <section className="card" aria-labelledby="clusters-h">
        <h2 id="clusters-h">Clusters</h2>
        <p className="muted">Names come from telemetry and never change; a display name and a description help people at 3 a.m.</p>
        <Table items={clusters.data.items} canEdit={canEdit} first="Cluster" />
      </section>
      <section className="card" aria-labelledby="things-h">
        <h2 id="things-h">Inside a cluster</h2>
        <div className="form-row">
          <div className="field">
            <label htmlFor="topo-cluster">Cluster</label>
            <select id="topo-cluster" value={current ?? ""} onChange={(e) => setCluster(e.target.value)}>
              {clusters.data.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName ? `${c.displayName} (${c.id})` : c.id}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="topo-kind">Show</label>
            <select id="topo-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {KINDS.map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="topo-search">Filter by id</label>
            <input id="topo-search" type="text" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. s-07" />
          </div>
        </div>
        {things.isPending ? <p className="muted">Loading…</p> : null}
        {things.error ? <div className="alert alert-error" role="alert">{things.error.message}</div> : null}
        {things.data ? (
          <>
            <p className="muted">
              {things.data.total} {things.data.total === 1 ? "entry" : "entries"}
              {things.data.total > things.data.items.length ? `, showing the first ${things.data.items.length}; filter to find others` : ""}
            </p>
            {things.data.items.length ? <Table items={things.data.items} canEdit={canEdit} first="Id" /> : <p className="empty">Nothing here.</p>}
          </>
        ) : null}
      </section>
    </>
  );
}
