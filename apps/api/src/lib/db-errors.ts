/** The PostgreSQL error behind a driver/ORM error (walks `cause`), or undefined. */
function pgError(err: unknown): { code?: string; constraint?: string; constraint_name?: string } | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return e as { code?: string; constraint?: string };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when `err` is a unique violation of the named constraint: the database's own answer to a
 * race two requests ran at once (both passed the pre-check; only one insert can commit).
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const pg = pgError(err);
  if (pg?.code !== "23505") return false;
  const name = pg.constraint ?? pg.constraint_name;
  return name === undefined || name === constraint || String((err as Error).message ?? "").includes(constraint) || JSON.stringify(pg).includes(constraint);
}
