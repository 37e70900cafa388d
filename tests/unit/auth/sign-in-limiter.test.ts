import { beforeEach, describe, expect, it } from "vitest";
import { clientAddress, signInKeys } from "@/lib/auth/handle-auth-request";
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from "@/lib/auth/sign-in-limiter";

const limit = { maxAttempts: 3, windowSeconds: 60 };
const T0 = 1_800_000_000_000;

describe("sign-in limiter", () => {
  let email: string;
  beforeEach(() => {
    email = `u${Math.random()}@x`;
    clearSignInFailures("all");
  });

  it("allows attempts until the failures reach the limit, then says how long to wait", () => {
    const keys = signInKeys(email, null);
    for (let i = 0; i < 3; i++) {
      expect(signInRetryAfter(keys, limit, T0 + i * 1000)).toBe(0);
      recordSignInFailure(keys.map((k) => k.key), T0 + i * 1000);
    }
    expect(signInRetryAfter(keys, limit, T0 + 3000)).toBe(57);
    expect(signInRetryAfter(keys, limit, T0 + 60_001)).toBe(0);
  });

  it("limits one account without blocking another", () => {
    const a = signInKeys(email, null);
    for (let i = 0; i < 3; i++) recordSignInFailure(a.map((k) => k.key), T0);
    expect(signInRetryAfter(a, limit, T0)).toBeGreaterThan(0);
    expect(signInRetryAfter(signInKeys(`other-${email}`, null), limit, T0)).toBe(0);
  });

  it("trusts X-Forwarded-For only behind a proxy, and then only its last hop", () => {
    const h = new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" });
    expect(clientAddress(h, false)).toBeNull();
    expect(clientAddress(h, true)).toBe("10.0.0.7");
  });
});
