import type { TActor, TRole } from "@/lib/auth/actor";
import { ROLES } from "@/lib/auth/actor";
import { UnauthorizedError } from "@/lib/errors";
import type { TRuntime } from "@/lib/runtime";
import { verifyToken } from "@/lib/tokens";

export type TAuthenticated = { actor: TActor; via: "bearer" | "cookie" };

/** The actor behind a request: a bearer token, else a session cookie, else null (anonymous). */
export async function authenticate(rt: TRuntime, headers: Headers): Promise<TAuthenticated | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthorizedError("Authorization header must be 'Bearer <api token>'");
    const actor = await verifyToken(rt.db.prisma, match[1]);
    if (!actor) throw new UnauthorizedError("The bearer token is unknown or revoked");
    return { actor, via: "bearer" };
  }
  const session = await rt.auth.api.getSession({ headers });
  if (!session) return null;
  const role = (ROLES as readonly string[]).includes(session.user.role ?? "") ? (session.user.role as TRole) : "viewer";
  const { id, email, name } = session.user;
  return { actor: { type: "user", id, email, name, role, label: email }, via: "cookie" };
}
