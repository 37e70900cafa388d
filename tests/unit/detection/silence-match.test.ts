import { describe, expect, it } from "vitest";
import { isSilenced, silenceMatches, type TMatchableAlert, type TMatcher, type TSilenceSpec } from "@/lib/detection/silences/match";
import { ZMatcher } from "@/lib/detection/silences/schemas";

const NOW = 1_763_812_800_000;
const shardAlert: TMatchableAlert = { ruleName: "hot-shard", severity: "critical", labels: { cluster: "orders", shard: "s-07", node: "db-3" } };
const keyAlert: TMatchableAlert = { ruleName: "hot-key", severity: "warning", labels: { cluster: "sessions", node: "c-2", key: "user:42" } };
const during = (matchers: TMatcher[]): TSilenceSpec => ({ matchers, startsAt: NOW - 1000, endsAt: NOW + 1000 });

describe("silenceMatches", () => {
  it.each<[string, TMatcher[], TMatchableAlert, boolean]>([
    ["equal label", [{ label: "cluster", op: "=", value: "orders" }], shardAlert, true],
    ["other value", [{ label: "cluster", op: "=", value: "sessions" }], shardAlert, false],
    ["not equal", [{ label: "cluster", op: "!=", value: "sessions" }], shardAlert, true],
    ["rule name", [{ label: "rule", op: "=", value: "hot-shard" }], shardAlert, true],
    ["severity", [{ label: "severity", op: "=~", value: "warning|critical" }], keyAlert, true],
    ["regex anchored at both ends", [{ label: "shard", op: "=~", value: "s-0" }], shardAlert, false],
    ["regex matching the whole value", [{ label: "shard", op: "=~", value: "s-0." }], shardAlert, true],
    ["regex not matching", [{ label: "shard", op: "!~", value: "s-1.*" }], shardAlert, true],
    ["negative regex that matches", [{ label: "shard", op: "!~", value: "s-0.*" }], shardAlert, false],
    ["missing label equals the empty string", [{ label: "shard", op: "=", value: "" }], keyAlert, true],
    ["missing label is not a value", [{ label: "shard", op: "=", value: "s-07" }], keyAlert, false],
    ["missing label differs from a value", [{ label: "replica", op: "!=", value: "r1" }], shardAlert, true],
    [
      "every matcher must hold",
      [
        { label: "cluster", op: "=", value: "orders" },
        { label: "node", op: "=", value: "db-9" },
      ],
      shardAlert,
      false,
    ],
    [
      "all matchers hold",
      [
        { label: "cluster", op: "=", value: "sessions" },
        { label: "key", op: "=~", value: "user:.*" },
      ],
      keyAlert,
      true,
    ],
    ["regex metacharacters in '=' are literal", [{ label: "key", op: "=", value: "user:.*" }], keyAlert, false],
  ])("%s", (_name, matchers, alert, expected) => {
    expect(silenceMatches(during(matchers), alert, NOW)).toBe(expected);
  });

  it.each<[string, number, boolean]>([
    ["before it starts", NOW - 1001, false],
    ["at its start", NOW - 1000, true],
    ["just before its end", NOW + 999, true],
    ["at its end", NOW + 1000, false],
  ])("holds on [startsAt, endsAt): %s", (_name, now, expected) => {
    expect(silenceMatches(during([{ label: "cluster", op: "=", value: "orders" }]), shardAlert, now)).toBe(expected);
  });

  it("isSilenced needs one matching silence", () => {
    const silences = [during([{ label: "cluster", op: "=", value: "sessions" }]), during([{ label: "rule", op: "=", value: "hot-shard" }])];
    expect(isSilenced(silences, shardAlert, NOW)).toBe(true);
    expect(isSilenced(silences.slice(0, 1), shardAlert, NOW)).toBe(false);
    expect(isSilenced([], shardAlert, NOW)).toBe(false);
  });
});

describe("ZMatcher", () => {
  it.each<[string, unknown, string | null]>([
    ["a valid regex", { label: "shard", op: "=~", value: "s-(0|1)." }, null],
    ["an unbalanced group", { label: "shard", op: "=~", value: "s-(0" }, "value"],
    ["an invalid regex with '=' is just a value", { label: "shard", op: "=", value: "s-(0" }, null],
    ["an unknown label", { label: "pod", op: "=", value: "x" }, "label"],
    ["an unknown op", { label: "shard", op: "==", value: "x" }, "op"],
  ])("%s", (_name, input, badPath) => {
    const result = ZMatcher.safeParse(input);
    expect(result.success).toBe(badPath === null);
    if (badPath) expect(result.error?.issues[0]?.path).toEqual([badPath]);
  });
});
