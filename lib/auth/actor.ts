// Who is acting, and what they may do. Roles (people) and scopes (tokens) map onto one permission set.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type TRole = (typeof ROLES)[number];
export const SCOPES = ["ingest", "read", "operate", "admin"] as const;
export type TScope = (typeof SCOPES)[number];
export type TPermission = TScope;

export type TActor =
  | { type: "user"; id: string; label: string; email: string; name: string; role: TRole }
  | { type: "token"; id: string; label: string; scopes: TScope[] }
  | { type: "system"; label: string };

const ROLE_GRANTS: Record<TRole, readonly TPermission[]> = {
  viewer: ["read"],
  operator: ["read", "operate"],
  admin: ["read", "operate", "admin", "ingest"],
};

/** The admin scope implies read and operate; ingest is never implied (push-only tokens stay narrow). */
function scopeGrants(scopes: readonly TScope[]): Set<TPermission> {
  const out = new Set<TPermission>(scopes);
  if (out.has("admin")) ["read", "operate"].forEach((p) => out.add(p as TPermission));
  if (out.has("operate")) out.add("read");
  return out;
}

export function can(actor: TActor, permission: TPermission): boolean {
  if (actor.type === "system") return true;
  if (actor.type === "user") return ROLE_GRANTS[actor.role].includes(permission);
  return scopeGrants(actor.scopes).has(permission);
}

export function hasRole(actor: TActor, role: TRole): boolean {
  return actor.type === "user" && ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
}

export const SYSTEM_ACTOR: TActor = { type: "system", label: "system" };
