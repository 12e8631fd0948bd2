/** A problem the operator can fix (bad argument, unknown user, …): printed without a stack trace. */
export class CliError extends Error {}

/** Prints an error the way an operator needs it and exits non-zero (2 for configuration or lock, 1 otherwise). */
export async function exitWithError(err: unknown): Promise<never> {
  const { BackupError, ConfigError, DataDirLockedError, exitWithStartupError } = await import("@caihong/api");
  if (err instanceof ConfigError || err instanceof DataDirLockedError) exitWithStartupError(err);
  if (err instanceof CliError || err instanceof BackupError) {
    process.stderr.write(`caihong: ${err.message}\n`);
    process.exit(1);
  }
  // Drizzle wraps driver errors with the query and its parameters; the driver's message is what helps.
  const cause = (err as { cause?: { message?: string; detail?: string } })?.cause;
  if (cause?.message) {
    process.stderr.write(`caihong: database error: ${cause.message}${cause.detail ? ` (${cause.detail})` : ""}\n`);
    process.exit(1);
  }
  process.stderr.write(`caihong: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
