import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listAgeSexRows,
  listListExtracts,
  listLsoaEthnicity,
  listLsoaRows,
  nearestListExtract,
} from '../../src/db/repositories/denominators/list-denominators.ts';
import { DEMO_GEO_FILES } from '../../src/services/demo/seed-demo.ts';
import { DEMO_DENOMINATOR_FILES, DEMO_ETHNICITY_SOURCE, seedDemoDenominators } from '../../src/services/demo/seed-demo-denominators.ts';
import { importImd } from '../../src/services/geo/import-imd.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { openGeoTest, type GeoTest } from '../geo/geo-support.ts';

/** The demo practices and their list sizes (src/services/demo/seed-demo.ts). */
const LIST_SIZES: Record<string, number> = { X99001: 9_850, X99002: 12_400, X99003: 7_300, X99004: 10_950, X99005: 6_200 };
const TOTAL = Object.values(LIST_SIZES).reduce((s, n) => s + n, 0);

describe.each(TEST_DIALECTS)('linkwork denominators import and geo import-ethnicity on the demo files, %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  it('imports both list files and the ethnicity file; --json summary; re-import replaces; errors are one coded line', async () => {
    const age = await linkwork(db, ['denominators', 'import', DEMO_DENOMINATOR_FILES.ageSex, '--json']);
    expect(age.code, age.stderr).toBe(0);
    expect(JSON.parse(age.stdout)).toEqual({
      kind: 'age_sex',
      extractDate: '2026-11-01',
      practices: 5,
      rows: 200,
      patients: TOTAL,
      skipped: 15,
      replaced: false,
      skippedReasons: { total_row: 15 },
      lsoasWithoutImd: null,
    });
    expect(age.stderr).toMatch(/^list rows: 215 rows \([\d,]+\/s\) done\n$/);

    const lsoa = await linkwork(db, ['denominators', 'import', DEMO_DENOMINATOR_FILES.lsoa]);
    expect(lsoa.code, lsoa.stderr).toBe(0);
    // No IMD loaded in this database yet: the summary says so.
    expect(lsoa.stdout).toMatch(
      /^Imported the 2026-11-01 extract by LSOA in \d+\.\ds\n {2}5 practices, \d+ rows, 46,700 patients; skipped 0\n {2}note: \d+ LSOAs have no IMD decile loaded/,
    );

    const again = await linkwork(db, ['denominators', 'import', DEMO_DENOMINATOR_FILES.ageSex, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 200, patients: TOTAL, replaced: true });

    const eth = await linkwork(db, ['geo', 'import-ethnicity', DEMO_DENOMINATOR_FILES.ethnicity]);
    expect(eth.code, eth.stderr).toBe(0);
    expect(eth.stdout).toMatch(/^Read 101 rows: imported 101, skipped 0 in \d+\.\ds\n$/);

    const bad = await linkwork(db, ['denominators', 'import', DEMO_GEO_FILES.imd]);
    expectCodedError(bad, 'invalid_input', 2);
    expect(bad.stderr).toContain('geo-hx-imd.csv is missing required columns: ORG_CODE or PRACTICE_CODE; NUMBER_OF_PATIENTS; EXTRACT_DATE');
    expect(bad.stdout).toBe('');

    const database = db.open();
    try {
      expect((await listListExtracts(database.db)).map((e) => [e.kind, e.extractDate, e.practices, e.patients])).toEqual([
        ['age_sex', '2026-11-01', 5, TOTAL],
        ['lsoa', '2026-11-01', 5, TOTAL],
      ]);
      const actions = await database.db.selectFrom('audit_event').select(['action', 'actor_role']).orderBy('seq').execute();
      expect(actions.map((a) => a.action)).toEqual(['denominators.imported', 'denominators.imported', 'denominators.imported', 'geo.ethnicity_imported']);
      expect(new Set(actions.map((a) => a.actor_role))).toEqual(new Set(['system:cli']));
    } finally {
      await database.close();
    }
  });
});

