import { z } from "zod";

// Durations in configuration, scenarios and rules: seconds, or text such as "30s", "5m", "2h30m".

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION_HINT = 'expected seconds or a duration such as "30s", "5m" or "2h30m"';

/** "90s", "5m", "2h30m" or a number of seconds → seconds. */
export const ZDuration = z.union(
  [
    z.number().nonnegative("must be ≥ 0"),
    z
      .string()
      .regex(DURATION_RE, DURATION_HINT)
      .transform((text) => {
        let seconds = 0;
        for (const [, n, unit] of text.matchAll(PART_RE)) seconds += Number(n) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
        return seconds;
      }),
  ],
  { error: DURATION_HINT },
);
