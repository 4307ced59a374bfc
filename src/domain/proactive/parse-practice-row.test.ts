import { describe, expect, it } from 'vitest';
import {
  eventKey,
  findRepeatedEvent,
  parseEventKind,
  parseEventRow,
  parseFlag,
  parseLtcRegisters,
  parsePersonRow,
  parsePracticeDate,
  parsePracticeEthnicity,
  parsePracticeSex,
  resolveEventsHeader,
  resolvePeopleHeader,
  type EventColumn,
  type PeopleColumn,
  type ResolvedHeader,
} from './parse-practice-row.ts';
import { EVENT_COLUMNS, PEOPLE_COLUMNS } from './practice-data.ts';

// Synthetic NHS numbers from the 999 range (valid check digits).
const NHS = '9990000018';
const NHS2 = '9990000026';

function peopleHeader(names: readonly string[] = PEOPLE_COLUMNS): ResolvedHeader<PeopleColumn> {
  const r = resolvePeopleHeader(names);
  if (!r.ok) throw new Error(r.problem);
  return r.header;
}
function eventsHeader(names: readonly string[] = EVENT_COLUMNS): ResolvedHeader<EventColumn> {
  const r = resolveEventsHeader(names);
  if (!r.ok) throw new Error(r.problem);
  return r.header;
}

/** A people row in the documented column order, with some cells replaced. */
function person(over: Partial<Record<PeopleColumn, string>> = {}): string[] {
  const base: Record<PeopleColumn, string> = {
    nhs_number: NHS,
    practice_ods: 'B86001',
    date_of_birth: '1980-03-15',
    sex: 'F',
    ethnicity: 'A',
    postcode: 'hx1 1aa',
    ltc_registers: 'DM;HYP',
    palliative: 'N',
    do_not_contact: 'N',
    extract_date: '2026-11-01',
  };
  return PEOPLE_COLUMNS.map((c) => over[c] ?? base[c]);
}
const today = { today: '2026-11-21' };

function event(over: Partial<Record<EventColumn, string>> = {}): string[] {
  const base: Record<EventColumn, string> = { nhs_number: NHS, date: '2026-01-05', kind: 'appointment', end_date: '', fitness: '', role: 'gp' };
  return EVENT_COLUMNS.map((c) => over[c] ?? base[c]);
}
const extract = { extractDate: '2026-11-01' };

describe('headers', () => {
  it('match in any case, spacing, order, with a BOM, extra columns and aliases', () => {
    const names = [
      '\uFEFFNHS No',
      'ODS Code',
      'Extra',
      'DOB',
      'Gender',
      'Ethnic Category',
      'Post Code',
      'LTCs',
      'Palliative',
      'Do Not Contact',
      'Extract Date',
    ];
    const r = resolvePeopleHeader(names);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header.index).toEqual({
      nhs_number: 0,
      practice_ods: 1,
      date_of_birth: 3,
      sex: 4,
      ethnicity: 5,
      postcode: 6,
      ltc_registers: 7,
      palliative: 8,
      do_not_contact: 9,
      extract_date: 10,
    });
    expect(r.header.names.nhs_number).toBe('\uFEFFNHS No');
    const shuffled = resolveEventsHeader(['Role', 'KIND', ' date ', 'nhs_number']);
    expect(shuffled.ok && shuffled.header.index).toEqual({ nhs_number: 3, date: 2, kind: 1, end_date: undefined, fitness: undefined, role: 0 });
  });

  it('name what is missing, and refuse a column given twice', () => {
    const missing = resolvePeopleHeader(PEOPLE_COLUMNS.filter((c) => c !== 'sex' && c !== 'do_not_contact'));
    expect(missing).toMatchObject({ ok: false, reason: 'missing_column', column: 'sex' });
    expect(!missing.ok && missing.problem).toMatch(/no sex, do_not_contact columns/);
    expect(resolveEventsHeader(['nhs_number', 'date'])).toMatchObject({ ok: false, reason: 'missing_column', column: 'kind' });
    expect(resolveEventsHeader(['nhs_number', 'date', 'kind', 'Kind'])).toMatchObject({ ok: false, reason: 'unknown_format' });
  });
});

