import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countGeo, findPostcode } from '../../src/db/repositories/geo/postcodes.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, expectNoEcho, linkwork, type CliDatabase } from './cli-support.ts';

// The shared reference data sits beside the repository (../shared), locally and in CI.
const GEO = (name: string) => fileURLToPath(new URL(`../../../shared/data/geo/${name}`, import.meta.url));
const NSPL_HX = GEO('nspl-nov2021-HX.csv');
const IMD = GEO('imd2019-lsoa.csv');

describe.each(TEST_DIALECTS)('linkwork geo imports and demo seed on %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  it('imports NSPL postcodes and IMD deciles, report on stdout and progress on stderr; refuses a missing file', async () => {
    const nspl = await linkwork(db, ['geo', 'import-nspl', NSPL_HX]);
    expect(nspl.code, nspl.stderr).toBe(0);
    expect(nspl.stdout).toMatch(/^Read 7442 rows: imported 7442, skipped 0 in \d+\.\ds\n$/);
    // Progress (with a rate) goes to stderr only, so stdout stays a clean report for scripts.
    expect(nspl.stderr).toMatch(/^postcodes: 7,442 rows \([\d,]+\/s\) done\n$/);

    const imd = await linkwork(db, ['geo', 'import-imd', IMD]);
    expect(imd.code, imd.stderr).toBe(0);
    expect(imd.stdout).toMatch(/^Read 32844 rows: imported 32844, skipped 0 in \d+\.\ds\n$/);
    expect(imd.stderr).toMatch(/^LSOAs: 32,844 rows \([\d,]+\/s\) done\n$/);

    const missing = await linkwork(db, ['geo', 'import-nspl', GEO('no-such-file.csv')]);
    expectCodedError(missing, 'invalid_input', 2);
    expect(missing.stdout).toBe('');

    const database = db.open();
    try {
      expect(await countGeo(database.db)).toEqual({ postcodes: 7442, lsoas: 32844 });
      const hx = await findPostcode(database.db, 'HX1 1AA');
      expect(hx).toMatchObject({ postcode: 'HX1 1AA', lsoa: 'E01010994', terminated: false });
      expect(hx?.latitude).toBeCloseTo(53.724334, 6);
      expect(hx?.imdDecile).toEqual(expect.any(Number));
      expect(await findPostcode(database.db, 'HX1 1AB')).toMatchObject({ terminated: true });
      const actions = await database.db.selectFrom('audit_event').select(['action', 'summary']).orderBy('seq').execute();
      expect(actions.map((a) => a.action)).toEqual(['geo.postcodes_imported', 'geo.imd_imported']);
      expect(JSON.parse(actions[0]?.summary ?? '{}')).toMatchObject({ rows: 7442, imported: 7442 });
    } finally {
      await database.close();
    }
  }, 120_000);

  it('loads the demo data only in demo mode', async () => {
    const refused = await linkwork(db, ['seed-demo'], { env: { LINKWORK_DEMO: '0' } });
    expectCodedError(refused, 'forbidden', 1);
    expect(refused.stderr).toContain('LINKWORK_DEMO=1');

    const seeded = await linkwork(db, ['seed-demo', '--months', '1'], { env: { LINKWORK_DEMO: '1' } });
    expect(seeded).toMatchObject({ code: 0, stdout: 'Demo data loaded\n' });
    const again = await linkwork(db, ['seed-demo', '--months', '1'], { env: { LINKWORK_DEMO: '1' } });
    expect(again).toMatchObject({ code: 0, stdout: 'Demo data already present\n' });

    const database = db.open();
    try {
      const users = await database.db.selectFrom('app_user').select('email').execute();
      expect(users.map((u) => u.email)).toContain('admin@demo.linkwork.test');
      expect((await countGeo(database.db)).postcodes).toBeGreaterThan(0);
    } finally {
      await database.close();
    }

    // The demo accounts' addresses are not printed by the seed, and errors never echo an address.
    expectNoEcho(seeded, 'admin@demo.linkwork.test');
  }, 120_000);
});
