import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS_5,
  ageBandIndex,
  censusGroupOfCode,
  censusGroupOfLabel,
  daysBetween,
  headerKey,
  normaliseAgeBand,
  normaliseSex,
  parseCount,
  parseExtractDate,
  parseListRow,
  resolveEthnicityHeader,
  resolveListHeader,
  sharesPer10000,
} from './denominators.ts';

describe('age bands', () => {
  it('has twenty 5-year bands from 0-4 to 95+', () => {
    expect(AGE_BANDS_5).toHaveLength(20);
    expect(AGE_BANDS_5[0]).toBe('0-4');
    expect(AGE_BANDS_5[18]).toBe('90-94');
    expect(AGE_BANDS_5[19]).toBe('95+');
    expect(ageBandIndex('10-14')).toBe(2);
    expect(ageBandIndex('ALL')).toBe(-1);
  });

  it("normalises NHS England's bands and their variants", () => {
    expect(normaliseAgeBand('0_4')).toBe('0-4');
    expect(normaliseAgeBand('5_9')).toBe('5-9');
    expect(normaliseAgeBand('90_94')).toBe('90-94');
    expect(normaliseAgeBand('95+')).toBe('95+');
    expect(normaliseAgeBand(' 95_+ ')).toBe('95+');
    expect(normaliseAgeBand('95_PLUS')).toBe('95+');
    expect(normaliseAgeBand('95 and over')).toBe('95+');
    expect(normaliseAgeBand('0-4')).toBe('0-4');
    expect(normaliseAgeBand('05_09')).toBe('5-9');
    expect(normaliseAgeBand('45 - 49')).toBe('45-49');
    expect(normaliseAgeBand('ALL')).toBe('ALL');
    expect(normaliseAgeBand('all')).toBe('ALL');
  });

  it('refuses what is not a 5-year band', () => {
    for (const bad of ['', '0_5', '3_7', '95_99', '100+', '90+', 'ten', '0__4', '-1_3', '45'])
      expect(normaliseAgeBand(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('sex', () => {
  it('reads MALE/FEMALE/ALL, M/F and Male/Female', () => {
    expect(['MALE', 'Male', 'm', ' M '].map(normaliseSex)).toEqual(['M', 'M', 'M', 'M']);
    expect(['FEMALE', 'Female', 'f', 'F'].map(normaliseSex)).toEqual(['F', 'F', 'F', 'F']);
    expect(['ALL', 'All', 'Persons'].map(normaliseSex)).toEqual(['ALL', 'ALL', 'ALL']);
    expect(normaliseSex('I')).toBeUndefined();
    expect(normaliseSex('')).toBeUndefined();
  });
});

describe('extract dates', () => {
  it('reads the three published forms and a few neighbours', () => {
    expect(parseExtractDate('01Nov2026')).toBe('2026-11-01');
    expect(parseExtractDate('01NOV2026')).toBe('2026-11-01');
    expect(parseExtractDate('1-Nov-2026')).toBe('2026-11-01');
    expect(parseExtractDate('01 November 2026')).toBe('2026-11-01');
    expect(parseExtractDate('2026-11-01')).toBe('2026-11-01');
    expect(parseExtractDate('2026-11-01T00:00:00Z')).toBe('2026-11-01');
    expect(parseExtractDate('01/11/2026')).toBe('2026-11-01');
    expect(parseExtractDate('1/2/2025')).toBe('2025-02-01');
  });

  it('refuses what is not a real date', () => {
    for (const bad of ['', '31Nov2026', '2026-02-30', '13/13/2026', '01Xyz2026', 'Nov 2026', '2026/11/01', '20261101'])
      expect(parseExtractDate(bad), bad).toBeUndefined();
  });

  it('counts days between dates', () => {
    expect(daysBetween('2025-11-01', '2026-11-01')).toBe(365);
    expect(daysBetween('2026-11-01', '2026-10-01')).toBe(-31);
  });
});

describe('values', () => {
  it('reads counts and folds header names', () => {
    expect(parseCount('1234')).toBe(1234);
    expect(parseCount(' 1,234 ')).toBe(1234);
    expect(parseCount('0')).toBe(0);
    for (const bad of ['', '-1', '1.5', 'x', '1e3']) expect(parseCount(bad), bad).toBeUndefined();
    expect(headerKey('\uFEFFPractice Code ')).toBe('PRACTICE_CODE');
    expect(headerKey('number-of-patients')).toBe('NUMBER_OF_PATIENTS');
    expect(headerKey('Ethnic group (20 categories) Code')).toBe('ETHNIC_GROUP_20_CATEGORIES_CODE');
  });
});

const AGE_HEADER = ['PUBLICATION', 'EXTRACT_DATE', 'TYPE', 'CCG_CODE', 'ONS_CCG_CODE', 'ORG_CODE', 'POSTCODE', 'SEX', 'AGE_GROUP_5', 'NUMBER_OF_PATIENTS'];
const LSOA_HEADER = ['PUBLICATION', 'EXTRACT_DATE', 'PRACTICE_CODE', 'PRACTICE_NAME', 'LSOA_CODE', 'SEX', 'NUMBER_OF_PATIENTS'];

describe('list file headers', () => {
  it('tells the age file from the LSOA file and names their columns', () => {
    expect(resolveListHeader(AGE_HEADER)).toEqual({
      ok: true,
      kind: 'age_sex',
      columns: {
        practice: 'ORG_CODE',
        sex: 'SEX',
        ageBand: 'AGE_GROUP_5',
        lsoa: undefined,
        patients: 'NUMBER_OF_PATIENTS',
        extractDate: 'EXTRACT_DATE',
        type: 'TYPE',
      },
    });
    expect(resolveListHeader(LSOA_HEADER)).toMatchObject({ ok: true, kind: 'lsoa', columns: { practice: 'PRACTICE_CODE', lsoa: 'LSOA_CODE', sex: 'SEX' } });
  });

  it('tolerates case, spaces, a BOM and the other code column names', () => {
    const variant = ['\uFEFFpublication', 'Extract Date', 'Practice Code', 'lsoa_2021_code', 'number of patients'];
    expect(resolveListHeader(variant)).toEqual({
      ok: true,
      kind: 'lsoa',
      columns: {
        practice: 'Practice Code',
        sex: undefined,
        ageBand: undefined,
        lsoa: 'lsoa_2021_code',
        patients: 'number of patients',
        extractDate: 'Extract Date',
        type: undefined,
      },
    });
    expect(resolveListHeader(['extract_date', 'SUB_ICB_LOCATION_CODE', 'org_code', 'sex', 'age_group_5', 'number_of_patients'])).toMatchObject({
      ok: true,
      kind: 'age_sex',
    });
    expect(resolveListHeader(['EXTRACT_DATE', 'PRACTICE_CODE', 'LSOA_2011_CODE', 'NUMBER_OF_PATIENTS'])).toMatchObject({ ok: true, kind: 'lsoa' });
  });

  it('says what is missing or why the file is neither', () => {
    expect(resolveListHeader(['a', 'b'])).toMatchObject({ ok: false, problem: expect.stringContaining('neither') });
    expect(resolveListHeader(['ORG_CODE', 'AGE_GROUP_5', 'NUMBER_OF_PATIENTS'])).toEqual({
      ok: false,
      problem: 'is missing required columns: SEX; EXTRACT_DATE',
    });
    expect(resolveListHeader(['ORG_CODE', 'AGE_GROUP_5', 'LSOA_CODE', 'SEX', 'NUMBER_OF_PATIENTS', 'EXTRACT_DATE'])).toMatchObject({ ok: false });
  });
});

describe('list file rows', () => {
  const age = resolveListHeader(AGE_HEADER);
  const lsoa = resolveListHeader(LSOA_HEADER);
  if (!age.ok || !lsoa.ok) throw new Error('headers');
  const ageRow = (over: Record<string, string>) =>
    parseListRow('age_sex', age.columns, {
      EXTRACT_DATE: '01Nov2026',
      TYPE: 'GP',
      ORG_CODE: 'x99001',
      SEX: 'FEMALE',
      AGE_GROUP_5: '0_4',
      NUMBER_OF_PATIENTS: '123',
      ...over,
    });

  it('reads an age row', () => {
    expect(ageRow({})).toEqual({
      ok: true,
      row: { practiceOds: 'X99001', sex: 'F', ageBand: '0-4', lsoa: undefined, patients: 123, extractDate: '2026-11-01' },
    });
    expect(ageRow({ AGE_GROUP_5: 'ALL', SEX: 'ALL' })).toMatchObject({ ok: true, row: { sex: 'ALL', ageBand: 'ALL' } });
    expect(ageRow({ TYPE: 'CCG' })).toEqual({ ok: 'skip', reason: 'not_a_practice' });
  });

  it('names the column of a bad value', () => {
    expect(ageRow({ NUMBER_OF_PATIENTS: '12a' })).toMatchObject({ ok: false, column: 'NUMBER_OF_PATIENTS' });
    expect(ageRow({ AGE_GROUP_5: '0_5' })).toMatchObject({ ok: false, column: 'AGE_GROUP_5' });
    expect(ageRow({ SEX: 'U' })).toMatchObject({ ok: false, column: 'SEX' });
    expect(ageRow({ EXTRACT_DATE: 'Nov 2026' })).toMatchObject({ ok: false, column: 'EXTRACT_DATE' });
    expect(ageRow({ ORG_CODE: '' })).toMatchObject({ ok: false, column: 'ORG_CODE' });
  });

  it('reads an LSOA row; a placeholder LSOA is no LSOA, a broken code is an error', () => {
    const row = (code: string, sex = 'ALL') =>
      parseListRow('lsoa', lsoa.columns, { EXTRACT_DATE: '2026-11-01', PRACTICE_CODE: 'X99002', LSOA_CODE: code, SEX: sex, NUMBER_OF_PATIENTS: '7' });
    expect(row('E01010994')).toEqual({
      ok: true,
      row: { practiceOds: 'X99002', sex: 'ALL', ageBand: undefined, lsoa: 'E01010994', patients: 7, extractDate: '2026-11-01' },
    });
    expect(row('e01010994', 'Male')).toMatchObject({ ok: true, row: { lsoa: 'E01010994', sex: 'M' } });
    expect(row('NO2011')).toMatchObject({ ok: true, row: { lsoa: null } });
    expect(row('')).toMatchObject({ ok: true, row: { lsoa: null } });
    expect(row('E0101099')).toMatchObject({ ok: false, column: 'LSOA_CODE' });
  });
});

describe('Census 2021 ethnic group', () => {
  it('maps labels and codes to the five groups', () => {
    expect(censusGroupOfLabel('Ethnic group: Asian, Asian British or Asian Welsh')).toBe('asian');
    expect(censusGroupOfLabel('Asian, Asian British or Asian Welsh: Pakistani')).toBe('asian');
    expect(censusGroupOfLabel('Black, Black British, Black Welsh, Caribbean or African: African')).toBe('black');
    expect(censusGroupOfLabel('Mixed or Multiple ethnic groups: White and Asian')).toBe('mixed');
    expect(censusGroupOfLabel('White: Roma')).toBe('white');
    expect(censusGroupOfLabel('Other ethnic group: Arab')).toBe('other');
    expect(censusGroupOfLabel('Does not apply')).toBe('none');
    expect(censusGroupOfLabel('Ethnic group: Total: All usual residents')).toBe('total');
    expect(censusGroupOfLabel('Martian')).toBeUndefined();
    expect([1, 5, 6, 8, 9, 12, 13, 17, 18, 19].map((c) => censusGroupOfCode(String(c), 20))).toEqual([
      'asian',
      'asian',
      'black',
      'black',
      'mixed',
      'mixed',
      'white',
      'white',
      'other',
      'other',
    ]);
    expect(censusGroupOfCode('-8', 20)).toBe('none');
    expect(censusGroupOfCode('20', 20)).toBeUndefined();
    expect(censusGroupOfCode('4', 6)).toBe('white');
  });

  it('reads the wide bulk header, ignoring sub-categories, and the long header', () => {
    const wide = [
      'date',
      'geography',
      'geography code',
      'Ethnic group: Total: All usual residents',
      'Ethnic group: Asian, Asian British or Asian Welsh',
      'Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi',
      'Ethnic group: Black, Black British, Black Welsh, Caribbean or African',
      'Ethnic group: Mixed or Multiple ethnic groups',
      'Ethnic group: White',
      'Ethnic group: White: English, Welsh, Scottish, Northern Irish or British',
      'Ethnic group: Other ethnic group',
    ];
    expect(resolveEthnicityHeader(wide)).toEqual({
      ok: true,
      layout: 'wide',
      lsoa: 'geography code',
      source: undefined,
      groups: {
        asian: 'Ethnic group: Asian, Asian British or Asian Welsh',
        black: 'Ethnic group: Black, Black British, Black Welsh, Caribbean or African',
        mixed: 'Ethnic group: Mixed or Multiple ethnic groups',
        white: 'Ethnic group: White',
        other: 'Ethnic group: Other ethnic group',
      },
    });
    const bare = ['GEOGRAPHY_CODE', 'Source', 'Asian', 'Black', 'Mixed', 'White', 'Other'];
    expect(resolveEthnicityHeader(bare)).toMatchObject({ ok: true, layout: 'wide', source: 'Source', groups: { other: 'Other' } });
    const long = [
      'Lower layer Super Output Areas Code',
      'Lower layer Super Output Areas',
      'Ethnic group (20 categories) Code',
      'Ethnic group (20 categories)',
      'Observation',
    ];
    expect(resolveEthnicityHeader(long)).toEqual({
      ok: true,
      layout: 'long',
      lsoa: 'Lower layer Super Output Areas Code',
      label: 'Ethnic group (20 categories)',
      code: 'Ethnic group (20 categories) Code',
      categories: 20,
      observation: 'Observation',
      source: undefined,
    });
    expect(resolveEthnicityHeader(['geography code', 'Asian', 'White'])).toMatchObject({ ok: false, problem: expect.stringContaining('black, mixed, other') });
    expect(resolveEthnicityHeader(['x'])).toMatchObject({ ok: false });
  });

  it('turns counts into shares per 10,000 that add up to 10,000', () => {
    expect(sharesPer10000({ asian: 1, black: 1, mixed: 1, white: 0, other: 0 })).toEqual({ asian: 3334, black: 3333, mixed: 3333, white: 0, other: 0 });
    expect(sharesPer10000({ asian: 120, black: 15, mixed: 30, white: 1500, other: 10 })).toEqual({ asian: 716, black: 90, mixed: 179, white: 8955, other: 60 });
    expect(sharesPer10000({ asian: 0, black: 0, mixed: 0, white: 0, other: 0 })).toBeUndefined();
  });
});