describe('cells', () => {
  it('dates: ISO and day first as GP systems export them; never impossible dates or month first', () => {
    expect(
      ['2026-11-01', '2026-11-01T00:00:00', '01/11/2026', '1/11/2026', '01-11-2026', '01.11.2026', '01-Nov-2026', '1 November 2026'].map(parsePracticeDate),
    ).toEqual(Array(8).fill('2026-11-01'));
    expect(parsePracticeDate('29/02/2024')).toBe('2024-02-29');
    for (const bad of ['', '31/02/2026', '29/02/2026', '2026-13-01', '11/31/2026', '2026/11/01', 'yesterday', '01-Foo-2026', '2026-11-01T09:30:00'])
      expect(parsePracticeDate(bad), bad).toBeUndefined();
  });

  it('sex, flags, ethnicity and LTC registers', () => {
    expect(['M', 'male', 'F', 'Female', 'I', 'Indeterminate', 'U', 'Unknown', '', 'not known'].map(parsePracticeSex)).toEqual([
      'male',
      'male',
      'female',
      'female',
      'other',
      'other',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(parsePracticeSex('W')).toBeUndefined();
    expect(['Y', 'yes', 'TRUE', '1', 'N', 'no', '0', ''].map(parseFlag)).toEqual([true, true, true, true, false, false, false, false]);
    expect(parseFlag('maybe')).toBeUndefined();
    expect(['A', 'r', '', 'Z', '99'].map((e) => parsePracticeEthnicity(e)?.value)).toEqual(['A', 'R', null, null, null]);
    expect(parsePracticeEthnicity('I')).toBeUndefined();
    expect(parsePracticeEthnicity('AB')).toBeUndefined();
    expect(parseLtcRegisters(' dm; HYP ,copd|HYP')).toEqual({ ok: true, codes: ['HYP', 'DM', 'COPD'] });
    expect(parseLtcRegisters('')).toEqual({ ok: true, codes: [] });
    expect(parseLtcRegisters('HYP;GOUT')).toEqual({ ok: false, unknown: 'GOUT' });
  });

  it('event kinds: the documented names, a few synonyms and the SNOMED concepts', () => {
    expect(['appointment', 'DNA', 'Fit note', 'Med3', 'sp_referral', '871731000000106', '871711000000103', 'Health check'].map(parseEventKind)).toEqual([
      'appointment',
      'dna',
      'fit_note',
      'fit_note',
      'sp_referral',
      'sp_referral',
      'sp_declined',
      'health_check',
    ]);
    expect(parseEventKind('vaccination')).toBeUndefined();
  });
});

describe('people rows', () => {
  const header = peopleHeader();

  it('reads a good row, normalising as it goes', () => {
    const r = parsePersonRow(person({ nhs_number: '999 000 0018', sex: 'female', date_of_birth: '15/03/1980', palliative: 'yes' }), header, today);
    expect(r).toEqual({
      ok: true,
      row: {
        nhsNumber: NHS,
        practiceOds: 'B86001',
        dateOfBirth: '1980-03-15',
        sex: 'female',
        ethnicity: 'A',
        postcode: 'HX1 1AA',
        ltcRegisters: ['HYP', 'DM'],
        palliative: true,
        doNotContact: false,
        extractDate: '2026-11-01',
      },
    });
    expect(parsePersonRow(person({ postcode: '', ethnicity: 'Z' }), header, today)).toMatchObject({ ok: true, row: { postcode: null, ethnicity: null } });
  });

  it('names the column of each bad cell and never quotes a personal value', () => {
    const cases: [Partial<Record<PeopleColumn, string>>, PeopleColumn][] = [
      [{ nhs_number: '9990000019' }, 'nhs_number'],
      [{ nhs_number: '' }, 'nhs_number'],
      [{ practice_ods: 'B8' }, 'practice_ods'],
      [{ date_of_birth: '31/02/1980' }, 'date_of_birth'],
      [{ date_of_birth: '2026-11-02' }, 'date_of_birth'],
      [{ date_of_birth: '1850-01-01' }, 'date_of_birth'],
      [{ extract_date: '2026-11-22' }, 'extract_date'],
      [{ extract_date: 'soon' }, 'extract_date'],
      [{ sex: 'W' }, 'sex'],
      [{ ethnicity: 'Q' }, 'ethnicity'],
      [{ postcode: 'HX1 1A' }, 'postcode'],
      [{ ltc_registers: 'HYP;XYZ' }, 'ltc_registers'],
      [{ palliative: 'P' }, 'palliative'],
      [{ do_not_contact: '2' }, 'do_not_contact'],
    ];
    for (const [over, column] of cases) {
      const r = parsePersonRow(person(over), header, today);
      expect(r, JSON.stringify(over)).toMatchObject({ ok: false, column });
      if (r.ok) continue;
      for (const value of Object.values(over)) if (value !== '' && /\d/.test(value)) expect(r.problem).not.toContain(value);
    }
    // A code from a fixed list is named, so the practice can see what to fix.
    const unknown = parsePersonRow(person({ ltc_registers: 'HYP;XYZ' }), header, today);
    expect(!unknown.ok && unknown.problem).toContain('"XYZ"');
    // A shifted column puts a postcode or NHS number where a code should be: never echoed.
    const shifted = parsePersonRow(person({ ltc_registers: 'HX1 1AA', sex: NHS2 }), header, today);
    expect(!shifted.ok && shifted.problem).not.toContain(NHS2);
    const shiftedLtc = parsePersonRow(person({ ltc_registers: 'HX1 1AA' }), header, today);
    expect(!shiftedLtc.ok && shiftedLtc.problem).not.toContain('HX1');
  });
});

describe('event rows', () => {
  const header = eventsHeader();

  it('reads appointments, fit notes and referrals; ignores details other kinds do not have', () => {
    expect(parseEventRow(event(), header, extract)).toEqual({
      ok: true,
      row: { nhsNumber: NHS, date: '2026-01-05', kind: 'appointment', endDate: null, fitness: null, role: 'gp' },
    });
    expect(parseEventRow(event({ kind: 'fit_note', end_date: '18/01/2026', fitness: 'May be fit', role: 'gp' }), header, extract)).toMatchObject({
      ok: true,
      row: { kind: 'fit_note', endDate: '2026-01-18', fitness: 'may_be_fit', role: null },
    });
    // A fit note may run past the extract date; the role column is ignored for a referral.
    expect(parseEventRow(event({ kind: 'fit_note', date: '2026-10-30', end_date: '2026-12-01', fitness: 'not_fit' }), header, extract).ok).toBe(true);
    expect(parseEventRow(event({ kind: '871731000000106', role: '' }), header, extract)).toMatchObject({ ok: true, row: { kind: 'sp_referral', role: null } });
  });

  it('names the column of each bad cell', () => {
    const cases: [Partial<Record<EventColumn, string>>, EventColumn][] = [
      [{ nhs_number: '1234567890' }, 'nhs_number'],
      [{ date: '2026-02-30' }, 'date'],
      [{ date: '2026-11-02' }, 'date'],
      [{ date: '' }, 'date'],
      [{ kind: 'vaccination' }, 'kind'],
      [{ kind: 'fit_note', end_date: '', fitness: 'not_fit' }, 'end_date'],
      [{ kind: 'fit_note', end_date: '2026-01-04', fitness: 'not_fit' }, 'end_date'],
      [{ kind: 'fit_note', end_date: '2026-01-20', fitness: '' }, 'fitness'],
      [{ kind: 'fit_note', end_date: '2026-01-20', fitness: 'fit' }, 'fitness'],
      [{ kind: 'appointment', role: '' }, 'role'],
      [{ kind: 'dna', role: 'surgeon' }, 'role'],
    ];
    for (const [over, column] of cases) expect(parseEventRow(event(over), header, extract), JSON.stringify(over)).toMatchObject({ ok: false, column });
    const bad = parseEventRow(event({ kind: 'vaccination' }), header, extract);
    expect(!bad.ok && bad.problem).toContain('"vaccination"');
    const badNhs = parseEventRow(event({ nhs_number: '1234567890' }), header, extract);
    expect(!badNhs.ok && badNhs.problem).not.toContain('1234567890');
  });
});

describe('repeated events', () => {
  const row = (date: string, kind: 'appointment' | 'fit_note' = 'fit_note', endDate: string | null = '2026-01-20') =>
    ({
      date,
      kind,
      endDate: kind === 'fit_note' ? endDate : null,
      fitness: kind === 'fit_note' ? 'not_fit' : null,
      role: kind === 'fit_note' ? null : 'gp',
    }) as const;

  it('packs an event into one exact number: equal only when every detail is', () => {
    const a = eventKey(row('2026-01-05'));
    expect(eventKey(row('2026-01-05'))).toBe(a);
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(eventKey(row('2026-01-06'))).not.toBe(a);
    expect(eventKey(row('2026-01-05', 'fit_note', '2026-01-21'))).not.toBe(a);
    expect(eventKey({ ...row('2026-01-05'), fitness: 'may_be_fit' })).not.toBe(a);
    expect(eventKey(row('2026-01-05', 'appointment'))).not.toBe(a);
    expect(
      Number.isSafeInteger(eventKey({ date: '2200-12-31', endDate: '2200-12-31', kind: 'health_check', fitness: 'may_be_fit', role: 'link_worker' })),
    ).toBe(true);
  });

  it('finds the first repeat in the file for the same person, naming both lines', () => {
    // person, key, line: person 1 repeats lines 5 and 9; person 0 repeats lines 7 and 12; person 2's key equals person 1's (not a repeat).
    const k1 = eventKey(row('2026-01-05'));
    const k2 = eventKey(row('2026-02-05'));
    const person = Int32Array.from([0, 1, 2, 0, 1, 0]);
    const key = Float64Array.from([k1, k1, k1, k2, k1, k2]);
    const line = Int32Array.from([2, 5, 6, 7, 9, 12]);
    expect(findRepeatedEvent(person, key, line, 6, 3)).toEqual({ firstLine: 5, line: 9 });
    expect(findRepeatedEvent(person, key, line, 4, 3)).toBeUndefined();
    expect(findRepeatedEvent(new Int32Array(0), new Float64Array(0), new Int32Array(0), 0, 0)).toBeUndefined();
  });
});
