// React Query key factories: invalidate by prefix after a mutation.
export const tokenKeys = { all: ["tokens"] as const, list: () => [...tokenKeys.all, "list"] as const };
export const userKeys = { all: ["users"] as const, list: () => [...userKeys.all, "list"] as const };
export const topologyKeys = {
  all: ["topology"] as const,
  list: (kind: string, filter: string) => [...topologyKeys.all, kind, filter] as const,
};
export const ruleKeys = {
  all: ["rules"] as const,
  versions: (id: string) => [...ruleKeys.all, id, "versions"] as const,
  preview: (body: unknown, hours: number) => [...ruleKeys.all, "preview", hours, body] as const,
};
export const alertKeys = {
  all: ["alerts"] as const,
  list: (filters: { state: string[]; cluster: string }) => [...alertKeys.all, "list", filters] as const,
  detail: (id: string) => [...alertKeys.all, "detail", id] as const,
};
export const silenceKeys = { all: ["silences"] as const, list: (state: string) => [...silenceKeys.all, "list", state] as const };
export const queryKeys = { all: ["query"] as const, range: (params: Record<string, string>) => [...queryKeys.all, params] as const };
export const mitigationKeys = {
  all: ["mitigations"] as const,
  list: (filters: { states: readonly string[]; alertId?: string }) => [...mitigationKeys.all, "list", filters] as const,
  detail: (id: string) => [...mitigationKeys.all, "detail", id] as const,
};
export const automationKeys = { all: ["automation"] as const };
export const noticeKeys = {
  all: ["notices"] as const,
  list: (filter: string) => [...noticeKeys.all, "list", filter] as const,
  detail: (id: string) => [...noticeKeys.all, "detail", id] as const,
};
export const statusComponentKeys = { all: ["status-components"] as const, list: () => [...statusComponentKeys.all, "list"] as const };
