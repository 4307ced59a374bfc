import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, type SqliteDatabase, type SqliteStatement, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ServiceDeps } from '../../kernel/context.ts';

/**
 * Runs `work` with use-case dependencies whose every "transaction" is a part of one outer database
 * transaction, committed at the end — or rolled back, whole, if anything failed.
 *
 * Why: the demo history is about 20,000 use-case calls. Each is still the real use case — it checks
 * its permission, does its work and appends its hash-chained audit event, in order — but a commit
 * per call is a good part of the cost (on SQLite a WAL append per commit, on PostgreSQL a flush to
 * disk), and one transaction also makes the seed all-or-nothing: a demo stopped half-way leaves
 * nothing behind, so the next start simply seeds again.
 *
 * On a SQLite file the work runs on a connection of its own that keeps its prepared statements:
 * preparing each query afresh (what the app's connection does) was a quarter of the seed's time,
 * most of it the large case-in-scope query every case use case begins with.
 *
 * A use case that throws poisons the batch: nothing is committed, even if a caller caught the
 * error (there are no savepoints, so its half-done writes must not survive).
 */
export async function inOneTransaction<T>(deps: ServiceDeps, work: (deps: ServiceDeps) => Promise<T>): Promise<T> {
  const file = deps.dialect === 'sqlite' ? await sqliteFileOf(deps.db) : null;
  if (file === null) return batched(deps.db, deps, work);
  const own = openWithStatementCache(file);
  try {
    return await batched(own, deps, work);
  } finally {
    await own.destroy();
  }
}

async function batched<T>(database: Kysely<DB>, deps: ServiceDeps, work: (deps: ServiceDeps) => Promise<T>): Promise<T> {
  const trx = await database.startTransaction().execute();
  let failure: { error: unknown } | null = null;
  const builder = {
    execute: async <R>(callback: (tx: Transaction<DB>) => Promise<R>): Promise<R> => {
      try {
        return await callback(trx);
      } catch (error) {
        failure ??= { error };
        throw error;
      }
    },
  };
  // The transaction itself stands in for the database, its `transaction()` (which Kysely refuses
  // inside a transaction) answering the builder above: every use case's work joins this one.
  Object.defineProperty(trx, 'transaction', { value: () => builder });
  const db = trx as unknown as Kysely<DB>;
  try {
    const result = await work({ ...deps, db });
    if (failure !== null) throw (failure as { error: unknown }).error;
    await trx.commit().execute();
    return result;
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}

/** The file of a SQLite database, or null for one in memory. */
async function sqliteFileOf(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const file = rows.find((r) => r.name === 'main')?.file ?? '';
  return file === '' ? null : file;
}

/** A second connection to the same file, set up as src/db/connection.ts sets up the app's, that reuses prepared statements. */
function openWithStatementCache(file: string): Kysely<DB> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const database: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare: (text: string): SqliteStatement => {
      const cached = statements.get(text);
      // A statement still being iterated (a streamed query) cannot be run again: prepare another.
      if (cached !== undefined && !cached.busy) return cached;
      const fresh = sqlite.prepare(text);
      if (cached === undefined) statements.set(text, fresh);
      return fresh;
    },
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}
