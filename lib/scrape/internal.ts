import type { PrismaClient, ScrapeTarget, User } from "@/lib/generated/prisma/client.ts";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { checkOutboundUrl, UrlRefusedError, type TResolve, type TUrlPolicy } from "@/lib/net/url-guard";
import type { TScrapeTarget } from "./schemas";

/** What services need to check a URL: the policy, and (in tests) a stub resolver. */
export type TScrapeGuard = { policy: TUrlPolicy; resolve?: TResolve };

type TRow = ScrapeTarget & { createdBy?: Pick<User, "email"> | null };
export type TTargetConfig = Pick<ScrapeTarget, "name" | "url" | "intervalSeconds" | "timeoutSeconds" | "cluster" | "enabled">;

export const WITH_CREATOR = { createdBy: { select: { email: true } } } as const;

export function configOf(row: TTargetConfig): TTargetConfig {
  const { name, url, intervalSeconds, timeoutSeconds, cluster, enabled } = row;
  return { name, url, intervalSeconds, timeoutSeconds, cluster, enabled };
}

export function statusOf(row: ScrapeTarget): TScrapeTarget["status"] {
  if (!row.enabled) return "disabled";
  if (!row.lastScrapeAt) return "never";
  return row.consecutiveFailures > 0 ? "failing" : "ok";
}

const ms = (d: Date | null) => d?.getTime() ?? null;

export function toScrapeTarget(row: TRow): TScrapeTarget {
  return {
    ...configOf(row),
    id: row.id,
    status: statusOf(row),
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.getTime(),
    lastScrapeAt: ms(row.lastScrapeAt),
    lastSuccessAt: ms(row.lastSuccessAt),
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    lastSampleCount: row.lastSampleCount,
    consecutiveFailures: row.consecutiveFailures,
  };
}

/** The DNS-resolving guard check; a refusal becomes a field issue on `url` for the form. */
export async function checkTargetUrl(url: string, guard: TScrapeGuard): Promise<void> {
  try {
    await checkOutboundUrl(url, guard.policy, { resolve: guard.resolve, signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new ValidationError(`The URL was ${err.message}`, [{ path: "url", message: err.reason }]);
    if (err instanceof DOMException && err.name === "TimeoutError") {
      throw new ValidationError("The URL's host could not be resolved in 5 s", [{ path: "url", message: "DNS lookup timed out after 5 s" }]);
    }
    throw err;
  }
}

export async function getScrapeTargetOrThrow(db: Pick<PrismaClient, "scrapeTarget">, id: string): Promise<TRow> {
  const row = await db.scrapeTarget.findUnique({ where: { id }, include: WITH_CREATOR });
  if (!row) throw new NotFoundError(`No scrape target with id ${id}`);
  return row;
}
