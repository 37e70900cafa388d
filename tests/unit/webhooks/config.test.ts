import { describe, expect, it } from "vitest";
import { parseWebhookEnv } from "@/lib/webhooks/config";
import { refusalFor } from "@/lib/net/url-guard";
import { takeSubscribeSlot } from "@/lib/webhooks/subscribe-limiter";
import { RateLimitedError } from "@/lib/errors";

describe("webhook settings and SSRF policy", () => {
  it("defaults refuse private, loopback, link-local and metadata targets", () => {
    const { policy, timeoutMs, retryMs, disableAfter } = parseWebhookEnv({});
    expect({ timeoutMs, retryMs, disableAfter }).toEqual({ timeoutMs: 10_000, retryMs: 24 * 3_600_000, disableAfter: 10 });
    expect(["127.0.0.1", "::1", "10.0.0.5", "192.168.1.1", "169.254.169.254", "fe80::1", "::ffff:10.0.0.1", "0.0.0.0"].map((a) => refusalFor(a, policy))).toEqual([
      "loopback",
      "loopback",
      "private",
      "private",
      "metadata",
      "link-local",
      "private",
      "unspecified",
    ]);
    expect(refusalFor("93.184.216.34", policy)).toBeNull();
  });

  it("allows loopback, private or listed ranges only when told to, never metadata", () => {
    const { policy } = parseWebhookEnv({ SHARDWATCH_WEBHOOK_ALLOW_LOOPBACK: "true", SHARDWATCH_WEBHOOK_ALLOWED_CIDRS: "10.20.0.0/16" });
    expect(refusalFor("127.0.0.1", policy)).toBeNull();
    expect(refusalFor("10.20.3.4", policy)).toBeNull();
    expect(refusalFor("10.21.3.4", policy)).toBe("private");
    expect(refusalFor("169.254.169.254", policy)).toBe("metadata");
  });

  it("names a bad variable", () => {
    expect(() => parseWebhookEnv({ SHARDWATCH_WEBHOOK_TIMEOUT_SECONDS: "0", SHARDWATCH_WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/99" })).toThrow(
      /SHARDWATCH_WEBHOOK_ALLOWED_CIDRS .*not a CIDR.*SHARDWATCH_WEBHOOK_TIMEOUT_SECONDS expected at least 1|SHARDWATCH_WEBHOOK_TIMEOUT_SECONDS expected at least 1.*SHARDWATCH_WEBHOOK_ALLOWED_CIDRS/,
    );
  });

  it("limits public subscriptions per client and overall", () => {
    const limits = { windowMs: 60_000, perClient: 2, total: 3 };
    const t = 1_000_000_000;
    takeSubscribeSlot("1.1.1.1", t, limits);
    takeSubscribeSlot("1.1.1.1", t + 1, limits);
    expect(() => takeSubscribeSlot("1.1.1.1", t + 2, limits)).toThrow(RateLimitedError);
    takeSubscribeSlot("2.2.2.2", t + 3, limits);
    expect(() => takeSubscribeSlot("3.3.3.3", t + 4, limits)).toThrow(RateLimitedError);
    takeSubscribeSlot("3.3.3.3", t + 60_001, limits); // the window moved on
  });
});
