import type { TRuleKind } from "@/lib/detection/rules/schema";
import { paramFields } from "./kind-params";
import type { TRuleView } from "./types";

// The editor keeps every input as text; the body sent turns what reads as a number into one and leaves
// anything else as typed, so the server's 422 names the problem next to the field.

export type TRuleForm = {
  name: string;
  title: string;
  description: string;
  severity: string;
  enabled: boolean;
  cluster: string;
  for: string;
  clearFor: string;
  flapWindow: string;
  kind: TRuleKind;
  params: Record<string, string>;
};

export function defaultParams(kind: TRuleKind): Record<string, string> {
  return Object.fromEntries(paramFields(kind).map((f) => [f.key, String(f.defaultValue ?? f.options?.[0] ?? "")]));
}

export function emptyForm(kind: TRuleKind = "hot-shard"): TRuleForm {
  return {
    name: "",
    title: "",
    description: "",
    severity: "warning",
    enabled: true,
    cluster: "",
    for: "10",
    clearFor: "0",
    flapWindow: "600",
    kind,
    params: defaultParams(kind),
  };
}

export function formOf(rule: TRuleView): TRuleForm {
  const params = defaultParams(rule.kind as TRuleKind);
  for (const [k, v] of Object.entries(rule.params)) params[k] = String(v);
  return {
    name: rule.name,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    enabled: rule.enabled,
    cluster: rule.cluster ?? "",
    for: String(rule.for),
    clearFor: String(rule.clearFor),
    flapWindow: String(rule.flapWindow),
    kind: rule.kind as TRuleKind,
    params,
  };
}

const numberOrText = (v: string) => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v.trim());

export function bodyOf(form: TRuleForm): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of paramFields(form.kind)) {
    const v = form.params[f.key] ?? "";
    if (v.trim() !== "") params[f.key] = f.options ? v : numberOrText(v);
  }
  return {
    name: form.name.trim(),
    title: form.title,
    description: form.description,
    severity: form.severity,
    enabled: form.enabled,
    ...(form.cluster.trim() ? { cluster: form.cluster.trim() } : {}),
    for: numberOrText(form.for),
    clearFor: numberOrText(form.clearFor),
    flapWindow: numberOrText(form.flapWindow),
    kind: form.kind,
    params,
  };
}
