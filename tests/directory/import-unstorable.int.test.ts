import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { NORTH_LINCS, readFeed } from './import-support.ts';

/**
 * A directory feed is third-party data: a stray NUL (which PostgreSQL cannot store) or a lone
 * surrogate in a listing is cleaned on reading, so one bad character does not fail the import —
 * before, PostgreSQL refused the whole import with an internal error.
 */
describe.each(TEST_DIALECTS)('a directory feed with characters no database can store, on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-feed-nul-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports it with NUL removed and lone surrogates replaced', async () => {
    const records = readFeed(NORTH_LINCS).slice(0, 20);
    const first = records[0] ?? {};
    const id = String(first['id']);
    first['name'] = 'Drop\u0000 in \uD800session';
    first['description'] = 'Every\u0000 Thursday';
    const file = join(dir, 'nul-feed.json');
    // JSON.stringify writes the NUL as \u0000 and the lone surrogate as \ud800, as a feed would.
    writeFileSync(file, JSON.stringify(records));
    const res = await linkwork(db, ['directory', 'import', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const database = db.open();
    try {
      const row = await database.db.selectFrom('service').select(['name', 'description']).where('external_id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Drop in \uFFFDsession', description: 'Every Thursday' });
    } finally {
      await database.close();
    }
  }, 120_000);
});
