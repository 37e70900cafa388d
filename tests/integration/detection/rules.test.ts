import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { DEFAULT_RULES } from "@/lib/detection/rules/defaults";
import {
  createRule,
  disableRuleOnError,
  getRule,
  listRules,
  listRuleVersions,
  loadActiveRules,
  seedDefaultRules,
  updateRule,
  ZUpdateRuleInput,
} from "@/lib/detection/rules";
import type { TRuleInput } from "@/lib/detection/rules/schema";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedDetectionPeople } from "./helpers";

const lagRule: TRuleInput = {
  name: "orders-lag",
  title: "Orders replica lag",
  kind: "replica-lag",
  params: { fireAboveSeconds: 60 },
  cluster: "orders",
  for: "30s",
};

describe.each(BACKENDS)("detection rules on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedDetectionPeople>>;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedDetectionPeople(db);
  });
  afterEach(() => db.drop());

  it("creates a rule at version 1 with defaults filled in, a kept version and an audit row", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    expect(rule).toMatchObject({
      name: "orders-lag",
      kind: "replica-lag",
      params: { fireAboveSeconds: 60, clearBelowSeconds: 20 },
      severity: "warning",
      cluster: "orders",
      for: 30,
      clearFor: 0,
      flapWindow: 600,
      version: 1,
      enabled: true,
      disabledReason: null,
      createdBy: "operator@test.local",
    });
    expect(await getRule({ ctx: people.viewerCtx, input: { id: rule.id } })).toEqual(rule);
    const versions = await listRuleVersions({ ctx: people.viewerCtx, input: { id: rule.id } });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, definition: { name: "orders-lag", for: 30, params: { clearBelowSeconds: 20 } } });
    expect(await db.prisma.auditLog.count({ where: { action: "rule.create", targetId: rule.id } })).toBe(1);
  });

  it("refuses a second rule with a taken name, naming it", async () => {
    await createRule({ ctx: people.operatorCtx, input: lagRule });
    const again = createRule({ ctx: people.operatorCtx, input: { ...lagRule, title: "Other" } });
    await expect(again).rejects.toThrow(ConflictError);
    await expect(again).rejects.toThrow(/"orders-lag" already exists/);
    expect(await db.prisma.rule.count()).toBe(1);
  });

  it("names each bad field by path with a message that says what to change", async () => {
    const bad = { name: "Bad Name", title: "x", kind: "hot-shard", params: { fireShareOfFair: 2, clearShareOfFair: 3 } } as TRuleInput;
    const err = (await createRule({ ctx: people.operatorCtx, input: bad }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.issues).toEqual(
      expect.arrayContaining([
        { path: "name", message: expect.stringMatching(/lowercase letters, digits and dashes/) as unknown },
        {
          path: "params.clearShareOfFair",
          message: expect.stringMatching(/at most fireShareOfFair \(2\).*lower clearShareOfFair or raise fireShareOfFair/) as unknown,
        },
      ]),
    );
    const unknownKind = (await createRule({ ctx: people.operatorCtx, input: { ...lagRule, kind: "nope" } as unknown as TRuleInput }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(unknownKind.issues?.[0]?.message).toMatch(/kind must be one of hot-shard, cluster-skew/);
    expect(await db.prisma.rule.count()).toBe(0);
  });

  it("bumps the version on each save and keeps every definition", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    const v2 = await updateRule({ ctx: people.operatorCtx, input: { id: rule.id, version: 1, definition: { ...lagRule, params: { fireAboveSeconds: 90 } } } });
    expect(v2).toMatchObject({ version: 2, params: { fireAboveSeconds: 90, clearBelowSeconds: 20 } });
    const v3 = await updateRule({ ctx: people.operatorCtx, input: { id: rule.id, definition: { ...lagRule, severity: "critical" } } });
    expect(v3.version).toBe(3);
    const versions = await listRuleVersions({ ctx: people.viewerCtx, input: { id: rule.id } });
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[1]!.definition).toMatchObject({ params: { fireAboveSeconds: 90 } });
    const audit = await db.prisma.auditLog.findMany({ where: { action: "rule.update", targetId: rule.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => (a.after as { version: number }).version)).toEqual([2, 3]);
  });

  it("refuses a save made to an older version (409), and lets exactly one of two concurrent saves win", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    await updateRule({ ctx: people.operatorCtx, input: { id: rule.id, version: 1, definition: lagRule } });
    const stale = updateRule({ ctx: people.operatorCtx, input: { id: rule.id, version: 1, definition: { ...lagRule, title: "Mine" } } });
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(/is at version 2.*send version 2/);
    const results = await Promise.allSettled(
      ["A", "B"].map((title) => updateRule({ ctx: people.operatorCtx, input: { id: rule.id, version: 2, definition: { ...lagRule, title } } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await getRule({ ctx: people.viewerCtx, input: { id: rule.id } })).version).toBe(3);
    expect(await db.prisma.ruleVersion.count({ where: { ruleId: rule.id } })).toBe(3);
    await expect(updateRule({ ctx: people.operatorCtx, input: { id: "missing", definition: lagRule } })).rejects.toThrow(NotFoundError);
  });

  it("refuses renaming onto a taken name", async () => {
    const a = await createRule({ ctx: people.operatorCtx, input: lagRule });
    await createRule({ ctx: people.operatorCtx, input: { ...lagRule, name: "other" } });
    await expect(updateRule({ ctx: people.operatorCtx, input: { id: a.id, definition: { ...lagRule, name: "other" } } })).rejects.toThrow(
      /"other" already exists/,
    );
  });

  it("accepts PUT of the object GET returned (read-only fields and a null cluster are ignored)", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: { ...lagRule, cluster: undefined } });
    const body = ZUpdateRuleInput.parse({ ...rule, cluster: null, title: "Edited" });
    const saved = await updateRule({ ctx: people.operatorCtx, input: { id: rule.id, ...body } });
    expect(saved).toMatchObject({ title: "Edited", version: 2 });
    expect(saved.cluster).toBeUndefined();
  });

  it("disables a rule whose evaluation failed until an operator saves it again", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    expect(await disableRuleOnError(db.prisma, rule.id, "TypeError: boom", { version: 7 })).toBe(false);
    expect(await disableRuleOnError(db.prisma, rule.id, "TypeError: boom")).toBe(true);
    expect(await disableRuleOnError(db.prisma, rule.id, "again")).toBe(false);
    expect(await getRule({ ctx: people.viewerCtx, input: { id: rule.id } })).toMatchObject({ enabled: false, disabledReason: "TypeError: boom", version: 1 });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "rule.disable", targetId: rule.id } });
    expect(audit).toMatchObject({ actorType: "system", actorId: null });
    expect((await loadActiveRules(db.prisma)).map((r) => r.name)).not.toContain("orders-lag");
    const saved = await updateRule({ ctx: people.operatorCtx, input: { id: rule.id, version: 1, definition: lagRule } });
    expect(saved).toMatchObject({ enabled: true, disabledReason: null, version: 2 });
    expect((await loadActiveRules(db.prisma)).map((r) => r.name)).toContain("orders-lag");
  });

  it("seeds the default rules once and leaves operators' edits alone", async () => {
    const first = await seedDefaultRules(db.prisma);
    expect(first.created).toEqual(DEFAULT_RULES.map((r) => r.name).sort());
    const hot = (await listRules({ ctx: people.viewerCtx })).find((r) => r.name === "hot-shard")!;
    await updateRule({ ctx: people.operatorCtx, input: { id: hot.id, definition: { ...DEFAULT_RULES[0]!, for: "30s" } } });
    expect(await seedDefaultRules(db.prisma)).toEqual({ created: [] });
    expect(await db.prisma.rule.count()).toBe(DEFAULT_RULES.length);
    expect(await db.prisma.ruleVersion.count()).toBe(DEFAULT_RULES.length + 1);
    const active = await loadActiveRules(db.prisma);
    expect(active.map((r) => r.name)).not.toContain("shard-qps-anomaly");
    expect(active).toHaveLength(DEFAULT_RULES.filter((r) => r.enabled !== false).length);
    const hotRule = active.find((r) => r.name === "hot-shard")!;
    expect(hotRule).toMatchObject({ kind: "hot-shard", for: 30, version: 2, params: { metric: "qps", fireShareOfFair: 3, minShards: 4 } });
    expect(hotRule.createdAt).toBeInstanceOf(Date);
  });

  it("disables, rather than loads, a stored rule the schema no longer accepts", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    await db.prisma.rule.update({ where: { id: rule.id }, data: { params: { fireAboveSeconds: "soon" } } });
    expect(await loadActiveRules(db.prisma)).toEqual([]);
    const after = await getRule({ ctx: people.viewerCtx, input: { id: rule.id } });
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toMatch(/no longer valid.*params\.fireAboveSeconds/);
  });

  it("lets a viewer read rules but not change them", async () => {
    const rule = await createRule({ ctx: people.operatorCtx, input: lagRule });
    expect(await listRules({ ctx: people.viewerCtx })).toHaveLength(1);
    await expect(createRule({ ctx: people.viewerCtx, input: { ...lagRule, name: "x" } })).rejects.toThrow(ForbiddenError);
    await expect(updateRule({ ctx: people.viewerCtx, input: { id: rule.id, definition: lagRule } })).rejects.toThrow(ForbiddenError);
    expect(await db.prisma.rule.count()).toBe(1);
    expect((await getRule({ ctx: people.viewerCtx, input: { id: rule.id } })).version).toBe(1);
  });
});
