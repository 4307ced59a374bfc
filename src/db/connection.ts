import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * SQLite's `synchronous` setting. FULL (the default) syncs the WAL to disk at every commit: an
 * acknowledged write survives a power cut or OS crash. NORMAL syncs only at checkpoints: still safe
 * against the process crashing, but the last commits before a power cut can be lost. Measured cost
 * of FULL in README (Durability).
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

export type DatabaseTarget = { kind: 'sqlite'; file: string; synchronous?: SqliteSynchronous } | { kind: 'postgres'; url: string };

/** An open database: Kysely plus which dialect it speaks and how to close it. */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count, bigint) and numeric (avg) as strings; read them as numbers here,
// once, so repositories on both databases see the same types.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8) return (v: string) => Number(v);
    if (oid === PG_NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
  },
};

/** Opens SQLite (WAL, foreign keys, busy timeout, synchronous FULL unless told NORMAL) or PostgreSQL. */
export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, types: pgTypes });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  const sqlite = new BetterSqlite3(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${target.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
