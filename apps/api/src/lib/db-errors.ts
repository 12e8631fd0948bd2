/** The PostgreSQL error behind a driver or ORM error (walks `cause`), or undefined. */
function pgError(err: unknown): { code: string; constraint?: string; message?: string } | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string; constraint?: string; message?: string };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The SQLSTATE of a database error (e.g. 23505), or undefined when the error did not come from the database. */
export function pgErrorCode(err: unknown): string | undefined {
  return pgError(err)?.code;
}

/**
 * True when `err` is a unique violation of the named constraint: the database's own answer to a
 * race two requests ran at once (both passed the pre-check; only one insert can commit).
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const pg = pgError(err);
  if (pg?.code !== "23505") return false;
  return pg.constraint === constraint || (pg.constraint === undefined && String(pg.message ?? "").includes(constraint));
}

/** Socket errors of a connection that cannot be made or was cut (Node's `code`). */
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * SQLSTATEs of a server going away: 57P01 admin_shutdown (a fast or smart stop), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), and class 08
 * (connection exception).
 */
const isConnectionSqlState = (code: string) => code === "57P01" || code === "57P02" || code === "57P03" || code.startsWith("08");

/** What node-postgres says, without a code, about a connection that ended under it. */
const DRIVER_MESSAGES = [/connection terminated/i, /is not queryable/i, /timeout exceeded when trying to connect/i, /connection ended unexpectedly/i];

/**
 * True when `err` says the database cannot be reached (refused, cut, shutting down, starting up),
 * not that it refused the request: the answer is 503 with Retry-After, never a 500. Walks `cause`
 * (Drizzle wraps the driver's error) and an AggregateError's `errors` (a connect tried on several
 * addresses).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (CONNECTION_ERRNOS.has(e.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(e.code)) return isConnectionSqlState(e.code);
  }
  if (typeof e.message === "string" && e.code === undefined && DRIVER_MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
