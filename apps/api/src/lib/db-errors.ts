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
