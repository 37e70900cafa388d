import { describe, expect, it } from "vitest";
import { SERVER_ENV_DEFAULTS, withServerEnvDefaults } from "../../scripts/lib/server-env.mjs";

describe("withServerEnvDefaults", () => {
  it("fills the malloc settings where they are unset or empty, and keeps what the operator set", () => {
    expect(SERVER_ENV_DEFAULTS.MALLOC_ARENA_MAX).toBe("2");
    expect(withServerEnvDefaults({ PORT: "3000" })).toEqual({
      PORT: "3000",
      MALLOC_ARENA_MAX: "2",
      MALLOC_MMAP_THRESHOLD_: "1048576",
      MALLOC_TRIM_THRESHOLD_: "1048576",
    });
    expect(withServerEnvDefaults({ MALLOC_MMAP_THRESHOLD_: "65536" }).MALLOC_MMAP_THRESHOLD_).toBe("65536");
    expect(withServerEnvDefaults({ MALLOC_ARENA_MAX: "" }).MALLOC_ARENA_MAX).toBe("2");
    expect(withServerEnvDefaults({ MALLOC_ARENA_MAX: "8" }).MALLOC_ARENA_MAX).toBe("8");
    const env = { A: "1" };
    withServerEnvDefaults(env);
    expect(env).toEqual({ A: "1" }); // a copy: the caller's object is left alone
  });
});