describe.each(TEST_DIALECTS)('the demo denominators on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  it('seedDemoDenominators loads two extracts of each kind and the fictional ethnicity, once', async () => {
    await importImd(t.deps, systemActor('demo-seed'), DEMO_GEO_FILES.imd);
    await seedDemoDenominators(t.deps);
    const extracts = await listListExtracts(t.deps.db);
    expect(extracts.map((e) => [e.kind, e.extractDate, e.practices])).toEqual([
      ['age_sex', '2026-11-01', 5],
      ['lsoa', '2026-11-01', 5],
      ['age_sex', '2025-11-01', 5],
      ['lsoa', '2025-11-01', 5],
    ]);
    const auditBefore = (await t.counts()).audit;
    await seedDemoDenominators(t.deps);
    expect((await t.counts()).audit).toBe(auditBefore);
    expect(await listListExtracts(t.deps.db)).toEqual(extracts);

    // Each practice's list, by age and sex and by LSOA, adds up to its list size.
    const current = await nearestListExtract(t.deps.db, 'age_sex', '2026-09-30');
    expect(current?.extractDate).toBe('2026-11-01');
    expect((await nearestListExtract(t.deps.db, 'age_sex', '2026-04-30'))?.extractDate).toBe('2025-11-01');
    const ageSex = await listAgeSexRows(t.deps.db, current?.id ?? '', Object.keys(LIST_SIZES));
    const lsoaExtract = await nearestListExtract(t.deps.db, 'lsoa', '2026-09-30');
    const lsoa = await listLsoaRows(t.deps.db, lsoaExtract?.id ?? '', Object.keys(LIST_SIZES));
    for (const [ods, size] of Object.entries(LIST_SIZES)) {
      expect(
        ageSex.filter((r) => r.practiceOds === ods).reduce((s, r) => s + r.patients, 0),
        ods,
      ).toBe(size);
      expect(
        lsoa.filter((r) => r.practiceOds === ods).reduce((s, r) => s + r.patients, 0),
        ods,
      ).toBe(size);
    }
    // A realistic pyramid: about half female, more women than men over 85, children and elderly present.
    const female = ageSex.filter((r) => r.sex === 'F').reduce((s, r) => s + r.patients, 0) / TOTAL;
    expect(female).toBeGreaterThan(0.49);
    expect(female).toBeLessThan(0.53);
    const over85 = (sex: 'M' | 'F') => ageSex.filter((r) => r.sex === sex && ['85-89', '90-94', '95+'].includes(r.ageBand)).reduce((s, r) => s + r.patients, 0);
    expect(over85('F')).toBeGreaterThan(over85('M'));

    // Deprivation differs by practice: Boothtown and Bankfield most deprived, Saville Park least.
    const share12 = (ods: string) => {
      const rows = lsoa.filter((r) => r.practiceOds === ods);
      expect(rows.every((r) => r.imdDecile !== null)).toBe(true);
      return rows.filter((r) => (r.imdDecile ?? 99) <= 2).reduce((s, r) => s + r.patients, 0) / (LIST_SIZES[ods] ?? 1);
    };
    expect(share12('X99004')).toBeGreaterThan(0.6);
    expect(share12('X99001')).toBeGreaterThan(0.6);
    expect(share12('X99002')).toBeLessThan(share12('X99001'));
    expect(share12('X99003')).toBeLessThan(0.1);

    // Ethnicity for every LSOA in the practices' catchments, labelled fictional.
    const lsoas = [...new Set(lsoa.map((r) => r.lsoa))];
    const eth = await listLsoaEthnicity(t.deps.db, lsoas);
    expect(new Set(eth.map((r) => r.lsoa))).toEqual(new Set(lsoas));
    const sources = await t.deps.db.selectFrom('geo_lsoa_ethnicity').select('source').distinct().execute();
    expect(sources.map((s) => s.source)).toEqual([DEMO_ETHNICITY_SOURCE]);
    expect(DEMO_ETHNICITY_SOURCE).toMatch(/^FICTIONAL/);
  });

  it('the committed demo files are in the NHS England and TS021 shapes', () => {
    const rows = (file: string) => parse<Record<string, string>>(readFileSync(file), { columns: true });
    const age = rows(DEMO_DENOMINATOR_FILES.ageSex);
    expect(Object.keys(age[0] ?? {})).toEqual([
      'PUBLICATION',
      'EXTRACT_DATE',
      'TYPE',
      'SUB_ICB_LOCATION_CODE',
      'ONS_SUB_ICB_LOCATION_CODE',
      'ORG_CODE',
      'POSTCODE',
      'SEX',
      'AGE_GROUP_5',
      'NUMBER_OF_PATIENTS',
    ]);
    expect(new Set(age.map((r) => r.EXTRACT_DATE))).toEqual(new Set(['01Nov2026']));
    expect(new Set(rows(DEMO_DENOMINATOR_FILES.ageSexBefore).map((r) => r.EXTRACT_DATE))).toEqual(new Set(['01Nov2025']));
    expect(Object.keys(rows(DEMO_DENOMINATOR_FILES.lsoa)[0] ?? {})).toEqual([
      'PUBLICATION',
      'EXTRACT_DATE',
      'PRACTICE_CODE',
      'PRACTICE_NAME',
      'LSOA_CODE',
      'SEX',
      'NUMBER_OF_PATIENTS',
    ]);
    const eth = rows(DEMO_DENOMINATOR_FILES.ethnicity);
    expect(new Set(eth.map((r) => r.source))).toEqual(new Set([DEMO_ETHNICITY_SOURCE]));
  });
});
