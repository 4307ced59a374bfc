import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { listAgeSexRows, listListExtracts, listLsoaRows } from '../../src/db/repositories/denominators/list-denominators.ts';
import { importDenominators } from '../../src/services/denominators/import-denominators.ts';
import { importImd } from '../../src/services/geo/import-imd.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { makeOrg, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { openGeoTest, userActor, type GeoTest } from '../geo/geo-support.ts';
import { AGE_HEADER, ageRow, LSOA_HEADER, lsoaRow } from './denominators-support.ts';

const operator = systemActor();

/** A small age file: two practices, a few bands, with the ALL rows NHS England publishes. */
function smallAgeFile(date = '01Nov2026', scale = 1): string {
  return [
    AGE_HEADER,
    ageRow(date, 'A81001', 'ALL', 'ALL', 100 * scale),
    ageRow(date, 'A81001', 'FEMALE', '0_4', 10 * scale),
    ageRow(date, 'A81001', 'FEMALE', '95+', 2 * scale),
    ageRow(date, 'A81001', 'FEMALE', 'ALL', 12 * scale),
    ageRow(date, 'A81001', 'MALE', '0_4', 11 * scale),
    ageRow(date, 'A81001', 'MALE', '45_49', 77 * scale),
    ageRow(date, 'A81001', 'MALE', 'ALL', 88 * scale),
    ageRow(date, 'B82002', 'FEMALE', '5_9', 30 * scale),
    ageRow(date, 'B82002', 'MALE', '90_94', 4 * scale),
  ].join('\n');
}

