import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { processSingleton } from "@/lib/process-singleton";
import { onStatusChanged } from "@/lib/status/changes";
import { PublicCache } from "./cache";
import { renderAtomFeed } from "./feed";
import { getPublicFeed } from "./get-public-feed";
import { getPublicStatus } from "./get-public-status";
import type { TPublicStatus } from "./schema";
import { toSummary, type TPageInfo } from "./summary";

// The cached reads behind /status, summary.json and the feed. A publish in this process drops the
// cache at once (statusChanged); a publish on another instance sharing the database shows here
// within STALE_MS, the bound for multi-instance deployments.

export const STALE_MS = 30_000;

export type TBody = { body: string; etag: string };

export function publicCache(): PublicCache {
  return processSingleton("status.public.cache", () => {
    const cache = new PublicCache({ ttlMs: STALE_MS });
    onStatusChanged(() => cache.invalidate());
    return cache;
  });
}

const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

export function readPublicStatus(db: PrismaClient): Promise<TPublicStatus> {
  return publicCache().get("status", () => getPublicStatus({ ctx: { db } }));
}

// summary.json is rendered once per loaded status (keyed by the status object itself), so it can
// never lag behind the page.
const summaries = processSingleton("status.public.summaries", () => new WeakMap<TPublicStatus, Map<string, TBody>>());

export async function readSummaryBody(db: PrismaClient, info: TPageInfo): Promise<TBody> {
  const status = await readPublicStatus(db);
  const key = `${info.baseUrl}\n${info.name}`;
  const forStatus = summaries.get(status) ?? new Map<string, TBody>();
  summaries.set(status, forStatus);
  let rendered = forStatus.get(key);
  if (!rendered) {
    const body = JSON.stringify(toSummary(status, info));
    rendered = { body, etag: etagOf(body) };
    forStatus.set(key, rendered);
  }
  return rendered;
}

export function readFeedBody(db: PrismaClient, info: TPageInfo): Promise<TBody> {
  return publicCache().get(`feed:${info.baseUrl}:${info.name}`, async () => {
    const body = renderAtomFeed(await getPublicFeed({ ctx: { db } }), info, new Date());
    return { body, etag: etagOf(body) };
  });
}

/** True when the request's If-None-Match names this body's ETag (weak or strong). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*");
}

/** The page's name and public address from the validated environment. */
export function pageInfoOf(env: { SHARDWATCH_STATUS_PAGE_NAME: string; baseUrl: string }): TPageInfo {
  return { name: env.SHARDWATCH_STATUS_PAGE_NAME, baseUrl: env.baseUrl };
}

/**
 * A public, cacheable answer: small max-age (clients may lag a publish by that much; this server
 * never does), an ETag for cheap revalidation (304), and CORS open to all like Statuspage's API.
 */
export function cachedResponse(req: Request, rendered: TBody, contentType: string): Response {
  const headers = {
    "content-type": contentType,
    "cache-control": `public, max-age=${PUBLIC_MAX_AGE_S}`,
    etag: rendered.etag,
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "ETag",
  };
  if (matchesEtag(req.headers.get("if-none-match"), rendered.etag)) return new Response(null, { status: 304, headers });
  return new Response(rendered.body, { status: 200, headers });
}

export const PUBLIC_MAX_AGE_S = 10;
