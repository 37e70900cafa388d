import { lookup } from "node:dns/promises";
import { ValidationError } from "@/lib/errors";
import { classifyIp, cidrContains, embeddedIpv4, KIND_PHRASE, parseCidr, parseIp, type TAddressKind, type TCidr, type TIp } from "./ip";

// Checks a URL before Shardwatch requests it (scrapes, later webhooks), so that an operator-given
// URL cannot be used to reach the host's own network. The check resolves DNS and returns the
// addresses it approved; the request must connect to exactly those (see guarded-fetch.ts).

/** allowedCidrs are exceptions: addresses inside them pass whatever their kind. */
export type TUrlPolicy = { allowPrivate: boolean; allowLoopback: boolean; allowedCidrs?: string[] };
export type TResolvedAddress = { address: string; family: 4 | 6 };
export type TResolve = (hostname: string) => Promise<TResolvedAddress[]>;
export type TCheckedUrl = { url: URL; hostname: string; address: string; family: 4 | 6; addresses: TResolvedAddress[] };

/** The URL may not be requested; the message says why, starting with "refused:". */
export class UrlRefusedError extends ValidationError {
  static override readonly kind: string = "UrlRefusedError";
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
  }
}

const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog"]);

// The fetch standard's "bad ports": other protocols that a crafted HTTP request could talk to.
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123,
  135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995,
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export const systemResolve: TResolve = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

const cidrCache = new Map<string, TCidr>();
function allowedByCidr(policy: TUrlPolicy, ips: TIp[]): boolean {
  return (policy.allowedCidrs ?? []).some((text) => {
    let cidr = cidrCache.get(text);
    if (!cidr) cidrCache.set(text, (cidr = parseCidr(text)));
    return ips.some((ip) => cidrContains(cidr, ip));
  });
}

/** Why this address is refused under the policy, or null when it may be requested. */
export function refusalFor(address: string, policy: TUrlPolicy): TAddressKind | "invalid" | null {
  const ip = parseIp(address);
  if (!ip) return "invalid";
  const kind = classifyIp(ip);
  if (!kind) return null;
  const inner = embeddedIpv4(ip);
  if (allowedByCidr(policy, inner ? [ip, inner] : [ip])) return null;
  if (kind === "loopback" && policy.allowLoopback) return null;
  if ((kind === "private" || kind === "cgnat") && policy.allowPrivate) return null;
  return kind;
}

/** The checks that need no DNS: an absolute http(s) URL, no credentials, no reserved port or metadata host. */
export function checkUrlShape(raw: string | URL): URL {
  if (typeof raw === "string" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim())) {
    throw new UrlRefusedError(`"${raw.slice(0, 200)}" needs to start with http:// or https://`);
  }
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw) : new URL(raw.href);
  } catch {
    throw new UrlRefusedError(`"${String(raw).slice(0, 200)}" is not an absolute URL such as http://exporter:9100/metrics`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UrlRefusedError(`only http:// and https:// URLs are allowed (got ${url.protocol}//)`);
  if (url.username || url.password) throw new UrlRefusedError("credentials in the URL are not allowed");
  if (url.port === "0" || BAD_PORTS.has(Number(url.port))) throw new UrlRefusedError(`port ${url.port} is reserved for another protocol`);
  const host = url.hostname.replace(/\.$/, "").toLowerCase();
  if (METADATA_HOSTS.has(host)) throw new UrlRefusedError(`${host} is a cloud metadata service`);
  return url;
}

async function resolveHost(hostname: string, resolve: TResolve, signal?: AbortSignal): Promise<TResolvedAddress[]> {
  signal?.throwIfAborted();
  let aborted: (() => void) | undefined;
  const abort = new Promise<never>((_, reject) => {
    aborted = () => reject(signal?.reason as Error);
    signal?.addEventListener("abort", aborted, { once: true });
  });
  try {
    const found = await Promise.race([resolve(hostname), abort]);
    if (found.length === 0) throw new UrlRefusedError(`${hostname} has no address`);
    return found;
  } catch (err) {
    if (signal?.aborted || err instanceof UrlRefusedError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UrlRefusedError(`could not resolve ${hostname}${code === "ENOTFOUND" ? ": no such host" : code ? ` (${code})` : ""}`);
  } finally {
    if (aborted) signal?.removeEventListener("abort", aborted);
  }
}

/**
 * Validates scheme, credentials and port, resolves the host (every address must pass; an IPv4
 * embedded in IPv6 is judged by itself) and returns the approved addresses to connect to.
 */
export async function checkOutboundUrl(
  raw: string | URL,
  policy: TUrlPolicy,
  deps: { resolve?: TResolve; signal?: AbortSignal } = {},
): Promise<TCheckedUrl> {
  const url = checkUrlShape(raw);
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literal = parseIp(hostname);
  const addresses = literal ? [{ address: hostname, family: literal.family }] : await resolveHost(hostname, deps.resolve ?? systemResolve, deps.signal);
  for (const { address } of addresses) {
    const kind = refusalFor(address, policy);
    if (!kind) continue;
    const what = kind === "invalid" ? "not an IP address" : KIND_PHRASE[kind];
    throw new UrlRefusedError(literal ? `${address} is ${what}` : `${hostname} resolves to ${address}, ${what}`);
  }
  const first = addresses[0]!;
  return { url, hostname, address: first.address, family: first.family, addresses };
}
