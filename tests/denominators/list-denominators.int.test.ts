import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listAgeSexRows,
  listListExtracts,
  listLsoaEthnicity,
  listLsoaRows,
  nearestListExtract,
} from '../../src/db/repositories/denominators/list-denominators.ts';
import { importDenominators } from '../../src/services/denominators/import-denominators.ts';
import { importEthnicity } from '../../src/services/geo/import-ethnicity.ts';
import { importImd } from '../../src/services/geo/import-imd.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { openGeoTest, type GeoTest } from '../geo/geo-support.ts';
import { AGE_HEADER, ageRow, LSOA_HEADER, lsoaRow } from './denominators-support.ts';

const operator = systemActor();

describe.each(TEST_DIALECTS)('list denominator reads on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  const importAge = (date: string) =>
    importDenominators(t.deps, operator, t.write(`age-${date}.csv`, [AGE_HEADER, ageRow(date, 'A81001', 'MALE', '0_4', 1)].join('\n')));

  it('nearestListExtract picks the extract nearest the date, the earlier on a tie, and keeps kinds apart', async () => {
    expect(await nearestListExtract(t.deps.db, 'age_sex', '2026-06-01')).toBeUndefined();
    const nov25 = await importAge('2025-11-01');
    const may26 = await importAge('2026-05-01');
    const nov26 = await importAge('2026-11-01');
    const lsoa = await importDenominators(t.deps, operator, t.write('l.csv', [LSOA_HEADER, lsoaRow('2026-12-01', 'A81001', 'E01010994', 'ALL', 1)].join('\n')));
    const nearest = async (date: string) => (await nearestListExtract(t.deps.db, 'age_sex', date))?.extractDate;
    expect(await nearest('2020-01-01')).toBe('2025-11-01');
    expect(await nearest('2025-11-01')).toBe('2025-11-01');
    expect(await nearest('2026-01-30')).toBe('2025-11-01'); // 90 days after November, 91 before May
    expect(await nearest('2026-01-31')).toBe('2026-05-01'); // 91 after, 90 before
    // 2026-05-01 → 2026-11-01 is 184 days: 2026-08-01 is 92 from each, a tie, so the earlier.
    expect(await nearest('2026-08-01')).toBe('2026-05-01');
    expect(await nearest('2026-08-02')).toBe('2026-11-01');
    expect(await nearest('2030-01-01')).toBe('2026-11-01');
    expect(await nearestListExtract(t.deps.db, 'age_sex', '2026-11-01')).toEqual({ id: nov26.extractId, extractDate: '2026-11-01' });
    expect(await nearestListExtract(t.deps.db, 'lsoa', '2025-01-01')).toEqual({ id: lsoa.extractId, extractDate: '2026-12-01' });
    expect([nov25.extractId, may26.extractId]).not.toContain(nov26.extractId);
  });

  it('listAgeSexRows and listLsoaRows return exact sums for the asked practices, over chunked IN lists', async () => {
    // 1,200 practices: more than one IN chunk; patients sum to a known total.
    const practices = Array.from({ length: 1_200 }, (_, i) => `P${String(10_000 + i)}`);
    const ageRows = practices.flatMap((p, i) => [ageRow('01Nov2026', p, 'FEMALE', '0_4', i), ageRow('01Nov2026', p, 'MALE', '95+', 1_000_000)]);
    const age = await importDenominators(t.deps, operator, t.write('big-age.csv', [AGE_HEADER, ...ageRows].join('\n')));
    expect(age.patients).toBe((1_199 * 1_200) / 2 + 1_200 * 1_000_000);
    const rows = await listAgeSexRows(t.deps.db, age.extractId, [...practices, 'NOPE', practices[0] ?? '']);
    expect(rows).toHaveLength(2_400);
    expect(rows.reduce((s, r) => s + r.patients, 0)).toBe(age.patients);
    expect(rows.every((r) => typeof r.patients === 'number')).toBe(true);
    expect(rows.slice(0, 2)).toEqual([
      { practiceOds: 'P10000', sex: 'F', ageBand: '0-4', patients: 0 },
      { practiceOds: 'P10000', sex: 'M', ageBand: '95+', patients: 1_000_000 },
    ]);
    expect(await listAgeSexRows(t.deps.db, age.extractId, [])).toEqual([]);
    expect(await listAgeSexRows(t.deps.db, 'no-such-extract', practices)).toEqual([]);

    await importImd(t.deps, operator, t.write('imd.csv', 'lsoa_code,IMD_decile,IMD_rank\nE01010994,2,4567\n'));
    const lsoaRows = practices.flatMap((p, i) => [lsoaRow('01Nov2026', p, 'E01010994', 'ALL', i + 1), lsoaRow('01Nov2026', p, 'E01011000', 'ALL', 2)]);
    const lsoa = await importDenominators(t.deps, operator, t.write('big-lsoa.csv', [LSOA_HEADER, ...lsoaRows].join('\n')));
    const got = await listLsoaRows(t.deps.db, lsoa.extractId, practices.slice(600));
    expect(got).toHaveLength(1_200);
    expect(got.filter((r) => r.lsoa === 'E01010994').reduce((s, r) => s + r.patients, 0)).toBe(((601 + 1_200) * 600) / 2);
    expect(got.find((r) => r.lsoa === 'E01010994')).toEqual({ practiceOds: 'P10600', lsoa: 'E01010994', sex: 'ALL', patients: 601, imdDecile: 2 });
    expect(got.find((r) => r.lsoa === 'E01011000')?.imdDecile).toBeNull();

    expect((await listListExtracts(t.deps.db)).map((e) => ({ kind: e.kind, practices: e.practices, rows: e.rows, patients: e.patients }))).toEqual([
      { kind: 'age_sex', practices: 1_200, rows: 2_400, patients: age.patients },
      { kind: 'lsoa', practices: 1_200, rows: 2_400, patients: (1_200 * 1_201) / 2 + 2_400 },
    ]);
    const [first] = await listListExtracts(t.deps.db);
    expect(first).toEqual({
      id: age.extractId,
      kind: 'age_sex',
      extractDate: '2026-11-01',
      practices: 1_200,
      rows: 2_400,
      patients: age.patients,
      importedAt: '2026-11-21T09:00:00.000Z',
    });
  });

  it('listLsoaEthnicity returns shares per 10,000 for the asked LSOAs only', async () => {
    const header = 'geography code,Asian,Black,Mixed,White,Other';
    const lsoas = Array.from({ length: 700 }, (_, i) => `E0${String(1_100_000 + i).padStart(7, '0')}`);
    const file = t.write('eth.csv', [header, ...lsoas.map((l) => `${l},1,1,1,0,0`)].join('\n'));
    expect(await importEthnicity(t.deps, operator, file)).toMatchObject({ imported: 700 });
    const got = await listLsoaEthnicity(t.deps.db, [...lsoas.slice(100), 'E01999999']);
    expect(got).toHaveLength(600 * 5);
    expect(got.slice(0, 5)).toEqual([
      { lsoa: lsoas[100], group: 'asian', per10000: 3334 },
      { lsoa: lsoas[100], group: 'black', per10000: 3333 },
      { lsoa: lsoas[100], group: 'mixed', per10000: 3333 },
      { lsoa: lsoas[100], group: 'other', per10000: 0 },
      { lsoa: lsoas[100], group: 'white', per10000: 0 },
    ]);
    expect(got.reduce((s, r) => s + r.per10000, 0)).toBe(600 * 10_000);
    expect(await listLsoaEthnicity(t.deps.db, [])).toEqual([]);
  });
});
