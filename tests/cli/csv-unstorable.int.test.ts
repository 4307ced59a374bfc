import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countGeo } from '../../src/db/repositories/geo/postcodes.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from './cli-support.ts';

/** A CSV import refuses a NUL (which PostgreSQL cannot store) naming the line and column, and imports nothing. */
describe.each(TEST_DIALECTS)('CSV imports with characters no database can store, on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-nul-'));
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the file with line and column named, and stores nothing', async () => {
    const file = join(dir, 'nspl.csv');
    writeFileSync(
      file,
      [
        'pcds,doterm,lsoa11,lat,long,laua',
        'HX1 1AA,,E01010994,53.724334,-1.857458,E08000033',
        'HX1 1AB,,E01010994,53.725515,-1.860394,E080\u000000033',
        '',
      ].join('\n'),
    );
    const res = await linkwork(db, ['geo', 'import-nspl', file]);
    expectCodedError(res, 'invalid_input', 2);
    expect(res.stderr).toContain('Line 3, column "laua"');
    expect(res.stderr).toContain('cannot be stored');
    const database = db.open();
    try {
      expect(await countGeo(database.db)).toEqual({ postcodes: 0, lsoas: 0 });
      expect(await database.db.selectFrom('audit_event').select('action').execute()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
