import { describe, expect, it } from "vitest";
import { can, type TActor, type TPermission } from "@/lib/auth/actor";

const user = (role: "viewer" | "operator" | "admin"): TActor => ({ type: "user", id: "u", label: "u", email: "u@x", name: "u", role });
const token = (...scopes: ("ingest" | "read" | "operate" | "admin")[]): TActor => ({ type: "token", id: "t", label: "t", scopes });

describe("can", () => {
  const cases: [string, TActor, TPermission, boolean][] = [
    ["viewer reads", user("viewer"), "read", true],
    ["viewer cannot operate", user("viewer"), "operate", false],
    ["viewer cannot administer", user("viewer"), "admin", false],
    ["operator operates", user("operator"), "operate", true],
    ["operator cannot administer", user("operator"), "admin", false],
    ["admin administers", user("admin"), "admin", true],
    ["ingest token cannot read", token("ingest"), "read", false],
    ["read token cannot ingest", token("read"), "ingest", false],
    ["operate scope implies read", token("operate"), "read", true],
    ["admin scope implies operate", token("admin"), "operate", true],
    ["admin scope does not imply ingest", token("admin"), "ingest", false],
  ];
  it.each(cases)("%s", (_name, actor, permission, expected) => expect(can(actor, permission)).toBe(expected));
});
