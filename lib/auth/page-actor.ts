import { authenticate } from "@/lib/http/authenticate";
import { getRuntime } from "@/lib/runtime";
import type { TCtx } from "@/lib/context";
import type { TActor } from "./actor";

export type TUserActor = Extract<TActor, { type: "user" }>;

/** The signed-in person behind a page request, or null. Pages never accept bearer tokens. */
export async function getPageUser(headers: Headers): Promise<TUserActor | null> {
  const rt = await getRuntime();
  const plain = new Headers(headers);
  plain.delete("authorization");
  const who = await authenticate(rt, plain);
  return who?.actor.type === "user" ? who.actor : null;
}

/** The signed-in person and a service context for them, for server-rendered pages. */
export async function getPageContext(headers: Headers): Promise<{ user: TUserActor; ctx: TCtx } | null> {
  const user = await getPageUser(headers);
  if (!user) return null;
  const rt = await getRuntime();
  return { user, ctx: { db: rt.db.prisma, actor: user } };
}
