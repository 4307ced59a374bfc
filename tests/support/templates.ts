import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fixedClock, systemClock, type Clock } from '../../src/domain/clock.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { PG_URL } from './env.ts';
import { pgTemplateName, type DialectTemplates, type TestTemplates } from './template-context.ts';
import { TEST_START } from './test-clock.ts';

// Runs in the main Vitest process (global setups): migrates once and seeds the demo once per
// dialect, so each test file copies a template instead of repeating 60 migrations and 13 argon2
// hashes. Database names and folders carry the process id, so a later run can tell what a
// crashed run left behind (its process is gone) from what a concurrent run is using.

const RUN_DIR_PREFIX = 'linkwork-run-';
/** Old-style per-test names (`linkwork_test_<12 hex>`) carry no process id: dropped only when old and idle. */
const LEGACY_PG_NAME = /^linkwork_test_[0-9a-f]{12}$/;
const RUN_PG_NAME = /^linkwork_(?:test|tpl)_(\d+)_[a-z0-9]+$/;
const LEGACY_STALE_SECONDS = 3600;

/** The use-case dependencies seedDemo runs with in the tests (as createTestApp builds them). */
function seedDeps(database: Database, clock: Clock) {
  const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '1', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'silent' });
  return { ...serviceDeps(database, config), clock };
}

const demoClockOf = (kind: TestTemplates['demoClock']): Clock => (kind === 'system' ? systemClock : fixedClock(TEST_START));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Closes an open SQLite template and checks it is one self-contained file, safe to copy. */
async function closeSqliteTemplate(database: Database, file: string): Promise<void> {
  await database.close();
  if (existsSync(`${file}-wal`) || existsSync(`${file}-shm`)) throw new Error(`SQLite template ${file} left a WAL behind`);
}

async function buildSqlite(dir: string, demoClock: Clock): Promise<DialectTemplates> {
  const empty = join(dir, 'template-empty.db');
  const demo = join(dir, 'template-demo.db');
  const e = openDatabase({ kind: 'sqlite', file: empty });
  await migrateToLatest(e.db);
  await closeSqliteTemplate(e, empty);
  copyFileSync(empty, demo);
  const d = openDatabase({ kind: 'sqlite', file: demo });
  await seedDemo(seedDeps(d, demoClock));
  await closeSqliteTemplate(d, demo);
  return { empty, demo };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => {});
  }
}

function pgUrlOf(name: string): string {
  if (PG_URL === undefined) throw new Error('PostgreSQL is not configured');
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function buildPostgres(runId: number, demoClock: Clock): Promise<DialectTemplates> {
  const empty = pgTemplateName(runId, 'empty');
  const demo = pgTemplateName(runId, 'demo');
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${empty}`));
  const e = openDatabase({ kind: 'postgres', url: pgUrlOf(empty) });
  try {
    await migrateToLatest(e.db);
  } finally {
    await e.close();
  }
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${demo} TEMPLATE ${empty}`));
  const d = openDatabase({ kind: 'postgres', url: pgUrlOf(demo) });
  try {
    await seedDemo(seedDeps(d, demoClock));
  } finally {
    await d.close();
  }
  // A template must have no open connections while it is copied: refuse any from now on.
  await withAdmin(async (admin) => {
    for (const name of [empty, demo]) await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  });
  return { empty, demo };
}

/**
 * Drops what crashed runs left: databases and folders named after a process that is gone (and has
 * no connections), and old-style test databases and folders older than an hour (nobody connected).
 */
export async function dropStale(): Promise<string[]> {
  const dropped: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    const path = join(tmpdir(), entry);
    const m = /^linkwork-run-(\d+)-/.exec(entry);
    const stale =
      m !== null
        ? !isAlive(Number(m[1]))
        : // Old-style per-test folders (before run folders) carry no process id: only old ones go.
          /^linkwork-test-/.test(entry) && Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > LEGACY_STALE_SECONDS * 1000;
    if (!stale) continue;
    rmSync(path, { recursive: true, force: true });
    dropped.push(entry);
  }
  if (PG_URL === undefined) return dropped;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string; conns: number }>(
      `select d.datname, (select count(*)::int from pg_stat_activity a where a.datid = d.oid) as conns
         from pg_database d where d.datname like 'linkwork\\_%'`,
    );
    for (const { datname, conns } of rows) {
      if (conns > 0) continue;
      const m = RUN_PG_NAME.exec(datname);
      let stale = m !== null && !isAlive(Number(m[1]));
      if (m === null && LEGACY_PG_NAME.test(datname)) {
        // Creation time is the age of the database's PG_VERSION file (needs a superuser, as in CI).
        const age = await admin
          .query<{ s: number }>(
            `select extract(epoch from now() - (pg_stat_file('base/' || oid || '/PG_VERSION')).modification)::int as s from pg_database where datname = $1`,
            [datname],
          )
          .then((r) => r.rows[0]?.s ?? 0)
          .catch(() => 0);
        stale = age > LEGACY_STALE_SECONDS;
      }
      if (!stale) continue;
      try {
        // No FORCE: if anyone connected meanwhile, it is not stale after all.
        await admin.query(`DROP DATABASE IF EXISTS ${datname}`);
        dropped.push(datname);
      } catch {
        // In use again, or dropped by a concurrent run: leave it.
      }
    }
  });
  return dropped;
}

/** Builds this run's templates (SQLite always; PostgreSQL when configured and asked for). */
export async function buildTemplates(opts: { postgres: boolean; demoClock: TestTemplates['demoClock'] }): Promise<TestTemplates> {
  const runId = process.pid;
  const dir = mkdtempSync(join(tmpdir(), `${RUN_DIR_PREFIX}${runId}-`));
  const clock = demoClockOf(opts.demoClock);
  // The two dialects seed side by side: argon2 runs on the thread pool, the databases wait on I/O.
  const [sqlite, postgres] = await Promise.all([buildSqlite(dir, clock), opts.postgres ? buildPostgres(runId, clock) : Promise.resolve(null)]);
  return { runId, dir, sqlite, postgres, demoClock: opts.demoClock };
}

/** Removes this run's templates, folder and any test databases a failed test did not drop. */
export async function disposeTemplates(t: TestTemplates): Promise<void> {
  rmSync(t.dir, { recursive: true, force: true });
  if (t.postgres === null) return;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname like $2`, [
      `linkwork\\_test\\_${t.runId}\\_%`,
      `linkwork\\_tpl\\_${t.runId}\\_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}
