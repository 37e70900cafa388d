// Shapes of /api/v1/simulator answers, as the page uses them.
export type TSimEventView = { id: string; type: string; cluster: string; description: string; startsAt: number; endsAt: number | null };
export type TSimOperation = {
  id: string;
  kind: string;
  cluster: string;
  target: string;
  phase: string;
  progress: number;
  startedAt: number;
  etaAt: number | null;
  failedRequests: number;
  message: string;
  rollbackOf: string | null;
};
export type TSimStatus = {
  enabled: boolean;
  running: boolean;
  scenario: string;
  speed: number;
  intervalSeconds: number;
  simTime: number | null;
  elapsedSeconds: number | null;
  durationSeconds: number | null;
  steps: number;
  samplesSent: number;
  lastStepAt: number | null;
  lastError: string | null;
  active: TSimEventView[];
  upcoming: TSimEventView[];
  clusters: { name: string; shards: number; nodes: number; replicas: number; cacheNodes: number; routingVersion: number }[];
  operations: TSimOperation[];
};
export type TScenarioSummary = {
  name: string;
  title: string;
  description: string;
  durationSeconds: number;
  fixedBy: string | null;
  benign: boolean;
  clusters: { name: string; shards: number; nodes: number; replicasPerShard: number; cacheNodes: number }[];
};

export const simulatorKeys = {
  all: ["simulator"] as const,
  status: () => [...simulatorKeys.all, "status"] as const,
  scenarios: () => [...simulatorKeys.all, "scenarios"] as const,
};

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(seconds % 3600 ? 1 : 0)} h`;
}

export function relative(ms: number, now: number): string {
  const d = Math.round((ms - now) / 1000);
  return d >= 0 ? `in ${duration(d)}` : `${duration(-d)} ago`;
}
