export const SERVER_ENV_DEFAULTS: { MALLOC_ARENA_MAX: string };
export function withServerEnvDefaults<T extends Record<string, string | undefined>>(env: T): T;
