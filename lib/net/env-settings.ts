import { z } from "zod";
import { ConfigError } from "@/lib/env";
import { parseCidr } from "./ip";

// Shared by the outbound settings (SHARDWATCH_SCRAPE_*, SHARDWATCH_WEBHOOK_*): a comma-separated CIDR
// list, and parsing one prefix's variables with a ConfigError naming every bad one.

export const cidrList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((list, ctx) => {
    for (const entry of list) {
      try {
        parseCidr(entry);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }
  });

/** The variables starting with `prefix` (empty ones left out, so defaults apply) parsed by `schema`. */
export function parsePrefixedEnv<T>(schema: z.ZodType<T>, prefix: string, source: Record<string, string | undefined>): T {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith(prefix) && v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const parts = result.error.issues.map((i) => `${String(i.path[0] ?? "environment")} ${i.message} (got "${source[String(i.path[0])] ?? ""}")`);
    throw new ConfigError(`Invalid configuration: ${parts.join("; ")}`);
  }
  return result.data;
}
