import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ETHNICITY_SOURCE } from '../../src/domain/denominators.ts';
import { importEthnicity } from '../../src/services/geo/import-ethnicity.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { openGeoTest, type GeoTest } from '../geo/geo-support.ts';

const operator = systemActor();

/** The bulk download's header (census2021-ts021-lsoa.csv), a few sub-category columns kept. */
const WIDE_HEADER = [
  'date',
  'geography',
  'geography code',
  'Ethnic group: Total: All usual residents',
  'Ethnic group: Asian, Asian British or Asian Welsh',
  'Ethnic group: Asian, Asian British or Asian Welsh: Pakistani',
  'Ethnic group: Black, Black British, Black Welsh, Caribbean or African',
  'Ethnic group: Mixed or Multiple ethnic groups',
  'Ethnic group: White',
  'Ethnic group: White: Irish',
  'Ethnic group: Other ethnic group',
]
  .map((h) => (h.includes(',') ? `"${h}"` : h))
  .join(',');

const LONG_HEADER =
  'Lower layer Super Output Areas Code,Lower layer Super Output Areas,Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation';

describe.each(TEST_DIALECTS)('importEthnicity on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  const stored = async () =>
    (await t.deps.db.selectFrom('geo_lsoa_ethnicity').selectAll().orderBy('lsoa').orderBy('ethnic_group').execute()).map(
      (r) => `${r.lsoa} ${r.ethnic_group} ${Number(r.per_10000)} ${r.source}`,
    );

  it('reads the wide bulk layout into shares per 10,000 with the default source, idempotently', async () => {
    const file = t.write(
      'ts021.csv',
      [
        WIDE_HEADER,
        '2021,Calderdale 001A,E01010994,1000,300,250,20,30,600,40,50',
        '2021,Calderdale 001B,E01010995,0,0,0,0,0,0,0,0',
        '2021,Scotland,S01000001,5,1,1,1,1,1,0,1',
      ].join('\n'),
    );
    const report = await importEthnicity(t.deps, operator, file);
    expect(report).toEqual({ rows: 3, imported: 1, skipped: 2, skippedReasons: { invalid_lsoa: 1, no_residents: 1 } });
    const src = DEFAULT_ETHNICITY_SOURCE;
    const expected = [
      `E01010994 asian 3000 ${src}`,
      `E01010994 black 200 ${src}`,
      `E01010994 mixed 300 ${src}`,
      `E01010994 other 500 ${src}`,
      `E01010994 white 6000 ${src}`,
    ];
    expect(await stored()).toEqual(expected);
    expect(await importEthnicity(t.deps, operator, file)).toEqual(report);
    expect(await stored()).toEqual(expected);
    expect((await t.auditActions()).map((a) => a.action)).toEqual(['geo.ethnicity_imported', 'geo.ethnicity_imported']);
  });

  it('reads the long 20-category layout, summing categories to the five groups, with a given source', async () => {
    const rows = [
      [1, 'Asian, Asian British or Asian Welsh: Bangladeshi', 10],
      [4, 'Asian, Asian British or Asian Welsh: Pakistani', 90],
      [6, 'Black, Black British, Black Welsh, Caribbean or African: African', 5],
      [11, 'Mixed or Multiple ethnic groups: White and Black Caribbean', 15],
      [13, 'White: English, Welsh, Scottish, Northern Irish or British', 250],
      [17, 'White: Other White', 100],
      [19, 'Other ethnic group: Any other ethnic group', 30],
      [-8, 'Does not apply', 0],
    ];
    const file = t.write('long.csv', [LONG_HEADER, ...rows.map(([code, label, n]) => `E01010994,Calderdale 001A,${code},"${label}",${n}`)].join('\n'));
    expect(await importEthnicity(t.deps, operator, file, { source: 'ONS custom dataset, 2023-03' })).toMatchObject({ rows: 8, imported: 1, skipped: 0 });
    expect(await stored()).toEqual([
      'E01010994 asian 2000 ONS custom dataset, 2023-03',
      'E01010994 black 100 ONS custom dataset, 2023-03',
      'E01010994 mixed 300 ONS custom dataset, 2023-03',
      'E01010994 other 600 ONS custom dataset, 2023-03',
      'E01010994 white 7000 ONS custom dataset, 2023-03',
    ]);
    // Codes alone are enough.
    const codes = t.write(
      'codes.csv',
      ['LSOA21CD,Ethnic group (20 categories) Code,Observation', 'E01010995,3,1', 'E01010995,9,1', 'E01010995,14,2'].join('\n'),
    );
    await importEthnicity(t.deps, operator, codes);
    expect((await stored()).filter((r) => r.startsWith('E01010995')).map((r) => r.split(' ').slice(0, 3).join(' '))).toEqual([
      'E01010995 asian 2500',
      'E01010995 black 0',
      'E01010995 mixed 2500',
      'E01010995 other 0',
      'E01010995 white 5000',
    ]);
  });

  it("keeps the file's stated source over a given one", async () => {
    const file = t.write('src.csv', ['geography code,source,Asian,Black,Mixed,White,Other', 'E01010994,FICTIONAL test figures,1,0,0,1,0'].join('\n'));
    await importEthnicity(t.deps, operator, file, { source: 'ONS' });
    expect(await stored()).toContain('E01010994 white 5000 FICTIONAL test figures');
  });

  it('refuses a bad count naming line and column, and an unknown layout; nothing written', async () => {
    await importEthnicity(t.deps, operator, t.write('ok.csv', 'geography code,Asian,Black,Mixed,White,Other\nE01010994,1,1,1,1,1\n'));
    const before = await stored();
    const bad = t.write('bad.csv', 'geography code,Asian,Black,Mixed,White,Other\nE01010995,1,1,1,1,1\nE01010996,1,x,1,1,1\n');
    await expect(importEthnicity(t.deps, operator, bad)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { reason: 'invalid_row', line: 3, column: 'Black' },
      message: `${bad} line 3, column Black: not a whole number of residents`,
    });
    const badCategory = t.write('badcat.csv', `${LONG_HEADER}\nE01010995,x,99,Martian,3\n`);
    await expect(importEthnicity(t.deps, operator, badCategory)).rejects.toMatchObject({
      details: { reason: 'invalid_row', line: 2, column: 'Ethnic group (20 categories)' },
    });
    await expect(importEthnicity(t.deps, operator, t.write('x.csv', 'geography code,Asian,White\nE01010995,1,1\n'))).rejects.toMatchObject({
      details: { reason: 'unknown_format' },
    });
    expect(await stored()).toEqual(before);
  });
});
