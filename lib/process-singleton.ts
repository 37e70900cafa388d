/**
 * One value per process, kept on globalThis under a registered symbol: Next.js may evaluate a module
 * in more than one bundle of the same process, and module-level state would then exist twice.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`shardwatch.${name}`);
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}
