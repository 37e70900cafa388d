import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { getSilenceOrThrow, toSilenceView } from "./internal";

export async function getSilence({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "read");
  return toSilenceView(await getSilenceOrThrow(ctx.db, input.id), nowOf(ctx).getTime());
}
