import type { TAlertView } from "@/lib/detection/alerts/schemas";
import type { TRuleVersionView, TRuleView } from "@/lib/detection/rules/schemas";

export type { TAlertView, TRuleVersionView, TRuleView };
export type TPreviewResult = { firedCount: number; alerts: TAlertView[]; hours: number; samples: number };
