import { trustedOrigins } from "@/lib/auth/auth";
import { CsrfError } from "@/lib/errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from our own pages: the browser's Origin (or
 * Sec-Fetch-Site) proves it. Bearer-token requests carry no ambient credentials and skip this.
 */
export function assertSameOrigin(req: Request, baseUrl: string): void {
  if (SAFE.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new CsrfError(`Cross-site request refused (Sec-Fetch-Site: ${site})`);
  const origin = req.headers.get("origin");
  if (!origin) {
    if (site) return;
    throw new CsrfError("Cookie-authenticated writes need an Origin header; API clients should use a bearer token");
  }
  const allowed = new Set([...trustedOrigins(baseUrl), new URL(req.url).origin]);
  if (!allowed.has(origin)) throw new CsrfError(`Cross-origin request refused (Origin: ${origin})`);
}