describe.each(TEST_DIALECTS)('importDenominators on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  const counts = async () => {
    const n = async (table: 'list_extract' | 'list_age_sex' | 'list_lsoa') =>
      Number(
        (
          await t.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { extracts: await n('list_extract'), ageSex: await n('list_age_sex'), lsoa: await n('list_lsoa'), audit: (await t.counts()).audit };
  };

  it('imports the age × sex file: M/F × band stored, ALL rows skipped, bands normalised, audited', async () => {
    const s = await importDenominators(t.deps, operator, t.write('age.csv', smallAgeFile()));
    expect(s).toEqual({
      extractId: expect.any(String),
      kind: 'age_sex',
      extractDate: '2026-11-01',
      practices: 2,
      rows: 6,
      patients: 10 + 2 + 11 + 77 + 30 + 4,
      skipped: 3,
      skippedReasons: { total_row: 3 },
      replaced: false,
      lsoasWithoutImd: null,
    });
    expect(await listAgeSexRows(t.deps.db, s.extractId, ['B82002', 'A81001'])).toEqual([
      { practiceOds: 'A81001', sex: 'F', ageBand: '0-4', patients: 10 },
      { practiceOds: 'A81001', sex: 'F', ageBand: '95+', patients: 2 },
      { practiceOds: 'A81001', sex: 'M', ageBand: '0-4', patients: 11 },
      { practiceOds: 'A81001', sex: 'M', ageBand: '45-49', patients: 77 },
      { practiceOds: 'B82002', sex: 'F', ageBand: '5-9', patients: 30 },
      { practiceOds: 'B82002', sex: 'M', ageBand: '90-94', patients: 4 },
    ]);
    const audit = await t.auditActions();
    expect(audit.map((a) => [a.action, a.actor_role])).toEqual([['denominators.imported', 'system:cli']]);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({
      kind: 'age_sex',
      extractDate: '2026-11-01',
      practices: 2,
      rows: 6,
      patients: 134,
      skipped: 3,
      replaced: false,
    });
  });

  it('re-importing the same extract replaces its rows (same counts, replaced: true, same id); another date is another extract', async () => {
    const first = await importDenominators(t.deps, operator, t.write('age.csv', smallAgeFile()));
    const before = await counts();
    const again = await importDenominators(t.deps, operator, t.write('age-again.csv', smallAgeFile()));
    expect(again).toEqual({ ...first, replaced: true });
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });

    // A corrected file for the same date replaces the numbers.
    const corrected = await importDenominators(t.deps, operator, t.write('age-fixed.csv', smallAgeFile('2026-11-01', 2)));
    expect(corrected).toMatchObject({ extractId: first.extractId, rows: 6, patients: 268, replaced: true });
    const older = await importDenominators(t.deps, operator, t.write('age-old.csv', smallAgeFile('01/11/2025')));
    expect(older).toMatchObject({ extractDate: '2025-11-01', replaced: false });
    expect(older.extractId).not.toBe(first.extractId);
    expect((await listListExtracts(t.deps.db)).map((e) => [e.kind, e.extractDate, e.rows, e.patients])).toEqual([
      ['age_sex', '2026-11-01', 6, 268],
      ['age_sex', '2025-11-01', 6, 134],
    ]);
  });

  it('imports the LSOA file with its ALL rows, joined to IMD deciles where loaded', async () => {
    await importImd(t.deps, operator, t.write('imd.csv', 'lsoa_code,IMD_decile,IMD_rank\nE01010994,1,100\nE01011000,9,30000\n'));
    const file = t.write(
      'lsoa.csv',
      [
        LSOA_HEADER,
        lsoaRow('01Nov2026', 'A81001', 'E01010994', 'ALL', 40),
        lsoaRow('01Nov2026', 'A81001', 'E01011000', 'ALL', 25),
        lsoaRow('01Nov2026', 'A81001', 'E01099999', 'ALL', 5),
        lsoaRow('01Nov2026', 'A81001', 'NO2011', 'ALL', 3),
        lsoaRow('01Nov2026', 'B82002', 'E01010994', 'ALL', 7),
      ].join('\n'),
    );
    const s = await importDenominators(t.deps, operator, file);
    expect(s).toMatchObject({ kind: 'lsoa', practices: 2, rows: 4, patients: 77, skipped: 1, skippedReasons: { no_lsoa: 1 }, lsoasWithoutImd: 1 });
    expect(await listLsoaRows(t.deps.db, s.extractId, ['A81001'])).toEqual([
      { practiceOds: 'A81001', lsoa: 'E01010994', sex: 'ALL', patients: 40, imdDecile: 1 },
      { practiceOds: 'A81001', lsoa: 'E01011000', sex: 'ALL', patients: 25, imdDecile: 9 },
      { practiceOds: 'A81001', lsoa: 'E01099999', sex: 'ALL', patients: 5, imdDecile: null },
    ]);
  });

  it('keeps the rows by sex when an LSOA file gives both, counting the totals as skipped', async () => {
    const file = t.write(
      'lsoa-sex.csv',
      [
        LSOA_HEADER,
        lsoaRow('2026-11-01', 'A81001', 'E01010994', 'ALL', 40),
        lsoaRow('2026-11-01', 'A81001', 'E01010994', 'Male', 18),
        lsoaRow('2026-11-01', 'A81001', 'E01010994', 'Female', 22),
      ].join('\n'),
    );
    const s = await importDenominators(t.deps, operator, file);
    expect(s).toMatchObject({ rows: 2, patients: 40, skipped: 1, skippedReasons: { total_row: 1 } });
    expect((await listLsoaRows(t.deps.db, s.extractId, ['A81001'])).map((r) => [r.sex, r.patients])).toEqual([
      ['F', 22],
      ['M', 18],
    ]);
  });

  it('tolerates header variants: case, spaces, a BOM, PRACTICE_CODE for ORG_CODE, LSOA edition columns, M/F', async () => {
    const age = t.write(
      'variant-age.csv',
      [
        '\uFEFFpublication, extract date ,type,sub_icb_location_code,practice code,Sex,Age Group 5,Number Of Patients',
        'GP_PRAC_PAT_LIST,2026-11-01,GP,X9D,a81001,F,0_4,9',
        'GP_PRAC_PAT_LIST,2026-11-01,GP,X9D,a81001,M,95+,1',
      ].join('\r\n'),
    );
    expect(await importDenominators(t.deps, operator, age)).toMatchObject({ kind: 'age_sex', practices: 1, rows: 2, patients: 10 });
    const lsoa21 = t.write('variant-lsoa.csv', ['EXTRACT_DATE,PRACTICE_CODE,LSOA_2021_CODE,NUMBER_OF_PATIENTS', '01/11/2026,A81001,E01033000,12'].join('\n'));
    const s = await importDenominators(t.deps, operator, lsoa21);
    expect(s).toMatchObject({ kind: 'lsoa', rows: 1, patients: 12 });
    expect(await listLsoaRows(t.deps.db, s.extractId, ['A81001'])).toEqual([
      { practiceOds: 'A81001', lsoa: 'E01033000', sex: 'ALL', patients: 12, imdDecile: null },
    ]);
    const lsoa11 = t.write(
      'variant-lsoa11.csv',
      ['Extract_Date,Org_Code,LSOA_2011_CODE,Sex,Number_of_Patients', '01NOV2025,A81001,E01010994,ALL,3'].join('\n'),
    );
    expect(await importDenominators(t.deps, operator, lsoa11)).toMatchObject({ kind: 'lsoa', extractDate: '2025-11-01', patients: 3 });
  });

  it('refuses a bad row with a coded error naming file, line and column, and writes nothing', async () => {
    await importDenominators(t.deps, operator, t.write('good.csv', smallAgeFile()));
    const before = await counts();
    const rows = Array.from({ length: 1_500 }, (_, i) => ageRow('01Nov2026', `C${String(10_000 + i)}`, 'MALE', '0_4', i));
    rows.push(ageRow('01Nov2026', 'C99999', 'MALE', '0_4', 'lots'));
    const file = t.write('bad.csv', [AGE_HEADER, ...rows].join('\n'));
    const err = await importDenominators(t.deps, operator, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid_input', details: { reason: 'invalid_row', file, line: 1_502, column: 'NUMBER_OF_PATIENTS' } });
    expect((err as AppError).message).toBe(`${file} line 1502, column NUMBER_OF_PATIENTS: not a whole number of patients (found "lots")`);
    expect(await counts()).toEqual(before);

    const band = t.write('bad-band.csv', [AGE_HEADER, ageRow('01Nov2026', 'A81001', 'MALE', '0_5', 3)].join('\n'));
    await expect(importDenominators(t.deps, operator, band)).rejects.toMatchObject({ details: { reason: 'invalid_row', line: 2, column: 'AGE_GROUP_5' } });
    const sex = t.write('bad-sex.csv', [LSOA_HEADER, lsoaRow('01Nov2026', 'A81001', 'E01010994', 'Unknown', 3)].join('\n'));
    await expect(importDenominators(t.deps, operator, sex)).rejects.toMatchObject({ details: { reason: 'invalid_row', line: 2, column: 'SEX' } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a file whose rows come from two extract dates, and a file repeating a row; nothing written', async () => {
    const mixed = t.write(
      'mixed.csv',
      [
        AGE_HEADER,
        ageRow('01Nov2026', 'A81001', 'MALE', '0_4', 3),
        ageRow('01Nov2026', 'A81001', 'MALE', '5_9', 3),
        ageRow('01Dec2026', 'A81001', 'FEMALE', '0_4', 3),
      ].join('\n'),
    );
    const err = await importDenominators(t.deps, operator, mixed).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'invalid_input',
      details: { reason: 'mixed_extract_dates', line: 4, column: 'EXTRACT_DATE', extractDate: '2026-12-01' },
    });
    expect((err as AppError).message).toContain('mixed.csv line 4');

    const dup = t.write('dup.csv', [AGE_HEADER, ageRow('01Nov2026', 'A81001', 'MALE', '0_4', 3), ageRow('01Nov2026', 'A81001', 'MALE', '0_4', 4)].join('\n'));
    await expect(importDenominators(t.deps, operator, dup)).rejects.toMatchObject({ details: { reason: 'duplicate_row', line: 3, firstLine: 2 } });
    // Repeated across batches: the database's unique key catches it, naming the batch's lines.
    const far = Array.from({ length: 1_200 }, (_, i) => ageRow('01Nov2026', `C${String(10_000 + i)}`, 'MALE', '0_4', 1));
    far.push(ageRow('01Nov2026', 'C10000', 'MALE', '0_4', 1));
    await expect(importDenominators(t.deps, operator, t.write('dup-far.csv', [AGE_HEADER, ...far].join('\n')))).rejects.toMatchObject({
      details: { reason: 'duplicate_row', lines: '1002–1202' },
    });
    expect(await counts()).toEqual({ extracts: 0, ageSex: 0, lsoa: 0, audit: 0 });
  });

  it('refuses files that are not list files, or hold nothing to store', async () => {
    await expect(importDenominators(t.deps, operator, t.write('x.csv', 'lsoa_code,IMD_decile\nE01010994,1\n'))).rejects.toMatchObject({
      details: { reason: 'unknown_format' },
    });
    await expect(importDenominators(t.deps, operator, t.write('h.csv', `${AGE_HEADER}\n`))).rejects.toMatchObject({ details: { reason: 'empty' } });
    await expect(
      importDenominators(t.deps, operator, t.write('totals.csv', [AGE_HEADER, ageRow('01Nov2026', 'A81001', 'ALL', 'ALL', 3)].join('\n'))),
    ).rejects.toMatchObject({ details: { reason: 'empty' } });
    await expect(importDenominators(t.deps, operator, t.write('none.csv', ''))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(importDenominators(t.deps, operator, `${t.dir}/missing.csv`)).rejects.toMatchObject({ details: { reason: 'file_not_found' } });
    await expect(importDenominators(t.deps, operator, t.dir)).rejects.toMatchObject({ details: { reason: 'not_a_file' } });
    expect(await counts()).toEqual({ extracts: 0, ageSex: 0, lsoa: 0, audit: 0 });
  });

  it('skips rows of another organisation type', async () => {
    const file = t.write(
      'types.csv',
      [AGE_HEADER, ageRow('01Nov2026', 'A81001', 'MALE', '0_4', 3), 'GP_PRAC_PAT_LIST,01Nov2026,CCG,02T,E38000025,02T,,MALE,0_4,99'].join('\n'),
    );
    expect(await importDenominators(t.deps, operator, file)).toMatchObject({ rows: 1, patients: 3, skippedReasons: { not_a_practice: 1 } });
  });

  it('refuses a user without geo:import (forbidden, audited)', async () => {
    const icb = await makeOrg(t.deps, 'icb');
    const pcn = await makeOrg(t.deps, 'pcn', icb);
    const lw = userActor(await makeUser(t.deps, 'link_worker', [await makeOrg(t.deps, 'practice', pcn)]));
    await expect(importDenominators(t.deps, lw, t.write('age.csv', smallAgeFile()))).rejects.toMatchObject({ code: 'forbidden' });
    expect((await counts()).extracts).toBe(0);
    expect((await t.auditActions()).at(-1)).toMatchObject({ action: 'access.denied', actor_role: 'link_worker' });
  });
});
