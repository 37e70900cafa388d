import { ForbiddenError } from "@/lib/errors";
import type { TActor, TPermission } from "./actor";
import { can } from "./actor";

const WHAT: Record<TPermission, string> = {
  ingest: "the ingest scope",
  read: "read access (viewer role or read scope)",
  operate: "the operator role or operate scope",
  admin: "the admin role or admin scope",
};

/** First line of every write: throws a ForbiddenError naming what is missing. */
export function requirePermission(actor: TActor, permission: TPermission): void {
  if (!can(actor, permission)) throw new ForbiddenError(`This needs ${WHAT[permission]}`);
}
