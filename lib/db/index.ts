export type { TDatabase, TDatabaseKind } from "./open";
export { openDatabase } from "./open";
export { watchDatabaseMemory } from "./metrics";
export { DatabaseUnavailableError, MigrationStateError } from "./errors";
export { migrate, migrationStatus, loadMigrations } from "./migrate";
export type { PrismaClient as TPrisma, Prisma } from "@/lib/generated/prisma/client.ts";
