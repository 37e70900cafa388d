// React Query key factories: invalidate by prefix after a mutation.
export const tokenKeys = { all: ["tokens"] as const, list: () => [...tokenKeys.all, "list"] as const };
export const userKeys = { all: ["users"] as const, list: () => [...userKeys.all, "list"] as const };
