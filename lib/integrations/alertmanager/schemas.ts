import { z } from "zod";

// Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).

export const AM_MAX_ALERTS = 5000;

const ZLabelSet = z.record(z.string(), z.string({ error: "label values must be strings" }));
const ZRfc3339 = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "expected an RFC 3339 time such as 2026-11-23T19:00:00Z" });

export const ZAlertmanagerAlert = z.object({
  status: z.enum(["firing", "resolved"], { error: 'status must be "firing" or "resolved"' }),
  labels: ZLabelSet.refine((l) => Object.keys(l).length > 0, { message: "an alert needs at least one label" }),
  annotations: ZLabelSet.default({}),
  startsAt: ZRfc3339,
  endsAt: ZRfc3339.optional(),
  generatorURL: z.string().max(2048, "at most 2048 characters").optional(),
  fingerprint: z.string().min(1, "must not be empty").max(128, "at most 128 characters"),
});
export type TAlertmanagerAlert = z.infer<typeof ZAlertmanagerAlert>;

export const ZAlertmanagerPayload = z.object({
  version: z.literal("4", { error: 'version must be "4" (Alertmanager webhook payload v4)' }),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(["firing", "resolved"]).optional(),
  receiver: z.string().optional(),
  groupLabels: ZLabelSet.optional(),
  commonLabels: ZLabelSet.optional(),
  commonAnnotations: ZLabelSet.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(ZAlertmanagerAlert).max(AM_MAX_ALERTS, `at most ${AM_MAX_ALERTS} alerts in one notification`),
});
export type TAlertmanagerPayload = z.infer<typeof ZAlertmanagerPayload>;

export const ZAlertmanagerReceipt = z.object({ received: z.number(), firing: z.number(), resolved: z.number(), truncated: z.number() });
export type TAlertmanagerReceipt = z.infer<typeof ZAlertmanagerReceipt>;
