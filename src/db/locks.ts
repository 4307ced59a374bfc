import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connection.ts';
import type { DB } from './schema.ts';

/**
 * Serialises transactions that work on the same key (read-modify-write of a counter) until the
 * calling transaction ends. PostgreSQL: a transaction-scoped advisory lock on the key's hash.
 * SQLite: nothing to do — Kysely's SQLite driver runs one transaction at a time on its single
 * connection, so the read and write inside a transaction cannot interleave with another's.
 */
export async function lockKeyForTransaction(tx: Kysely<DB>, dialect: DialectName, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}
