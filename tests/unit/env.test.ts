import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("defaults to the embedded database on 127.0.0.1:3000", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SHARDWATCH_DATA_DIR).toBe("./data");
    expect(env.baseUrl).toBe("http://127.0.0.1:3000");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: "eighty" }, /PORT expected a port number.*\(got "eighty"\)/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL expected a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ SHARDWATCH_BASE_URL: "not a url" }, /SHARDWATCH_BASE_URL expected an absolute URL/],
    [{ SHARDWATCH_ADMIN_EMAIL: "a@b.co" }, /SHARDWATCH_ADMIN_PASSWORD must be set together/],
    [{ SHARDWATCH_ADMIN_EMAIL: "a@b.co", SHARDWATCH_ADMIN_PASSWORD: "short" }, /SHARDWATCH_ADMIN_PASSWORD expected at least 12 characters$/],
    [{ SHARDWATCH_TRUST_PROXY: "maybe" }, /SHARDWATCH_TRUST_PROXY expected one of true\/false/],
    [{ SHARDWATCH_PGLITE_SHARED_BUFFERS: "32" }, /SHARDWATCH_PGLITE_SHARED_BUFFERS expected a size such as 32MB/],
    [{ SHARDWATCH_PGLITE_SHARED_BUFFERS: "64kB" }, /SHARDWATCH_PGLITE_SHARED_BUFFERS expected at least 128kB/],
  ])("rejects %j with a one-line message naming the variable", (source, message) => {
    let error: unknown;
    try {
      parseEnv(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Invalid configuration: /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("never echoes secret values", () => {
    expect(() => parseEnv({ SHARDWATCH_BOOTSTRAP_TOKEN: "tiny-secret" })).toThrow(/^(?!.*tiny-secret)/);
  });

  it("derives the base URL from HOST and PORT, trimming a trailing slash when given", () => {
    expect(parseEnv({ HOST: "0.0.0.0", PORT: "8080" }).baseUrl).toBe("http://0.0.0.0:8080");
    expect(parseEnv({ SHARDWATCH_BASE_URL: "https://sw.example.com/" }).baseUrl).toBe("https://sw.example.com");
  });

  it("reads the mitigation policy: second approvers by action, guardrails", () => {
    const env = parseEnv({ SHARDWATCH_MITIGATION_SECOND_APPROVER: "split, move", SHARDWATCH_MITIGATION_MAX_CONCURRENT: "2" });
    expect(env.SHARDWATCH_MITIGATION_SECOND_APPROVER).toEqual(["split", "move"]);
    expect(env.SHARDWATCH_MITIGATION_MAX_CONCURRENT).toBe(2);
    expect(parseEnv({}).SHARDWATCH_MITIGATION_SECOND_APPROVER).toEqual([]);
    expect(() => parseEnv({ SHARDWATCH_MITIGATION_SECOND_APPROVER: "split,explode" })).toThrow(/SHARDWATCH_MITIGATION_SECOND_APPROVER names no action: explode/);
  });
});
