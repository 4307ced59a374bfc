import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { findPostcode } from '../../src/db/repositories/geo/postcodes.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importImd } from '../../src/services/geo/import-imd.ts';
import { importNspl } from '../../src/services/geo/import-nspl.ts';
import { lookupPostcode } from '../../src/services/geo/lookup-postcode.ts';
import { makeOrg, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { NSPL_HEADER, nsplRow, openGeoTest, userActor, type GeoTest } from './geo-support.ts';

const operator = systemActor();
const IMD_HEADER = 'lsoa_code,IMD_decile,IMD_rank';

describe.each(TEST_DIALECTS)('importImd with small files on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  const deciles = async () =>
    (await t.deps.db.selectFrom('geo_lsoa').selectAll().orderBy('lsoa').execute()).map((r) => ({
      lsoa: r.lsoa,
      decile: Number(r.imd_decile),
      rank: r.imd_rank === null ? null : Number(r.imd_rank),
    }));

  it('joins postcode → LSOA → decile, and follows a re-import of the deciles', async () => {
    await importNspl(t.deps, operator, t.write('pc.csv', `${NSPL_HEADER}\n${nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85)}\n`));
    expect((await lookupPostcode(t.deps, operator, 'HX1 1AA')).imdDecile).toBeNull();
    await importImd(t.deps, operator, t.write('imd1.csv', `${IMD_HEADER}\nE01010994,2,4567\n`));
    expect((await lookupPostcode(t.deps, operator, 'HX1 1AA')).imdDecile).toBe(2);
    await importImd(t.deps, operator, t.write('imd2.csv', `${IMD_HEADER}\nE01010994,3,7000\n`));
    expect((await lookupPostcode(t.deps, operator, 'HX1 1AA')).imdDecile).toBe(3);
    expect(await deciles()).toEqual([{ lsoa: 'E01010994', decile: 3, rank: 7000 }]);
    expect((await t.auditActions()).map((a) => a.action)).toEqual(['geo.postcodes_imported', 'geo.imd_imported', 'geo.imd_imported']);
  });

  it('follows a postcode moved to another LSOA by a re-import', async () => {
    await importImd(t.deps, operator, t.write('imd.csv', `${IMD_HEADER}\nE01010994,2,4567\nE01011000,9,30000\n`));
    await importNspl(t.deps, operator, t.write('v1.csv', `${NSPL_HEADER}\n${nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85)}\n`));
    expect((await findPostcode(t.deps.db, 'HX1 1AA'))?.imdDecile).toBe(2);
    await importNspl(t.deps, operator, t.write('v2.csv', `${NSPL_HEADER}\n${nsplRow('HX1 1AA', 'E01011000', 53.72, -1.85)}\n`));
    expect((await findPostcode(t.deps.db, 'HX1 1AA'))?.imdDecile).toBe(9);
  });

  it('skips bad LSOA codes and deciles, counting each reason', async () => {
    const file = t.write(
      'mixed.csv',
      [
        IMD_HEADER,
        'E01000001,9,29199',
        'W01000001,1,5',
        'S01000001,5,10',
        'E0100000,5,10',
        ',5,10',
        'E01000002,0,1',
        'E01000003,11,1',
        'E01000004,five,1',
        'E01000005,5.5,1',
        'E01000006,,1',
        'E01000007,4,',
      ].join('\n'),
    );
    const report = await importImd(t.deps, operator, file);
    expect(report).toEqual({ rows: 11, imported: 3, skipped: 8, skippedReasons: { invalid_lsoa: 3, invalid_decile: 5 } });
    expect(await deciles()).toEqual([
      { lsoa: 'E01000001', decile: 9, rank: 29199 },
      { lsoa: 'E01000007', decile: 4, rank: null },
      { lsoa: 'W01000001', decile: 1, rank: 5 },
    ]);
  });

  it('stores an LSOA repeated in one file once, the later row winning', async () => {
    const report = await importImd(t.deps, operator, t.write('dup.csv', `${IMD_HEADER}\nE01000001,9,29199\nE01000001,8,26000\n`));
    expect(report).toEqual({ rows: 2, imported: 1, skipped: 1, skippedReasons: { duplicate_lsoa: 1 } });
    expect(await deciles()).toEqual([{ lsoa: 'E01000001', decile: 8, rank: 26000 }]);
  });

  it('reads the official File 7 headings', async () => {
    const header =
      '"LSOA code (2011)","LSOA name (2011)","Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)","Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"';
    const report = await importImd(t.deps, operator, t.write('file7.csv', `${header}\nE01010994,"Calderdale 009A",4567,2\n`));
    expect(report.imported).toBe(1);
    expect(await deciles()).toEqual([{ lsoa: 'E01010994', decile: 2, rank: 4567 }]);
  });

  it('refuses a file without a decile column, naming it, and writes nothing', async () => {
    await importImd(t.deps, operator, t.write('first.csv', `${IMD_HEADER}\nE01000001,9,29199\n`));
    const before = await t.counts();
    const err = await importImd(t.deps, operator, t.write('nodecile.csv', 'lsoa_code,IMD_rank\nE01000002,30379\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect((err as AppError).message).toContain('IMD_decile');
    expect(await t.counts()).toEqual(before);
  });

  it('rolls back a file broken after several batches', async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => `E0${String(1_000_001 + i).padStart(8, '0')},${(i % 10) + 1},${i + 1}`);
    rows.push('"E01999999,5,5', 'E01999998,5,5');
    const err = await importImd(t.deps, operator, t.write('broken.csv', [IMD_HEADER, ...rows].join('\n'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect(await t.counts()).toEqual({ postcodes: 0, lsoas: 0, audit: 0 });
  });

  it('refuses a referrer (forbidden, audited) and a missing file (invalid_input)', async () => {
    const icb = await makeOrg(t.deps, 'icb');
    const pcn = await makeOrg(t.deps, 'pcn', icb);
    const referrer = userActor(await makeUser(t.deps, 'referrer', [await makeOrg(t.deps, 'practice', pcn)]));
    await expect(importImd(t.deps, referrer, t.write('ok.csv', `${IMD_HEADER}\nE01000001,9,29199\n`))).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.counts()).lsoas).toBe(0);
    expect((await t.auditActions()).at(-1)).toMatchObject({ action: 'access.denied', actor_role: 'referrer' });
    await expect(importImd(t.deps, operator, `${t.dir}/nope.csv`)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
