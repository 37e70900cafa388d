"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { userKeys } from "@/components/api/query-keys";
import { ActionsHeader, Field, FormError, SubmitButton } from "@/components/ui/form";

type TUser = { id: string; email: string; name: string; role: "viewer" | "operator" | "admin"; createdAt: number };
const ROLES = ["viewer", "operator", "admin"] as const;
const EMPTY = { email: "", name: "", role: "viewer" as TUser["role"], password: "" };

export function UsersPanel({ selfId }: { selfId: string }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: userKeys.list(), queryFn: () => fetchJson<{ users: TUser[] }>("/api/v1/users") });
  const [form, setForm] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () => fetchJson<{ user: TUser }>("/api/v1/users", { method: "POST", json: form }),
    onSuccess: () => {
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  const setRole = useMutation({
    mutationFn: (v: { id: string; role: string }) => fetchJson(`/api/v1/users/${v.id}`, { method: "PATCH", json: { role: v.role } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/v1/users/${id}`, { method: "DELETE" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
  const change = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  const err = create.error;
  return (
    <>
      <section className="card" aria-labelledby="add-user-h">
        <h2 id="add-user-h">Add a person</h2>
        {create.data ? (
          <div className="alert alert-ok" role="status">
            {create.data.user.email} can now sign in as {create.data.user.role}.
          </div>
        ) : null}
        <form onSubmit={submit} noValidate>
          <div className="form-row">
            <Field id="user-name" label="Name" type="text" value={form.name} onChange={change("name")} error={issueFor(err, "name")} />
            <Field id="user-email" label="Email" type="email" value={form.email} onChange={change("email")} error={issueFor(err, "email")} />
          </div>
          <div className="form-row">
            <Field
              id="user-password"
              label="Initial password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={change("password")}
              error={issueFor(err, "password")}
            />
            <div className="field">
              <label htmlFor="user-role">Role</label>
              <select id="user-role" value={form.role} onChange={change("role")}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              <span className="field-error" />
            </div>
          </div>
          <FormError error={err} fields={["name", "email", "password", "role"]} />
          <SubmitButton pending={create.isPending} label="Add person" pendingLabel="Adding…" />
        </form>
      </section>
      <section className="card" aria-labelledby="people-h">
        <h2 id="people-h">People</h2>
        {list.isPending ? <p className="muted">Loading people…</p> : null}
        {list.error ? (
          <div className="alert alert-error" role="alert">
            Could not load people: {list.error.message}
          </div>
        ) : null}
        {[setRole.error, remove.error].filter(Boolean).map((e) => (
          <div key={e!.message} className="alert alert-error" role="alert">
            {e!.message}
          </div>
        ))}
        {list.data ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Added</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {list.data.users.map((u) => (
                  <tr key={u.id} data-testid="user-row">
                    <td>
                      {u.name} {u.id === selfId ? <span className="badge">you</span> : null}
                      <div className="muted">{u.email}</div>
                    </td>
                    <td>
                      <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value })}>
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    </td>
                    <td>{new Date(u.createdAt).toLocaleDateString()}</td>
                    <td>
                      {u.id === selfId ? null : (
                        <button
                          type="button"
                          className="btn btn-sm btn-danger"
                          aria-label={`Remove ${u.email}`}
                          onClick={() => {
                            if (window.confirm(`Remove ${u.email}? Their sessions end at once.`)) remove.mutate(u.id);
                          }}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
