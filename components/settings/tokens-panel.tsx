"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { tokenKeys } from "@/components/api/query-keys";
import { ActionsHeader, FormError, SubmitButton } from "@/components/ui/form";
import { StatusBadge } from "@/components/ui/status-badge";

type TToken = { id: string; name: string; prefix: string; scopes: string[]; createdBy: string | null; createdAt: number; lastUsedAt: number | null; revokedAt: number | null };
const SCOPES = [
  { id: "ingest", help: "push telemetry" },
  { id: "read", help: "read alerts, series, status" },
  { id: "operate", help: "approve and run mitigations" },
  { id: "admin", help: "everything" },
];
const when = (ms: number | null) => (ms ? new Date(ms).toLocaleString() : "never");

function CreatedSecret({ token, onDone }: { token: TToken & { secret: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-ok" role="status" data-testid="token-secret">
      <div style={{ flex: 1 }}>
        <p>
          <strong>Token “{token.name}” created.</strong> Copy it now: it is shown only once.
        </p>
        <div className="secret">
          <code>{token.secret}</code>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => void navigator.clipboard?.writeText(token.secret).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy"}
          </button>
          <button type="button" className="btn btn-sm" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}

export function TokensPanel() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: tokenKeys.list(), queryFn: () => fetchJson<{ tokens: TToken[] }>("/api/v1/tokens") });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["ingest"]);
  const create = useMutation({
    mutationFn: () => fetchJson<{ token: TToken & { secret: string } }>("/api/v1/tokens", { method: "POST", json: { name, scopes } }),
    onSuccess: () => {
      setName("");
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <>
      <section className="card" aria-labelledby="new-token-h">
        <h2 id="new-token-h">New API token</h2>
        {create.data ? <CreatedSecret token={create.data.token} onDone={() => create.reset()} /> : null}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="token-name">Name</label>
            <input
              id="token-name"
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. orders-cluster exporter"
              aria-invalid={!!issueFor(create.error, "name")}
              aria-describedby="token-name-err"
            />
            <span id="token-name-err" className="field-error">
              {issueFor(create.error, "name")}
            </span>
          </div>
          <fieldset className="checks" style={{ border: 0, padding: 0 }}>
            <legend className="legend">Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s.id}>
                <input
                  type="checkbox"
                  checked={scopes.includes(s.id)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, s.id] : scopes.filter((x) => x !== s.id))}
                />
                <span>
                  <code>{s.id}</code> <span className="muted">{s.help}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FormError error={create.error} fields={["name"]} />
          <SubmitButton pending={create.isPending} label="Create token" pendingLabel="Creating…" />
        </form>
      </section>
      <section className="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">Tokens</h2>
        {list.isPending ? <p className="muted">Loading tokens…</p> : null}
        {list.error ? (
          <div className="alert alert-error" role="alert">
            Could not load tokens: {list.error.message}
          </div>
        ) : null}
        {list.data && list.data.tokens.length === 0 ? <p className="empty">No API tokens yet.</p> : null}
        {list.data && list.data.tokens.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {list.data.tokens.map((t) => (
                  <tr key={t.id} data-testid="token-row">
                    <td>
                      {t.name}
                      <div className="muted">by {t.createdBy ?? "system"}, {when(t.createdAt)}</div>
                    </td>
                    <td className="mono">{t.prefix}…</td>
                    <td>{t.scopes.join(", ")}</td>
                    <td>{when(t.lastUsedAt)}</td>
                    <td>{t.revokedAt ? <StatusBadge tone="neutral">Revoked</StatusBadge> : <StatusBadge tone="ok">Active</StatusBadge>}</td>
                    <td>
                      {t.revokedAt ? null : (
                        <button
                          type="button"
                          className="btn btn-sm btn-danger"
                          disabled={revoke.isPending && revoke.variables === t.id}
                          onClick={() => {
                            if (window.confirm(`Revoke “${t.name}”? Clients using it stop working at once.`)) revoke.mutate(t.id);
                          }}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {revoke.error ? (
          <div className="alert alert-error" role="alert">
            {revoke.error.message}
          </div>
        ) : null}
      </section>
    </>
  );
}
