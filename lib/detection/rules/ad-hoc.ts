import { fromZodError } from "@/lib/errors";
import { ZRuleInput, type TRule, type TRuleInput } from "./schema";

/** Rules that are not stored (backtests, benchmarks): validated, with their name as id. */
export function adHocRules(inputs: readonly TRuleInput[], at = new Date(0)): TRule[] {
  return inputs.map((input, i) => {
    const parsed = ZRuleInput.safeParse(input);
    if (!parsed.success) throw fromZodError(parsed.error, `Rule ${i}`);
    return { ...parsed.data, id: parsed.data.name, version: 1, disabledReason: null, createdAt: at, updatedAt: at };
  });
}
