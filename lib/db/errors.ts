/** The database cannot be reached or opened; the message is one line, fit for an operator. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** The migration history does not fit this build (newer database, edited or failed migration). */
export class MigrationStateError extends Error {
  override name = "MigrationStateError";
}
