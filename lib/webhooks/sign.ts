import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks signing (https://www.standardwebhooks.com): webhook-id, webhook-timestamp (seconds)
// and webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the whsec_ secret.

export type TSignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/** A new signing secret: whsec_ and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** A new message id: also the webhook-id every attempt of the event carries (receivers dedup on it). */
export function newMessageId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

export function signatureHeaders(secret: string, msgId: string, at: Date, body: string): TSignedHeaders {
  const signature = new Webhook(secret).sign(msgId, at, body);
  return { "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

/** Verifies like a receiver would (5-minute tolerance against the wall clock); throws when it does not hold. */
export function verifySignature(secret: string, body: string, headers: TSignedHeaders): unknown {
  return new Webhook(secret).verify(body, headers);
}

/** One-time tokens are stored as their sha256, never in clear. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
