export const SERVER_ENV_DEFAULTS: { MALLOC_ARENA_MAX: string; MALLOC_MMAP_THRESHOLD_: string; MALLOC_TRIM_THRESHOLD_: string };
export function withServerEnvDefaults<T extends Record<string, string | undefined>>(
  env: T,
): Omit<T, keyof typeof SERVER_ENV_DEFAULTS> & typeof SERVER_ENV_DEFAULTS;
