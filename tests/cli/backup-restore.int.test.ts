import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { buildApp } from '../../src/server/app.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { sessionFor } from '../support/test-app.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from './cli-support.ts';

const DEMO = { env: { LINKWORK_DEMO: '1' } };

describe('SQLite durability', () => {
  it('syncs every commit to disk (synchronous=FULL) unless LINKWORK_SQLITE_SYNCHRONOUS=NORMAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkwork-sync-'));
    try {
      for (const [env, expected] of [
        [{}, 2],
        [{ LINKWORK_SQLITE_SYNCHRONOUS: 'NORMAL' }, 1],
      ] as const) {
        const database = openDatabase(parseConfig({ LINKWORK_DB: join(dir, 'x.db'), ...env }).database);
        const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(database.db);
        expect(rows[0]?.synchronous).toBe(expected);
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A backup taken while the server is open and writing, restored later, brings back exactly the
 * state at backup time: what was written before is there, what came after is not, the audit
 * trail still verifies, and the database it replaced is kept beside it.
 */
describe('linkwork backup and restore on sqlite', () => {
  let db: CliDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createCliDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'linkwork-backups-'));
    expect((await linkwork(db, ['seed-demo', '--months', '1'], DEMO)).code).toBe(0);
  }, 120_000);
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the app is open, refuses to restore while it is, and restores losing nothing', async () => {
    if (db.target.kind !== 'sqlite') throw new Error('sqlite only');
    const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '1', LINKWORK_DB: db.target.file, LINKWORK_LOG_LEVEL: 'silent' });
    const database = openDatabase(config.database);
    const app = await buildApp({ database, clock: systemClock, config, webRoot: null });
    const lw = await sessionFor({ deps: { ...serviceDeps(database, config), clock: systemClock }, config }, 'link_worker@demo.linkwork.test');
    const practiceId = (await database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
    const addPerson = async (familyName: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/persons',
        headers: lw.headers,
        payload: { givenName: 'Backup', familyName, dateOfBirth: '1950-01-01', practiceId },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const families = async (d: typeof database) =>
      (await d.db.selectFrom('person').select('family_name').where('given_name', '=', 'Backup').orderBy('family_name').execute()).map((r) => r.family_name);

    await addPerson('Before');
    const backupFile = join(dir, 'linkwork-backup.db');
    const backup = await linkwork(db, ['backup', backupFile], DEMO);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up to .*linkwork-backup\.db: [\d.]+ MB, schema \S+, \d+ audit events\n$/);
    const auditAtBackup = Number(
      (
        await database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await addPerson('After');

    // Backing up over an existing file is refused; restoring while the app has the database open is refused.
    expectCodedError(await linkwork(db, ['backup', backupFile], DEMO), 'invalid_input', 2);
    const busy = await linkwork(db, ['restore', backupFile], DEMO);
    expectCodedError(busy, 'conflict', 1);
    expect(busy.stderr).toContain('is in use');
    expect(await families(database)).toEqual(['After', 'Before']);
    await app.close();
    await database.close();

    const restored = await linkwork(db, ['restore', backupFile], DEMO);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .* \(schema \S+, \d+ audit events\)\nThe database it replaced is kept as .*\.before-restore-\d{8}T\d{6}\n$/);
    const previous = restored.stdout.match(/kept as (.*)\n$/)?.[1] ?? '';
    expect(existsSync(previous)).toBe(true);

    const back = openDatabase({ kind: 'sqlite', file: db.target.file });
    try {
      expect(await families(back)).toEqual(['Before']);
      // The trail as it was at backup time, then one event saying it was restored.
      const events = await back.db.selectFrom('audit_event').select(['action', 'summary']).orderBy('seq').execute();
      expect(events.length).toBe(auditAtBackup + 1);
      expect(events.at(-1)?.action).toBe('system.restored');
      expect(JSON.parse(events.at(-1)?.summary ?? '{}')).toMatchObject({ auditEventsInBackup: auditAtBackup });
    } finally {
      await back.close();
    }
    const verify = await linkwork(db, ['audit', 'verify'], DEMO);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // Nothing lost: the replaced database, with the later write, is kept.
    const kept = openDatabase({ kind: 'sqlite', file: previous });
    try {
      expect(await families(kept)).toEqual(['After', 'Before']);
    } finally {
      await kept.close();
    }
  }, 120_000);

  it('refuses to restore a file that is not a Linkwork database, changing nothing', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database\n'.repeat(100));
    const res = await linkwork(db, ['restore', text], DEMO);
    expectCodedError(res, 'invalid_input', 2);
    expect(res.stderr).toContain('is not a Linkwork database');
    const empty = join(dir, 'empty.db');
    const e = openDatabase({ kind: 'sqlite', file: empty });
    await sql`create table t (x integer)`.execute(e.db);
    await e.close();
    expectCodedError(await linkwork(db, ['restore', empty], DEMO), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['restore', join(dir, 'missing.db')], DEMO), 'invalid_input', 2);
    const users = await linkwork(db, ['users', 'list'], DEMO);
    expect(users.stdout).toContain('admin@demo.linkwork.test');
  });
});

describe.each(TEST_DIALECTS.filter((d) => d === 'postgres'))('linkwork backup and restore on %s', (dialect) => {
  it('say to use pg_dump and pg_restore', async () => {
    const db = await createCliDatabase(dialect);
    try {
      for (const command of ['backup', 'restore']) {
        const res = await linkwork(db, [command, '/tmp/x.dump']);
        expectCodedError(res, 'invalid_input', 2);
        expect(res.stderr).toContain('pg_dump --format=custom');
        expect(res.stderr).toContain('pg_restore');
      }
    } finally {
      await db.drop();
    }
  });
});
