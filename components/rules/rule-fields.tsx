"use client";

import { Field } from "@/components/ui/form";
import { RULE_KINDS, SEVERITIES, type TRuleKind } from "@/lib/detection/rules/schema";
import { paramFields, paramLabel } from "./kind-params";
import { defaultParams, type TRuleForm } from "./rule-form";
import { SelectField } from "./select-field";

type TProps = { form: TRuleForm; setForm: (f: TRuleForm) => void; issue: (path: string) => string | undefined; isNew: boolean; disabled: boolean };

/** The settings every rule has. */
export function CommonFields({ form, setForm, issue, isNew, disabled }: TProps) {
  const text = (k: "name" | "title" | "description" | "cluster" | "for" | "clearFor" | "flapWindow") => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
    error: issue(k),
    disabled,
  });
  return (
    <>
      <div className="form-row">
        <Field id="rule-title" label="Title" {...text("title")} />
        <Field id="rule-name" label="Name (shown on alerts)" className="mono" {...text("name")} />
      </div>
      <div className="field">
        <label htmlFor="rule-description">Description</label>
        <textarea
          id="rule-description"
          rows={2}
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.target.value })}
          aria-invalid={!!issue("description")}
          aria-describedby="rule-description-err"
          disabled={disabled}
        />
        <span id="rule-description-err" className="field-error">
          {issue("description")}
        </span>
      </div>
      <div className="form-row">
        <SelectField
          id="rule-severity"
          label="Severity"
          value={form.severity}
          options={SEVERITIES}
          onChange={(v) => setForm({ ...form, severity: v })}
          error={issue("severity")}
          disabled={disabled}
        />
        <Field id="rule-cluster" label="Cluster (empty: every cluster)" {...text("cluster")} />
        {isNew ? (
          <SelectField
            id="rule-kind"
            label="Kind"
            value={form.kind}
            options={RULE_KINDS}
            onChange={(v) => setForm({ ...form, kind: v as TRuleKind, params: defaultParams(v as TRuleKind) })}
            error={issue("kind")}
            disabled={disabled}
          />
        ) : null}
      </div>
      <div className="form-row">
        <Field id="rule-for" label="For (seconds)" inputMode="decimal" {...text("for")} />
        <Field id="rule-clear-for" label="Clear for (seconds)" inputMode="decimal" {...text("clearFor")} />
        <Field id="rule-flap-window" label="Flap window (seconds)" inputMode="decimal" {...text("flapWindow")} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} disabled={disabled} />
        Enabled
      </label>
    </>
  );
}

/** The kind's parameters, each with its default; an empty number field means the default. */
export function ParamFields({ form, setForm, issue, disabled }: TProps) {
  const set = (key: string, value: string) => setForm({ ...form, params: { ...form.params, [key]: value } });
  return (
    <div className="param-grid">
      {paramFields(form.kind).map((f) =>
        f.options ? (
          <SelectField
            key={f.key}
            id={`param-${f.key}`}
            label={paramLabel(f.key)}
            value={form.params[f.key] || String(f.defaultValue ?? f.options[0])}
            options={f.options}
            onChange={(v) => set(f.key, v)}
            error={issue(`params.${f.key}`)}
            disabled={disabled}
          />
        ) : (
          <Field
            key={f.key}
            id={`param-${f.key}`}
            label={`${paramLabel(f.key)}${f.defaultValue === undefined ? " (required)" : ` (default ${f.defaultValue})`}`}
            inputMode="decimal"
            value={form.params[f.key] ?? ""}
            onChange={(e) => set(f.key, e.target.value)}
            error={issue(`params.${f.key}`)}
            disabled={disabled}
          />
        ),
      )}
    </div>
  );
}
