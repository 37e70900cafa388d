export { listRules } from "./list-rules";
export { getRule } from "./get-rule";
export { createRule } from "./create-rule";
export { updateRule } from "./update-rule";
export { listRuleVersions } from "./list-rule-versions";
export { seedDefaultRules } from "./seed-default-rules";
export { disableRuleOnError } from "./disable-rule-on-error";
export { loadActiveRules } from "./load-active-rules";
export * from "./schemas";
