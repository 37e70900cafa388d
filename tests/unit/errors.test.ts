import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BusyError, ConflictError, formatPath, fromZodError, NotFoundError, RateLimitedError, toErrorResponse } from "@/lib/errors";

describe("toErrorResponse", () => {
  it.each([
    [new NotFoundError("no such token"), 404, "not_found"],
    [new ConflictError("already revoked"), 409, "conflict"],
    [new RateLimitedError("slow down", 7.2), 429, "rate_limited"],
    [new BusyError("the ingest queue is full", 1), 503, "unavailable"],
  ])("maps %s to its status and code", (err, status, code) => {
    const res = toErrorResponse(err);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toBe(err.message);
  });

  it("sets Retry-After in whole seconds for rate limits", () => {
    expect(toErrorResponse(new RateLimitedError("x", 7.2)).headers["retry-after"]).toBe("8");
    expect(toErrorResponse(new BusyError("x", 0.2)).headers["retry-after"]).toBe("1");
  });

  it("hides unknown errors behind a generic 500", () => {
    const res = toErrorResponse(new Error("password=hunter2 at db.ts:12"));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain("hunter2");
  });

  it("turns zod errors into 422 with every issue by JSON path", () => {
    const schema = z.object({ samples: z.array(z.object({ ts: z.number() })) });
    const parsed = schema.safeParse({ samples: [{ ts: 1 }, { ts: "x" }, {}] });
    const res = toErrorResponse(parsed.error);
    expect(res.status).toBe(422);
    expect(res.body.error.issues?.map((i) => i.path)).toEqual(["samples[1].ts", "samples[2].ts"]);
  });
});

describe("formatPath", () => {
  it.each([
    [[], "(root)"],
    [["name"], "name"],
    [["samples", 3, "hotKeys", 0, "key"], "samples[3].hotKeys[0].key"],
  ])("%j → %s", (path, out) => expect(formatPath(path)).toBe(out));

  it("summarises the first problem in the message", () => {
    const err = z.object({ a: z.string() }).safeParse({ a: 1 }).error!;
    expect(fromZodError(err).message).toMatch(/^The input is invalid \(1 problem; first: a: /);
  });
});
