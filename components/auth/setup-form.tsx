"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { authClient } from "./auth-client";

export function SetupForm({ token }: { token: string }) {
  const router = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await fetchJson("/api/setup", { method: "POST", json: { token, ...form } });
      await authClient.signIn.email({ email: form.email, password: form.password });
      router.replace("/");
      router.refresh();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const field = (id: "name" | "email" | "password", label: string, type: string, auto: string) => (
    <div className="field">
      <label htmlFor={`setup-${id}`}>{label}</label>
      <input
        id={`setup-${id}`}
        type={type}
        autoComplete={auto}
        value={form[id]}
        onChange={(e) => setForm({ ...form, [id]: e.target.value })}
        aria-invalid={!!issueFor(error, id)}
        aria-describedby={`setup-${id}-err`}
      />
      <span id={`setup-${id}-err`} className="field-error">
        {issueFor(error, id)}
      </span>
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="setup-h">
      <h1 id="setup-h" style={{ fontSize: 18 }}>
        Create the first admin
      </h1>
      <p className="muted">This link works once. The account you create here can add everyone else.</p>
      {error instanceof Error && !issueFor(error, "name") && !issueFor(error, "email") && !issueFor(error, "password") ? (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      ) : null}
      {field("name", "Your name", "text", "name")}
      {field("email", "Email", "email", "username")}
      {field("password", "Password (12+ characters)", "password", "new-password")}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Creating…" : "Create admin and sign in"}
      </button>
    </form>
  );
}
