import { KIND_PHRASE, parseIp } from "@/lib/net/ip";
import { checkUrlShape, refusalFor, UrlRefusedError, type TUrlPolicy } from "@/lib/net/url-guard";
import { ANY_CLUSTER } from "./protocol";

// A control plane's base URL, e.g. https://cp.internal/clusters/{cluster}, checked once when the
// adapter is made. The DNS part of the guard runs on every request (guarded-fetch pins the socket to
// the addresses it approved), so a control plane's failover to a new address is followed safely.

export const CLUSTER_PLACEHOLDER = "{cluster}";

export type TControlPlaneBase = {
  /** The base URL as configured, without a trailing slash (it carries no credentials). */
  template: string;
  /** The URL of an endpoint path for a cluster; `null` when the call names no cluster. */
  urlFor(cluster: string | null, path: string): string;
};

function refuseLiteralAddress(url: URL, policy: TUrlPolicy): void {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (!parseIp(host)) return;
  const kind = refusalFor(host, policy);
  if (kind) throw new UrlRefusedError(`${host} is ${kind === "invalid" ? "not an IP address" : KIND_PHRASE[kind]}`);
}

/** Validates the base URL's shape (and a literal address against the policy); throws UrlRefusedError. */
export function parseControlPlaneBase(raw: string, policy: TUrlPolicy): TControlPlaneBase {
  const template = raw.trim().replace(/\/+$/, "");
  const templated = template.includes(CLUSTER_PLACEHOLDER);
  const one = checkUrlShape(template.replaceAll(CLUSTER_PLACEHOLDER, "a"));
  const other = checkUrlShape(template.replaceAll(CLUSTER_PLACEHOLDER, "b"));
  if (one.origin !== other.origin) throw new UrlRefusedError(`${CLUSTER_PLACEHOLDER} may only appear in the path of the control plane URL`);
  if (one.search || one.hash || template.includes("?") || template.includes("#")) {
    throw new UrlRefusedError("the control plane URL may not have a query or fragment");
  }
  refuseLiteralAddress(one, policy);
  return {
    template,
    urlFor(cluster, path) {
      if (templated) return template.replaceAll(CLUSTER_PLACEHOLDER, encodeURIComponent(cluster ?? ANY_CLUSTER)) + path;
      return template + path + (cluster === null ? "" : `?cluster=${encodeURIComponent(cluster)}`);
    },
  };
}
