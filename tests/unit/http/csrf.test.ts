import { describe, expect, it } from "vitest";
import { CsrfError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/csrf";

const BASE = "http://127.0.0.1:3000";
const req = (method: string, headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/v1/tokens", { method, headers });

describe("assertSameOrigin", () => {
  it.each([
    ["GET without origin", req("GET", {})],
    ["POST from our origin", req("POST", { origin: BASE })],
    ["POST from localhost alias", req("POST", { origin: "http://localhost:3000" })],
    ["POST same-origin fetch metadata", req("POST", { "sec-fetch-site": "same-origin" })],
  ])("allows %s", (_n, r) => expect(() => assertSameOrigin(r, BASE)).not.toThrow());

  it.each([
    ["POST from another site", req("POST", { origin: "https://evil.example" })],
    ["DELETE cross-site", req("DELETE", { "sec-fetch-site": "cross-site", origin: BASE })],
    ["POST with no origin at all", req("POST", {})],
    ["POST from another port", req("POST", { origin: "http://127.0.0.1:4000" })],
  ])("refuses %s", (_n, r) => expect(() => assertSameOrigin(r, BASE)).toThrow(CsrfError));
});
