import { ValidationError, fromZodError, type TIssue } from "@/lib/errors";
import { fastValidSamples } from "./fast-validate";
import { ZTelemetryBatch, type TSample } from "./sample";

export type TSkew = { maxPastMs: number; maxFutureMs: number };

/** The accepted time window from the SHARDWATCH_INGEST_MAX_*_SECONDS settings (every ingest path takes the same). */
export function ingestSkew(env: { SHARDWATCH_INGEST_MAX_PAST_SECONDS: number; SHARDWATCH_INGEST_MAX_FUTURE_SECONDS: number }): TSkew {
  return { maxPastMs: env.SHARDWATCH_INGEST_MAX_PAST_SECONDS * 1000, maxFutureMs: env.SHARDWATCH_INGEST_MAX_FUTURE_SECONDS * 1000 };
}

/** Why a sample time is refused (seconds instead of ms, too old, too far ahead), or undefined if accepted. */
export function skewProblem(ts: number, now: number, skew: TSkew): string | undefined {
  if (ts < 1e11) return "looks like seconds; send milliseconds since the epoch";
  if (ts < now - skew.maxPastMs) return `older than the accepted ${Math.round(skew.maxPastMs / 1000)} s`;
  if (ts > now + skew.maxFutureMs) return `more than ${Math.round(skew.maxFutureMs / 1000)} s in the future (check the sender's clock)`;
  return undefined;
}

/**
 * Validates a whole batch (all or nothing): every bad item is named by its JSON path, and timestamps
 * outside [now - maxPast, now + maxFuture] are refused with the reason.
 */
export function validateBatch(body: unknown, now: number, skew: TSkew): TSample[] {
  const samples = fastValidSamples(body) ?? parseWithZod(body);
  const issues: TIssue[] = [];
  samples.forEach((s, i) => {
    const problem = skewProblem(s.ts, now, skew);
    if (problem) issues.push({ path: `samples[${i}].ts`, message: problem });
  });
  if (issues.length) {
    throw new ValidationError(`The telemetry batch is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}; first: ${issues[0]!.path}: ${issues[0]!.message})`, issues);
  }
  return samples;
}

function parseWithZod(body: unknown): TSample[] {
  const parsed = ZTelemetryBatch.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, "The telemetry batch");
  return parsed.data.samples;
}
