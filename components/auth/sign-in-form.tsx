"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "./auth-client";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function SignInForm({ next }: { next?: string | undefined }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({ email, password });
    setBusy(false);
    if (!failure) {
      router.replace(safeNext(next));
      router.refresh();
      return;
    }
    if (failure.status === 429) setError(failure.message ?? "Too many failed sign-ins; wait a minute and try again.");
    else if (failure.status === 401 || failure.status === 400) setError("Wrong email or password.");
    else setError(failure.message ?? `Sign-in failed (${failure.status}).`);
  }

  return (
    <form onSubmit={submit} aria-labelledby="sign-in-h">
      <h1 id="sign-in-h" style={{ fontSize: 18, marginBottom: 16 }}>
        Sign in
      </h1>
      {error ? (
        <div className="alert alert-error" role="alert" data-testid="sign-in-error">
          {error}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
