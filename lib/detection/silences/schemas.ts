import { z } from "zod";
import { ZDuration } from "@/lib/duration";
import { MATCHER_LABELS, MATCHER_OPS, matcherMatchesValue, matcherRegex, type TMatcher } from "./match";

export const ZMatcher = z
  .strictObject({
    label: z.enum(MATCHER_LABELS, { error: `label must be one of ${MATCHER_LABELS.join(", ")}` }),
    op: z.enum(MATCHER_OPS, { error: `op must be one of ${MATCHER_OPS.map((o) => `"${o}"`).join(", ")}` }),
    value: z.string({ error: "expected a string" }).max(1024, "at most 1024 characters"),
  })
  .superRefine((m, ctx) => {
    if (m.op !== "=~" && m.op !== "!~") return;
    try {
      matcherRegex(m.value);
    } catch (err) {
      const why = (err as Error).message.replace(/^Invalid regular expression: /, "");
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `not a valid regular expression (${why}); escape characters such as . * + ? ( ) [ ] with \\ to match them literally, or use op "=" for an exact value`,
      });
    }
  });

// An invalid regular expression is reported on its own matcher; here it must not throw.
function matchesEmpty(m: TMatcher): boolean {
  try {
    return matcherMatchesValue(m, "");
  } catch {
    return false;
  }
}

const ZMillis = z
  .number({ error: "expected milliseconds since the epoch" })
  .int("expected whole milliseconds")
  .min(1e11, "expected milliseconds since the epoch (this looks like seconds: multiply by 1000)");

const ZComment = z.string({ error: "expected a string" }).trim().min(1, "say why these alerts are silenced").max(1000, "at most 1000 characters");

const ZMatchers = z
  .array(ZMatcher, { error: "expected a list of matchers" })
  .min(1, 'add at least one matcher, e.g. { "label": "cluster", "op": "=", "value": "orders" }')
  .max(20, "at most 20 matchers")
  .refine((ms) => ms.length === 0 || ms.some((m) => !matchesEmpty(m)), {
    message: "these matchers would silence every alert; add one that needs a value, e.g. a cluster or a rule",
  });

/** A silence: `endsAt` or `duration` (from `startsAt`, default now). */
const silenceFields = {
  matchers: ZMatchers,
  startsAt: ZMillis.optional(),
  endsAt: ZMillis.optional(),
  duration: ZDuration.optional(),
  comment: ZComment,
};

function checkEnd(v: { endsAt?: number | undefined; duration?: number | undefined; startsAt?: number | undefined }, ctx: z.RefinementCtx) {
  if ((v.endsAt === undefined) === (v.duration === undefined)) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: 'give either endsAt (ms) or duration (e.g. "2h"), not both and not neither' });
  } else if (v.duration === 0) {
    ctx.addIssue({ code: "custom", path: ["duration"], message: "must be longer than 0" });
  } else if (v.endsAt !== undefined && v.startsAt !== undefined && v.endsAt <= v.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
  }
}

export const ZCreateSilenceInput = z.strictObject(silenceFields).superRefine(checkEnd);
export type TCreateSilenceInput = z.input<typeof ZCreateSilenceInput>;

/** PUT: the whole silence again (only one that has not expired). */
export const ZUpdateSilenceInput = ZCreateSilenceInput;
export type TUpdateSilenceInput = TCreateSilenceInput;

export const SILENCE_FILTERS = ["active", "expired", "all"] as const;
export const ZListSilencesInput = z.object({
  state: z.enum(SILENCE_FILTERS, { error: `state must be one of ${SILENCE_FILTERS.join(", ")}` }).default("active"),
});
export type TListSilencesInput = z.input<typeof ZListSilencesInput>;

export const SILENCE_STATUSES = ["pending", "active", "expired"] as const;

export const ZSilenceView = z.object({
  id: z.string(),
  matchers: z.array(z.object({ label: z.enum(MATCHER_LABELS), op: z.enum(MATCHER_OPS), value: z.string() })),
  startsAt: z.number(),
  endsAt: z.number(),
  comment: z.string(),
  status: z.enum(SILENCE_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type TSilenceView = z.infer<typeof ZSilenceView>;
