import { isIP } from "node:net";

// IP addresses as 32- or 128-bit integers, CIDR matching, and the special-purpose ranges an
// outbound request must not reach unless a policy says so.

export type TIp = { family: 4 | 6; value: bigint };
export type TCidr = { family: 4 | 6; base: bigint; prefix: number; text: string };
export type TAddressKind = "metadata" | "unspecified" | "loopback" | "private" | "cgnat" | "link-local" | "multicast" | "reserved";

const BITS = { 4: 32, 6: 128 } as const;

function v4Value(text: string): bigint {
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Value(text: string): bigint {
  let s = text;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = v4Value(tail);
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = s.split("::");
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest ? rest.split(":") : [];
  const zeros = Array<string>(8 - headGroups.length - restGroups.length).fill("0");
  const groups = rest === undefined ? headGroups : [...headGroups, ...zeros, ...restGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses a literal address (brackets and an IPv6 zone id are accepted); null if it is not one. */
export function parseIp(text: string): TIp | null {
  const bare = (text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text).split("%")[0] ?? "";
  const kind = isIP(bare);
  if (kind === 4) return { family: 4, value: v4Value(bare) };
  if (kind === 6) return { family: 6, value: v6Value(bare) };
  return null;
}

/** Parses `10.0.0.0/8` or `fd00::/8` (a bare address is a /32 or /128); throws naming the bad entry. */
export function parseCidr(text: string): TCidr {
  const [addr = "", prefixText, extra] = text.trim().split("/");
  const ip = parseIp(addr);
  const max = ip ? BITS[ip.family] : 0;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (!ip || extra !== undefined || prefix < 0 || prefix > max) {
    throw new Error(`"${text}" is not a CIDR range such as 10.1.0.0/16 or fd00::/8`);
  }
  return { family: ip.family, base: ip.value >> BigInt(max - prefix), prefix, text: text.trim() };
}

export function cidrContains(cidr: TCidr, ip: TIp): boolean {
  if (cidr.family !== ip.family) return false;
  return ip.value >> BigInt(BITS[ip.family] - cidr.prefix) === cidr.base;
}

const MAPPED = parseCidr("::ffff:0:0/96");
const NAT64 = parseCidr("64:ff9b::/96");
const SIX_TO_FOUR = parseCidr("2002::/16");

/** The IPv4 address carried inside an IPv4-mapped, NAT64 or 6to4 IPv6 address, else null. */
export function embeddedIpv4(ip: TIp): TIp | null {
  if (ip.family !== 6) return null;
  if (cidrContains(MAPPED, ip) || cidrContains(NAT64, ip)) return { family: 4, value: ip.value & 0xffffffffn };
  if (cidrContains(SIX_TO_FOUR, ip)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

// First match wins: the metadata endpoints sit inside link-local and CGNAT space.
const SPECIAL: [TCidr, TAddressKind][] = (
  [
    ["169.254.169.254/32", "metadata"],
    ["fd00:ec2::254/128", "metadata"],
    ["100.100.100.200/32", "metadata"],
    ["0.0.0.0/8", "unspecified"],
    ["::/128", "unspecified"],
    ["127.0.0.0/8", "loopback"],
    ["::1/128", "loopback"],
    ["::/96", "reserved"],
    ["10.0.0.0/8", "private"],
    ["172.16.0.0/12", "private"],
    ["192.168.0.0/16", "private"],
    ["fc00::/7", "private"],
    ["fec0::/10", "private"],
    ["100.64.0.0/10", "cgnat"],
    ["169.254.0.0/16", "link-local"],
    ["fe80::/10", "link-local"],
    ["224.0.0.0/4", "multicast"],
    ["ff00::/8", "multicast"],
    ["240.0.0.0/4", "reserved"],
    ["192.0.0.0/24", "reserved"],
    ["198.18.0.0/15", "reserved"],
  ] as const
).map(([cidr, kind]) => [parseCidr(cidr), kind]);

/** What kind of special address this is (an embedded IPv4 is judged by itself), or null if public. */
export function classifyIp(ip: TIp): TAddressKind | null {
  const inner = embeddedIpv4(ip);
  if (inner) return classifyIp(inner);
  return SPECIAL.find(([cidr]) => cidrContains(cidr, ip))?.[1] ?? null;
}

export const KIND_PHRASE: Record<TAddressKind, string> = {
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  cgnat: "a carrier-grade NAT (100.64.0.0/10) address",
  "link-local": "a link-local address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};
