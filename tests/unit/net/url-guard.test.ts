import { describe, expect, it, vi } from "vitest";
import { parseCidr, parseIp } from "@/lib/net/ip";
import { pinnedLookup } from "@/lib/net/guarded-fetch";
import { checkOutboundUrl, refusalFor, type TResolve, type TUrlPolicy } from "@/lib/net/url-guard";

const STRICT: TUrlPolicy = { allowPrivate: false, allowLoopback: false };
const publicDns: TResolve = async () => [{ address: "93.184.216.34", family: 4 }];

describe("refusalFor: special-purpose addresses under the strict policy", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["255.255.255.255", "reserved"],
    // IPv4 carried in IPv6 is judged as the IPv4 it carries
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.5", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["0:0:0:0:0:ffff:c0a8:0101", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:0a00:0001::1", "private"],
    ["::127.0.0.1", "reserved"],
  ])("%s is refused as %s", (address, kind) => {
    expect(refusalFor(address, STRICT)).toBe(kind);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(refusalFor(address, STRICT)).toBeNull();
  });

  it("allows loopback or private ranges only when the policy says so, never metadata", () => {
    const open: TUrlPolicy = { allowPrivate: true, allowLoopback: true };
    expect(refusalFor("127.0.0.1", open)).toBeNull();
    expect(refusalFor("::ffff:127.0.0.1", open)).toBeNull();
    expect(refusalFor("10.0.0.5", open)).toBeNull();
    expect(refusalFor("100.64.0.1", open)).toBeNull();
    expect(refusalFor("10.0.0.5", { ...STRICT, allowLoopback: true })).toBe("private");
    expect(refusalFor("127.0.0.1", { ...STRICT, allowPrivate: true })).toBe("loopback");
    expect(refusalFor("169.254.169.254", open)).toBe("metadata");
    expect(refusalFor("fe80::1", open)).toBe("link-local");
  });

  it("lets allowedCidrs open exactly the listed ranges", () => {
    const policy: TUrlPolicy = { ...STRICT, allowedCidrs: ["10.1.0.0/16", "fd00:1::/32"] };
    expect(refusalFor("10.1.2.3", policy)).toBeNull();
    expect(refusalFor("::ffff:10.1.2.3", policy)).toBeNull();
    expect(refusalFor("10.2.0.1", policy)).toBe("private");
    expect(refusalFor("fd00:1::5", policy)).toBeNull();
    expect(refusalFor("fd00:2::5", policy)).toBe("private");
  });
});

describe("parsing", () => {
  it("reads IPv6 forms to the same value", () => {
    expect(parseIp("::ffff:192.168.1.1")).toEqual(parseIp("0:0:0:0:0:ffff:c0a8:101"));
    expect(parseIp("[::1]")).toEqual({ family: 6, value: 1n });
    expect(parseIp("not-an-ip")).toBeNull();
  });

  it.each(["10.0.0.0/33", "10.0.0/8", "fd00::/129", "x/8", "10.0.0.0/8/1"])("rejects the CIDR %s with a message naming it", (text) => {
    expect(() => parseCidr(text)).toThrow(`"${text}" is not a CIDR range`);
  });
});

describe("checkOutboundUrl", () => {
  it.each([
    ["ftp://example.com/metrics", "refused: only http:// and https:// URLs are allowed (got ftp://)"],
    ["file:///etc/passwd", "refused: only http:// and https:// URLs are allowed (got file://)"],
    ["gopher://example.com", "refused: only http:// and https:// URLs are allowed (got gopher://)"],
    ["exporter:9100/metrics", 'refused: "exporter:9100/metrics" needs to start with http:// or https://'],
    ["not a url", 'refused: "not a url" needs to start with http:// or https://'],
    ["http://exa mple.com/", 'refused: "http://exa mple.com/" is not an absolute URL'],
    ["http://user:pass@example.com/", "refused: credentials in the URL are not allowed"],
    ["http://user@example.com/", "refused: credentials in the URL are not allowed"],
    ["http://example.com:22/", "refused: port 22 is reserved for another protocol"],
    ["http://example.com:0/", "refused: port 0 is reserved for another protocol"],
    ["http://metadata.google.internal/computeMetadata/v1/", "refused: metadata.google.internal is a cloud metadata service"],
    ["http://METADATA.google.internal./", "refused: metadata.google.internal is a cloud metadata service"],
    ["http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"],
    ["http://127.0.0.1:9100/metrics", "refused: 127.0.0.1 is a loopback address"],
    ["http://0x7f.1/metrics", "refused: 127.0.0.1 is a loopback address"],
    ["http://2130706433/metrics", "refused: 127.0.0.1 is a loopback address"],
    ["http://[::1]:9100/metrics", "refused: ::1 is a loopback address"],
    ["http://[::ffff:10.0.0.5]/", "refused: ::ffff:a00:5 is a private address"],
    ["http://10.0.0.5/metrics", "refused: 10.0.0.5 is a private address"],
  ])("%s → %s", async (url, message) => {
    const resolve = vi.fn(publicDns);
    await expect(checkOutboundUrl(url, STRICT, { resolve })).rejects.toThrow(message);
  });

  it("refuses a hostname when any of its addresses is private, naming the address", async () => {
    const resolve: TResolve = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    await expect(checkOutboundUrl("http://exporter.example/metrics", STRICT, { resolve })).rejects.toThrow(
      "refused: exporter.example resolves to 10.0.0.5, a private address",
    );
  });

  it("refuses a hostname that resolves to a mapped loopback address", async () => {
    const resolve: TResolve = async () => [{ address: "::ffff:127.0.0.1", family: 6 }];
    await expect(checkOutboundUrl("http://sneaky.example/", STRICT, { resolve })).rejects.toThrow(
      "sneaky.example resolves to ::ffff:127.0.0.1, a loopback address",
    );
  });

  it("says when a host does not resolve", async () => {
    const resolve: TResolve = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(checkOutboundUrl("http://nowhere.invalid/", STRICT, { resolve })).rejects.toThrow("refused: could not resolve nowhere.invalid: no such host");
  });

  it("returns every approved address, the first one pinned, without resolving literals", async () => {
    const resolve = vi.fn<TResolve>(async () => [
      { address: "2606:4700::1111", family: 6 },
      { address: "93.184.216.34", family: 4 },
    ]);
    const checked = await checkOutboundUrl("https://exporter.example:9100/metrics", STRICT, { resolve });
    expect(checked).toMatchObject({ hostname: "exporter.example", address: "2606:4700::1111", family: 6 });
    expect(checked.addresses).toHaveLength(2);
    const literal = await checkOutboundUrl("http://93.184.216.34/metrics", STRICT, { resolve });
    expect(literal.address).toBe("93.184.216.34");
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it("keeps connecting to the checked address when DNS changes afterwards (rebinding)", async () => {
    const answers = [[{ address: "93.184.216.34", family: 4 as const }], [{ address: "127.0.0.1", family: 4 as const }]];
    const resolve = vi.fn<TResolve>(async () => answers.shift() ?? []);
    const checked = await checkOutboundUrl("http://rebind.example/metrics", STRICT, { resolve });
    const lookup = pinnedLookup(checked.addresses);
    const one = await new Promise<unknown[]>((done) => lookup("rebind.example", {}, (...args) => done(args)));
    const all = await new Promise<unknown[]>((done) => lookup("rebind.example", { all: true }, (...args) => done(args)));
    expect(one).toEqual([null, "93.184.216.34", 4]);
    expect(all).toEqual([null, [{ address: "93.184.216.34", family: 4 }]]);
    expect(resolve).toHaveBeenCalledTimes(1);
  });
});
