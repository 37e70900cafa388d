import type { InputHTMLAttributes } from "react";
import { ApiError } from "@/components/api/fetch-json";

/** A labelled input whose error message is announced with it. */
export function Field({ id, label, error, ...input }: { id: string; label: string; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" aria-invalid={!!error} aria-describedby={`${id}-err`} {...input} />
      <span id={`${id}-err`} className="field-error">
        {error}
      </span>
    </div>
  );
}

/** The form-level error: shown unless the server's issues already sit next to the form's fields. */
export function FormError({ error, fields }: { error: Error | null; fields: readonly string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && error.issues.some((i) => fields.includes(i.path))) return null;
  return (
    <div className="alert alert-error" role="alert">
      {error.message}
    </div>
  );
}

export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <button type="submit" className="btn btn-primary" disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/** The header cell over a table's row buttons (named for screen readers). */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}
