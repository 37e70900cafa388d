export { triggerSimEvent, updateSimulator } from "./manage";
export { simulatorStatus, summarizeScenario } from "./status";
export { ZScenarioSummary, ZSimStatus, ZTriggerEventInput, ZUpdateSimulatorInput } from "./schemas";
export type { TScenarioSummary, TSimStatus, TTriggerEventInput, TUpdateSimulatorInput } from "./schemas";
