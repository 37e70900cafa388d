import { describe, expect, it } from "vitest";
import * as errors from "@/lib/errors";
import { AppError, CsrfError, ForbiddenError, NotFoundError, RateLimitedError, toErrorResponse } from "@/lib/errors";

// A copy of lib/errors.ts in another bundle of the same process must be recognised too.
describe("error brand", () => {
  it("recognises an error made by another copy of the module", async () => {
    const specifier = "@/lib/errors?copy"; // a query string makes Vite load a second, separate instance
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof errors;
    expect(copy.RateLimitedError).not.toBe(RateLimitedError);
    const foreign = new copy.RateLimitedError("slow down", 3);
    expect(foreign instanceof RateLimitedError).toBe(true);
    expect(foreign instanceof AppError).toBe(true);
    expect(foreign instanceof NotFoundError).toBe(false);
    const res = toErrorResponse(foreign);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("3");
  });

  it.each([
    [new CsrfError("x"), [CsrfError, ForbiddenError, AppError], [NotFoundError]],
    [new ForbiddenError("x"), [ForbiddenError, AppError], [CsrfError]],
  ])("keeps subclass relations (%s)", (err, are, areNot) => {
    for (const c of are) expect(err instanceof c).toBe(true);
    for (const c of areNot) expect(err instanceof c).toBe(false);
    expect(new Error("plain") instanceof AppError).toBe(false);
  });
});

describe("every AppError subclass names its own kind", () => {
  it("so instanceof never confuses siblings", async () => {
    const modules: Record<string, unknown>[] = [errors, await import("@/lib/net/url-guard"), await import("@/lib/net/guarded-fetch"), await import("@/lib/telemetry/prom/exposition")];
    const isErrorClass = (v: unknown): v is typeof AppError => typeof v === "function" && "kind" in v && (v === AppError || (v as { prototype: unknown }).prototype instanceof Error);
    const classes = modules.flatMap((m) => Object.values(m)).filter(isErrorClass);
    expect(classes.length).toBeGreaterThan(12);
    for (const c of classes) expect(Object.hasOwn(c, "kind"), c.name).toBe(true);
  });
});
