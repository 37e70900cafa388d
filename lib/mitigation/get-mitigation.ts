import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { getMitigationOrThrow, toMitigationView } from "./internal";
import type { TMitigationView } from "./schemas";

export async function getMitigation({ ctx, input }: { ctx: TCtx; input: { id: string } }): Promise<TMitigationView> {
  requirePermission(ctx.actor, "read");
  return toMitigationView(await getMitigationOrThrow(ctx.db, input.id));
}
