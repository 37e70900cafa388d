import { describe, expect, it, vi } from "vitest";
import { hashToken, newMessageId, newToken, newWebhookSecret, signatureHeaders, verifySignature } from "@/lib/webhooks/sign";

// The Standard Webhooks specification's published test vector (standard-webhooks repo, libraries' tests).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const AT = new Date(1614265330 * 1000);
const BODY = '{"test": 2432232314}';
const EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

describe("Standard Webhooks signing", () => {
  it("reproduces the specification's test vector", () => {
    expect(signatureHeaders(SECRET, MSG_ID, AT, BODY)).toEqual({ "webhook-id": MSG_ID, "webhook-timestamp": "1614265330", "webhook-signature": EXPECTED });
  });

  it("verifies the vector within the 5-minute tolerance and refuses tampering, another secret or an old timestamp", () => {
    vi.useFakeTimers({ now: AT.getTime() + 60_000 });
    try {
      const headers = { "webhook-id": MSG_ID, "webhook-timestamp": "1614265330", "webhook-signature": EXPECTED };
      expect(verifySignature(SECRET, BODY, headers)).toEqual({ test: 2432232314 });
      expect(() => verifySignature(SECRET, '{"test": 2432232315}', headers)).toThrow();
      expect(() => verifySignature(newWebhookSecret(), BODY, headers)).toThrow();
      expect(() => verifySignature(SECRET, BODY, { ...headers, "webhook-id": "msg_other" })).toThrow();
      vi.setSystemTime(AT.getTime() + 10 * 60_000);
      expect(() => verifySignature(SECRET, BODY, headers)).toThrow(/timestamp/i);
    } finally {
      vi.useRealTimers();
    }
  });

  it("makes whsec_ secrets of 32 bytes, msg_ ids and one-time tokens stored only as hashes", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newMessageId()).toMatch(/^msg_[0-9a-f]{32}$/);
    const { token, hash } = newToken();
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
  });
});
