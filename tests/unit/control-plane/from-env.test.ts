import { describe, expect, it } from "vitest";
import { controlPlaneFromEnv } from "@/lib/control-plane/from-env";
import { ConfigError, parseEnv } from "@/lib/env";

describe("control-plane settings", () => {
  it("defaults to no HTTP control plane, private addresses allowed", () => {
    const env = parseEnv({});
    expect(env.SHARDWATCH_CONTROL_PLANE_URL).toBeUndefined();
    expect(env.SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE).toBe(true);
    expect(controlPlaneFromEnv(env)).toBeNull();
  });

  it("makes the HTTP adapter when the URL is set, templated or not", () => {
    const templated = parseEnv({ SHARDWATCH_CONTROL_PLANE_URL: "https://cp.internal/clusters/{cluster}", SHARDWATCH_CONTROL_PLANE_TOKEN: "t0ken" });
    expect(controlPlaneFromEnv(templated)?.name).toBe("http https://cp.internal/clusters/{cluster}");
    expect(controlPlaneFromEnv(parseEnv({ SHARDWATCH_CONTROL_PLANE_URL: "http://10.0.0.5:8080/" }))?.name).toBe("http http://10.0.0.5:8080");
  });

  it.each([
    [{ SHARDWATCH_CONTROL_PLANE_URL: "cp.internal/v1" }, /SHARDWATCH_CONTROL_PLANE_URL expected an http:\/\/ or https:\/\/ URL/],
    [{ SHARDWATCH_CONTROL_PLANE_TOKEN: "abc" }, /SHARDWATCH_CONTROL_PLANE_TOKEN is set but SHARDWATCH_CONTROL_PLANE_URL is not/],
    [{ SHARDWATCH_CONTROL_PLANE_URL: "https://cp", SHARDWATCH_CONTROL_PLANE_TOKEN: "two words" }, /SHARDWATCH_CONTROL_PLANE_TOKEN expected a token without spaces$/],
    [{ SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE: "sometimes" }, /SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE expected one of true\/false/],
  ])("rejects %j naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("never echoes the token", () => {
    expect(() => parseEnv({ SHARDWATCH_CONTROL_PLANE_TOKEN: "secret value" })).toThrow(/^(?!.*secret value)/);
  });

  it.each([
    ["http://169.254.169.254/cp", "true", "SHARDWATCH_CONTROL_PLANE_URL was refused: 169.254.169.254 is a cloud metadata address"],
    ["http://127.0.0.1:9000", "false", "SHARDWATCH_CONTROL_PLANE_URL was refused: 127.0.0.1 is a loopback address"],
    ["http://192.168.1.4:9000", "false", "SHARDWATCH_CONTROL_PLANE_URL was refused: 192.168.1.4 is a private address"],
  ])("refuses %s with ALLOW_PRIVATE=%s as a configuration error", (url, allow, message) => {
    const env = parseEnv({ SHARDWATCH_CONTROL_PLANE_URL: url, SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE: allow });
    expect(() => controlPlaneFromEnv(env)).toThrow(new ConfigError(`Invalid configuration: ${message}`));
  });

  it("allows loopback only together with private addresses", () => {
    const env = parseEnv({ SHARDWATCH_CONTROL_PLANE_URL: "http://127.0.0.1:9000", SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE: "true" });
    expect(controlPlaneFromEnv(env)).not.toBeNull();
  });
});
