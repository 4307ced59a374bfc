import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { openDatabase, type Database, type DialectName } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { PG_URL } from './env.ts';
import { pgTestName, type TestTemplates } from './template-context.ts';
import { TEST_START } from './test-clock.ts';

export interface TestDatabase extends Database {
  /** Closes the connection and deletes the file or database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * Start from the demo deployment: exactly what seedDemo writes on a fresh database (seeded once
   * per run into a template, with the tests' fixed clock, or the real one in the browser project).
   */
  demo?: boolean;
}

/** The dialects every database test runs on: SQLite always, PostgreSQL when configured. */
export const TEST_DIALECTS: DialectName[] = PG_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/** This run's templates, when a project global setup built them (not when a file runs outside one). */
function templates(): TestTemplates | undefined {
  try {
    return inject('linkworkTemplates');
  } catch {
    return undefined;
  }
}

const hex = () => randomBytes(6).toString('hex');

async function adminQuery(text: string): Promise<void> {
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end().catch(() => {});
  }
}

/** CREATE DATABASE … TEMPLATE; resolves to the new database's name. */
async function copyPostgres(runId: number, template: string): Promise<string> {
  const name = pgTestName(runId, hex());
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return name;
}

// Copying a PostgreSQL template takes ~0.5 s of the server's I/O. Each worker keeps one copy of
// each template it has used made ahead, in the background, so the next test takes it at once.
// Spares left when the run ends are dropped by the global teardown (they carry the run's id).
const spares = new Map<string, Promise<string>>();

function makeSpare(runId: number, template: string): void {
  const spare = copyPostgres(runId, template);
  spare.catch(() => {}); // a failed spare is retried in the foreground when it is taken
  spares.set(template, spare);
}

async function takePostgresCopy(runId: number, template: string): Promise<string> {
  const spare = spares.get(template);
  makeSpare(runId, template);
  if (spare === undefined) return copyPostgres(runId, template);
  return spare.catch(() => copyPostgres(runId, template));
}

function pgUrl(name: string): string {
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database of its own: a copy of the run's template (a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL), so tests never share state. With `demo`, the copy
 * holds the demo deployment. Without templates (a file run outside the projects' setups) it
 * migrates, and seeds, from scratch.
 */
export async function createTestDatabase(dialect: DialectName, opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const tpl = templates();
  const kind = opts.demo === true ? 'demo' : 'empty';
  let database: Database;
  let remove: () => void;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tpl?.dir ?? tmpdir(), 'linkwork-test-'));
    const file = join(dir, 'test.db');
    if (tpl !== undefined) copyFileSync(tpl.sqlite[kind], file);
    database = openDatabase({ kind: 'sqlite', file });
    remove = () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (tpl !== undefined && tpl.postgres === null) throw new Error('This project built no PostgreSQL templates');
    const name = tpl?.postgres == null ? `linkwork_test_${hex()}` : await takePostgresCopy(tpl.runId, tpl.postgres[kind]);
    if (tpl?.postgres == null) await adminQuery(`CREATE DATABASE ${name}`);
    database = openDatabase({ kind: 'postgres', url: pgUrl(name) });
    // Dropping takes the server ~1 s: nothing waits for it (the global teardown sweeps any left).
    remove = () => void adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
  if (tpl === undefined) {
    await migrateToLatest(database.db);
    if (opts.demo === true) {
      const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '1', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'silent' });
      await seedDemo({ ...serviceDeps(database, config), clock: fixedClock(TEST_START) });
    }
  }
  return {
    ...database,
    async drop() {
      await database.close();
      remove();
    },
  };
}
