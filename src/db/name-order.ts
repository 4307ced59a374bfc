import { sql, type RawBuilder } from 'kysely';

/**
 * Leading characters people skip when they sort names by eye: quotes, hashes, at-signs, brackets,
 * dashes and spaces ("#TalkSuicide" files under T, '"We are with You"' under W).
 */
const SKIPPED_LEADING = ` "'“”‘’#@*([{-–—.!?¡¿_`;

/**
 * The key to sort names as people do, the same on SQLite and PostgreSQL: case folded (so
 * "creativeShift CIC" comes among the Cs, not after Z as a byte sort puts it) and leading
 * punctuation skipped. Tie-break with the name itself and an id for a stable page order.
 */
export function nameOrder(column: string): RawBuilder<string> {
  return sql<string>`lower(ltrim(${sql.ref(column)}, ${SKIPPED_LEADING}))`;
}
