import { ConfigError, type TEnv } from "@/lib/env";
import { UrlRefusedError } from "@/lib/net/url-guard";
import { createHttpControlPlane } from "./http-adapter";
import type { TControlPlane } from "./types";

// The control plane the environment names: a real one over HTTP, or null, in which case the runtime
// uses the simulator's. Control planes usually live on private networks, so those are allowed by
// default; loopback goes with them (a control plane on the same host is a private deployment too).

export type TControlPlaneEnv = Pick<TEnv, "SHARDWATCH_CONTROL_PLANE_URL" | "SHARDWATCH_CONTROL_PLANE_TOKEN" | "SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE">;

/** The HTTP adapter when SHARDWATCH_CONTROL_PLANE_URL is set, else null; a refused URL is a ConfigError naming it. */
export function controlPlaneFromEnv(env: TControlPlaneEnv): TControlPlane | null {
  const baseUrl = env.SHARDWATCH_CONTROL_PLANE_URL;
  if (!baseUrl) return null;
  const allow = env.SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE;
  try {
    return createHttpControlPlane({ baseUrl, token: env.SHARDWATCH_CONTROL_PLANE_TOKEN, policy: { allowPrivate: allow, allowLoopback: allow } });
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new ConfigError(`Invalid configuration: SHARDWATCH_CONTROL_PLANE_URL was ${err.message}`);
    throw err;
  }
}
