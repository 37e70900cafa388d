/** The database cannot be reached or opened; the message is one line, fit for an operator. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** The migration history does not fit this build (newer database, edited or failed migration). */
export class MigrationStateError extends Error {
  override name = "MigrationStateError";
}

/** Prisma's unique-constraint violation, whichever driver adapter raised it. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
