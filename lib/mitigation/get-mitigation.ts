import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { getMitigationOrThrow, toMitigationView } from "./internal";
import type { TMitigationView } from "./schemas";
import { summariseSignal } from "./signal-summary";

/** One mitigation with the summary of the signal it was chosen from (lists leave that out). */
export async function getMitigation({ ctx, input }: { ctx: TCtx; input: { id: string } }): Promise<TMitigationView> {
  requirePermission(ctx.actor, "read");
  const row = await getMitigationOrThrow(ctx.db, input.id);
  return { ...toMitigationView(row), signal: summariseSignal(row.signal) };
}
