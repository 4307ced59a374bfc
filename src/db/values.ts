/**
 * The one place where values cross between the app and either database: booleans are stored as
 * 0/1 and times as UTC ISO-8601 text on both (better-sqlite3 cannot bind booleans or Dates).
 */
export const toDbBool = (value: boolean): number => (value ? 1 : 0);
export const fromDbBool = (value: number | boolean): boolean => value === 1 || value === true;
export const toDbTime = (value: Date): string => value.toISOString();

/** True when a database error is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown };
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: 23505
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505';
}

/** True when a database error is a foreign-key violation, on either database. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown };
  return e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e.code === '23503';
}
