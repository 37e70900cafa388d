"use client";

import Link from "next/link";
import { useEffect } from "react";

// A console page failed to render (database away, a bug): say so, offer a retry, keep the shell.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="card" role="alert" aria-labelledby="page-error-h">
      <h1 id="page-error-h">This page could not be loaded</h1>
      <p>
        The server could not answer just now. Telemetry and detection keep running; this is only the page.
        {error.digest ? (
          <>
            {" "}
            Reference <code>{error.digest}</code> (in the server log).
          </>
        ) : null}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
        <Link className="btn" href="/">
          Overview
        </Link>
      </div>
    </section>
  );
}
