import { z } from "zod";
import { UrlRefusedError, checkUrlShape } from "@/lib/net/url-guard";
import { ZLabel } from "@/lib/telemetry/sample";

export const SCRAPE_LIMITS = { intervalMin: 5, intervalMax: 3600, timeoutMin: 1, timeoutMax: 30 } as const;

const ZName = z.string({ error: "expected a string" }).trim().min(1, "give the target a name").max(80, "at most 80 characters");

/** Syntax only (scheme, credentials, port); the DNS-resolving check runs in the service. Normalized. */
export const ZScrapeUrl = z
  .string({ error: "expected a URL" })
  .trim()
  .min(1, "enter the URL of a metrics endpoint, e.g. http://exporter:9100/metrics")
  .max(2048, "at most 2048 characters")
  .transform((value, ctx) => {
    try {
      return checkUrlShape(value).href;
    } catch (err) {
      ctx.addIssue({ code: "custom", message: err instanceof UrlRefusedError ? err.reason : "not a valid URL" });
      return z.NEVER;
    }
  });

const ZInterval = z
  .number({ error: "expected a number of seconds" })
  .int("expected whole seconds")
  .min(SCRAPE_LIMITS.intervalMin, `at least ${SCRAPE_LIMITS.intervalMin} seconds`)
  .max(SCRAPE_LIMITS.intervalMax, `at most ${SCRAPE_LIMITS.intervalMax} seconds (1 hour)`);
const ZTimeout = z
  .number({ error: "expected a number of seconds" })
  .int("expected whole seconds")
  .min(SCRAPE_LIMITS.timeoutMin, `at least ${SCRAPE_LIMITS.timeoutMin} second`)
  .max(SCRAPE_LIMITS.timeoutMax, `at most ${SCRAPE_LIMITS.timeoutMax} seconds`);
// An empty cluster means "none": series keep their own cluster label (or the mapping's default).
const ZCluster = z
  .string({ error: "expected a string" })
  .trim()
  .nullable()
  .transform((v) => v || null)
  .pipe(ZLabel.nullable());

/** The message for a timeout that is not shorter than the interval, or null. */
export function timingProblem(v: { intervalSeconds: number; timeoutSeconds: number }): string | null {
  return v.timeoutSeconds < v.intervalSeconds ? null : `must be shorter than the interval (${v.intervalSeconds} s)`;
}

export const ZCreateScrapeTargetInput = z
  .strictObject({
    name: ZName,
    url: ZScrapeUrl,
    intervalSeconds: ZInterval.default(15),
    timeoutSeconds: ZTimeout.default(5),
    cluster: ZCluster.optional().transform((v) => v ?? null),
    enabled: z.boolean({ error: "expected true or false" }).default(true),
  })
  .superRefine((v, ctx) => {
    const problem = timingProblem(v);
    if (problem) ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], message: problem });
  });
export type TCreateScrapeTargetInput = z.input<typeof ZCreateScrapeTargetInput>;

export const ZUpdateScrapeTargetInput = z
  .strictObject({
    name: ZName.optional(),
    url: ZScrapeUrl.optional(),
    intervalSeconds: ZInterval.optional(),
    timeoutSeconds: ZTimeout.optional(),
    cluster: ZCluster.optional(),
    enabled: z.boolean({ error: "expected true or false" }).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "send at least one field to change");
export type TUpdateScrapeTargetInput = z.input<typeof ZUpdateScrapeTargetInput>;

export const SCRAPE_STATUSES = ["ok", "failing", "disabled", "never"] as const;

export const ZScrapeTarget = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  intervalSeconds: z.number(),
  timeoutSeconds: z.number(),
  cluster: z.string().nullable(),
  enabled: z.boolean(),
  status: z.enum(SCRAPE_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  lastScrapeAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  lastSampleCount: z.number().nullable(),
  consecutiveFailures: z.number(),
});
export type TScrapeTarget = z.infer<typeof ZScrapeTarget>;
