import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DialectName } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { PG_URL } from './env.ts';

export interface TestDatabase extends Database {
  /** Closes the connection and deletes the file or database. */
  drop(): Promise<void>;
}

/** The dialects every database test runs on: SQLite always, PostgreSQL when configured. */
export const TEST_DIALECTS: DialectName[] = PG_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/**
 * A fresh, migrated database: a real SQLite file in a temp folder, or a new PostgreSQL database
 * created for this test (dropped afterwards), so tests never share state.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'linkwork-test-'));
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'test.db') });
    await migrateToLatest(database.db);
    return {
      ...database,
      async drop() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const name = `linkwork_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(database.db);
  return {
    ...database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
