// React Query keys of the replication and cache pages (the time range spec, not its resolved bounds,
// so a live range keeps its key while it slides).
export const replicationKeys = {
  all: ["replication"] as const,
  page: (f: { cluster: string; state: string; page: number; spec: string }) => [...replicationKeys.all, f] as const,
};
export const cacheKeys = {
  all: ["cache"] as const,
  page: (f: { cluster: string; node: string; spec: string }) => [...cacheKeys.all, f] as const,
};
