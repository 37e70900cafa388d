// The error hierarchy every layer throws, and the one table that maps it to HTTP.
import { ZodError } from "zod";

export type TIssue = { path: string; message: string };

// Next.js can bundle this module more than once in one process (the runtime created at start-up and a
// route handler hold different copies), so `instanceof` checks a brand registered with Symbol.for:
// each class names itself with `kind` (every subclass must declare its own), and an instance carries
// the kinds of its whole class chain.
const KINDS = Symbol.for("shardwatch.errorKinds");
type TBranded = { [KINDS]?: string[] };

export class AppError extends Error {
  static readonly kind: string = "AppError";
  readonly status: number = 500;
  readonly code: string = "internal";
  constructor(
    message: string,
    readonly issues?: TIssue[],
  ) {
    super(message);
    const kinds: string[] = [];
    for (let c = new.target as typeof AppError | null; c && c.kind; c = Object.getPrototypeOf(c) as typeof AppError | null) {
      if (Object.hasOwn(c, "kind")) kinds.push(c.kind);
    }
    (this as TBranded)[KINDS] = kinds;
    this.name = new.target.kind;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && !!(value as TBranded)[KINDS]?.includes(this.kind);
  }
}

export class ValidationError extends AppError {
  static override readonly kind: string = "ValidationError";
  override readonly status: number = 422;
  override readonly code: string = "validation_failed";
}

export class BadRequestError extends AppError {
  static override readonly kind: string = "BadRequestError";
  override readonly status = 400;
  override readonly code = "bad_request";
}

export class UnauthorizedError extends AppError {
  static override readonly kind: string = "UnauthorizedError";
  override readonly status = 401;
  override readonly code = "unauthorized";
}

export class ForbiddenError extends AppError {
  static override readonly kind: string = "ForbiddenError";
  override readonly status = 403;
  override readonly code: string = "forbidden";
}

export class CsrfError extends ForbiddenError {
  static override readonly kind: string = "CsrfError";
  override readonly code = "csrf_rejected";
}

export class NotFoundError extends AppError {
  static override readonly kind: string = "NotFoundError";
  override readonly status = 404;
  override readonly code = "not_found";
}

export class ConflictError extends AppError {
  static override readonly kind: string = "ConflictError";
  override readonly status = 409;
  override readonly code = "conflict";
}

export class PayloadTooLargeError extends AppError {
  static override readonly kind: string = "PayloadTooLargeError";
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

export class UnsupportedMediaError extends AppError {
  static override readonly kind: string = "UnsupportedMediaError";
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

export class RateLimitedError extends AppError {
  static override readonly kind: string = "RateLimitedError";
  override readonly status = 429;
  override readonly code = "rate_limited";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class UnavailableError extends AppError {
  static override readonly kind: string = "UnavailableError";
  override readonly status = 503;
  override readonly code = "unavailable";
}

/**
 * 503 with Retry-After: the server is too busy for now. For clients that retry a 5xx but drop a batch
 * answered 429 (Prometheus remote_write, unless `retry_on_http_429` is set).
 */
export class BusyError extends UnavailableError {
  static override readonly kind: string = "BusyError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type TErrorBody = { error: { code: string; message: string; issues?: TIssue[] } };

/** Turns any thrown value into a status and a body that leaks nothing for unknown errors. */
export function toErrorResponse(err: unknown): { status: number; body: TErrorBody; headers: Record<string, string> } {
  if (err instanceof ZodError || (err as Error | null)?.name === "ZodError") err = fromZodError(err as ZodError);
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err instanceof RateLimitedError || err instanceof BusyError) headers["retry-after"] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
    const body: TErrorBody = { error: { code: err.code, message: err.message } };
    if (err.issues?.length) body.error.issues = err.issues;
    return { status: err.status, body, headers };
  }
  return { status: 500, body: { error: { code: "internal", message: "Internal error; the cause is in the server log." } }, headers: {} };
}

/** `samples[3].ts`: the JSON path of an issue, as integrations read it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "") || "(root)";
}

export function fromZodError(err: ZodError, what = "The input"): ValidationError {
  const issues = err.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : "invalid";
  return new ValidationError(`${what} is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}; first: ${summary})`, issues);
}
