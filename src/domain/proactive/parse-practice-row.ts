/**
 * The pure reading of a practice's own search (issue 12): people.csv and events.csv as a GP
 * system exports them. Headers are matched on a folded key (any case, spacing, a BOM, columns in
 * any order, extra columns ignored, a few aliases such as `nhs_no` or `ods_code`); every cell is
 * checked here so the import can name the file, line and column of a bad one.
 *
 * These are patient files: a problem never quotes the cell's value, except where the column holds
 * a code from a fixed list (kind, fitness, role, a flag, an LTC code) AND the value looks like one
 * (letters only) — so a shifted column can never echo an NHS number, a date or a postcode.
 */
import { headerKey } from '../denominators.ts';
import { isEthnicCategoryCode } from '../ethnicity.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../nhs-number.ts';
import { normalisePostcode } from '../postcode.ts';
import {
  APPOINTMENT_ROLES,
  EVENT_COLUMNS,
  FIT_NOTE_FITNESS,
  LTC_CODES,
  PEOPLE_COLUMNS,
  PRACTICE_EVENT_KINDS,
  PRACTICE_EVENT_SNOMED,
  type AppointmentRole,
  type FitNoteFitness,
  type LtcCode,
  type PracticeEventKind,
  type PracticeEventRow,
  type PracticePersonRow,
  type PracticeSex,
} from './practice-data.ts';

export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
export type EventColumn = (typeof EVENT_COLUMNS)[number];

/** Folded header names (see headerKey) each column may have, the documented name first. */
const PEOPLE_ALIASES: { readonly [C in PeopleColumn]: readonly string[] } = {
  nhs_number: ['NHS_NUMBER', 'NHS_NO', 'NHSNUMBER', 'NHS_NUM', 'NHS'],
  practice_ods: ['PRACTICE_ODS', 'ODS_CODE', 'PRACTICE_CODE', 'PRACTICE_ODS_CODE', 'ORG_CODE', 'ODS', 'PRACTICE'],
  date_of_birth: ['DATE_OF_BIRTH', 'DOB', 'BIRTH_DATE', 'DATEOFBIRTH'],
  sex: ['SEX', 'GENDER'],
  ethnicity: ['ETHNICITY', 'ETHNIC_CATEGORY', 'ETHNIC_CATEGORY_CODE', 'ETHNICITY_CODE', 'ETHNIC_CODE'],
  postcode: ['POSTCODE', 'POST_CODE', 'PATIENT_POSTCODE'],
  ltc_registers: ['LTC_REGISTERS', 'LTC_REGISTER', 'LTCS', 'LTC', 'REGISTERS', 'LTC_CODES'],
  palliative: ['PALLIATIVE', 'PALLIATIVE_CARE', 'PALLIATIVE_REGISTER', 'ON_PALLIATIVE_REGISTER'],
  do_not_contact: ['DO_NOT_CONTACT', 'DNC', 'NO_CONTACT', 'DONOTCONTACT'],
  extract_date: ['EXTRACT_DATE', 'EXTRACTED', 'EXTRACTED_ON', 'SEARCH_DATE', 'RUN_DATE', 'REPORT_DATE'],
};

const EVENT_ALIASES: { readonly [C in EventColumn]: readonly string[] } = {
  nhs_number: PEOPLE_ALIASES.nhs_number,
  date: ['DATE', 'EVENT_DATE', 'CONSULTATION_DATE', 'ENTRY_DATE', 'ISSUE_DATE'],
  kind: ['KIND', 'EVENT', 'EVENT_KIND', 'EVENT_TYPE', 'TYPE'],
  end_date: ['END_DATE', 'FIT_NOTE_END', 'FIT_NOTE_END_DATE', 'UNTIL', 'VALID_TO'],
  fitness: ['FITNESS', 'FIT_NOTE_FITNESS', 'FIT_NOTE_OUTCOME', 'FIT_FOR_WORK'],
  role: ['ROLE', 'STAFF_ROLE', 'CLINICIAN_ROLE', 'CLINICIAN_TYPE', 'SEEN_BY'],
};

/** Columns a file must have; the rest may be left out (events: end_date, fitness, role). */
const PEOPLE_REQUIRED: readonly PeopleColumn[] = PEOPLE_COLUMNS;
const EVENT_REQUIRED: readonly EventColumn[] = ['nhs_number', 'date', 'kind'];

/** Where each column is in a file: its position and its header as the file spells it. */
export interface ResolvedHeader<C extends string> {
  index: { readonly [K in C]: number | undefined };
  names: { readonly [K in C]: string };
}

export type HeaderResult<C extends string> =
  { ok: true; header: ResolvedHeader<C> } | { ok: false; reason: 'missing_column' | 'unknown_format'; column: string; problem: string };

function resolveHeader<C extends string>(
  names: readonly string[],
  columns: readonly C[],
  aliases: { readonly [K in C]: readonly string[] },
  required: readonly C[],
): HeaderResult<C> {
  const keys = names.map(headerKey);
  const index = {} as { [K in C]: number | undefined };
  const found = {} as { [K in C]: string };
  const claimed = new Map<number, C>();
  for (const column of columns) {
    let at: number | undefined;
    for (const alias of aliases[column]) {
      const hits = keys.flatMap((k, i) => (k === alias ? [i] : []));
      if (hits.length > 1)
        return {
          ok: false,
          reason: 'unknown_format',
          column: names[hits[1] ?? 0] ?? alias,
          problem: `the header has the column ${alias.toLowerCase()} more than once`,
        };
      // An alias already taken by another column (PRACTICE is not a date) is not this one.
      if (hits[0] !== undefined && !claimed.has(hits[0])) {
        at = hits[0];
        break;
      }
    }
    index[column] = at;
    found[column] = at === undefined ? column : (names[at] ?? column);
    if (at !== undefined) claimed.set(at, column);
  }
  const missing = required.filter((c) => index[c] === undefined);
  if (missing.length > 0)
    return {
      ok: false,
      reason: 'missing_column',
      column: missing[0] ?? '',
      problem: `the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (found: ${names.map((n) => n.slice(0, 40)).join(', ')})`,
    };
  return { ok: true, header: { index, names: found } };
}

/** Which columns of people.csv are where, or the first that is missing. */
export function resolvePeopleHeader(names: readonly string[]): HeaderResult<PeopleColumn> {
  return resolveHeader(names, PEOPLE_COLUMNS, PEOPLE_ALIASES, PEOPLE_REQUIRED);
}

/** Which columns of events.csv are where, or the first that is missing. */
export function resolveEventsHeader(names: readonly string[]): HeaderResult<EventColumn> {
  return resolveHeader(names, EVENT_COLUMNS, EVENT_ALIASES, EVENT_REQUIRED);
}

// ---------------------------------------------------------------------------------------------
// Cells

/** A bad cell: which column, and the problem in words (never a personal value). */
export interface CellProblem<C extends string> {
  ok: false;
  column: C;
  problem: string;
}

export type RowResult<T, C extends string> = { ok: true; row: T } | CellProblem<C>;

/** A value safe to quote back: a short run of letters (a code), never digits, so never a date, NHS number or postcode. */
function quoted(value: string): string {
  return /^[A-Za-z][A-Za-z _-]{0,23}$/.test(value) ? ` "${value}"` : '';
}

const DATE_FORMS = 'YYYY-MM-DD or DD/MM/YYYY';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0))) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: 00:00(?::00)?)?$/;
const NAMED_MONTH = /^(\d{1,2})[ -]?([A-Za-z]{3})[A-Za-z]*[ -]?(\d{4})$/;

/**
 * A date as GP systems export it → `YYYY-MM-DD`: ISO `2026-11-01` (a midnight time allowed),
 * day first `01/11/2026` (or `1/11/2026`, `01-11-2026`, `01.11.2026`) and EMIS's `01-Nov-2026`;
 * undefined when it is none of these or not a real date (31/02/2026). Never month first.
 */
export function parsePracticeDate(raw: string): string | undefined {
  const s = raw.trim();
  let m = ISO_DATE.exec(s);
  if (m !== null) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(s);
  if (m !== null) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = NAMED_MONTH.exec(s);
  if (m !== null) {
    const month = MONTHS.indexOf((m[2] ?? '').toUpperCase()) + 1;
    return month === 0 ? undefined : iso(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}

/** The earliest date of birth or event accepted: anything before is a typing slip. */
export const EARLIEST_PRACTICE_DATE = '1890-01-01';

const SEXES: Readonly<Record<string, PracticeSex>> = {
  M: 'male',
  MALE: 'male',
  F: 'female',
  FEMALE: 'female',
  I: 'other',
  INDETERMINATE: 'other',
  O: 'other',
  OTHER: 'other',
  X: 'other',
  U: 'unknown',
  UNKNOWN: 'unknown',
  NOT_KNOWN: 'unknown',
  NOT_SPECIFIED: 'unknown',
  '': 'unknown',
};

/** Sex as GP systems write it (M, F, Male, Female, I/Indeterminate, U/Unknown; blank is unknown) → the stored value. */
export function parsePracticeSex(raw: string): PracticeSex | undefined {
  return SEXES[headerKey(raw)];
}

const YES = new Set(['Y', 'YES', 'TRUE', '1']);
const NO = new Set(['N', 'NO', 'FALSE', '0', '']);

/** A Y/N flag (Y, N, Yes, No, True, False, 1, 0; blank is N — a search leaves it blank when the code is absent). */
export function parseFlag(raw: string): boolean | undefined {
  const s = raw.trim().toUpperCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}

/**
 * The ethnicity cell: a single NHS ethnic category letter (A–H, J–N, P, R, S) → that letter; blank,
 * `Z` (not stated) and `99` (not known) → null; undefined for anything else.
 */
export function parsePracticeEthnicity(raw: string): { value: string | null } | undefined {
  const s = raw.trim().toUpperCase();
  if (s === '' || s === 'Z' || s === '99') return { value: null };
  return isEthnicCategoryCode(s) ? { value: s } : undefined;
}

const LTC_ORDER = new Map<string, number>(LTC_CODES.map((c, i) => [c, i]));

/**
 * The LTC registers cell: codes from LTC_CODES separated by semicolons or commas (spaces and case
 * ignored, repeats dropped) → sorted in LTC_CODES order; or the first code that is not on the list.
 */
export function parseLtcRegisters(raw: string): { ok: true; codes: LtcCode[] } | { ok: false; unknown: string } {
  const codes = new Set<LtcCode>();
  for (const part of raw.split(/[;,|]/)) {
    const code = part.trim().toUpperCase();
    if (code === '') continue;
    if (!LTC_ORDER.has(code)) return { ok: false, unknown: part.trim() };
    codes.add(code as LtcCode);
  }
  return { ok: true, codes: [...codes].sort((a, b) => (LTC_ORDER.get(a) ?? 0) - (LTC_ORDER.get(b) ?? 0)) };
}

/** A practice's ODS code (upper case, 3–10 letters and digits, as organisation.ods_code holds it). */
export function parsePracticeOds(raw: string): string | undefined {
  const s = raw.trim().toUpperCase();
  return /^[A-Z0-9]{3,10}$/.test(s) ? s : undefined;
}

function vocabulary<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>>): (raw: string) => T | undefined {
  const map = new Map<string, T>();
  for (const v of values) map.set(headerKey(v), v);
  for (const [alias, v] of Object.entries(aliases)) map.set(alias, v);
  // The documented spelling (nearly every cell) is found without folding it.
  const exact = new Map<string, T>(values.map((v) => [v, v]));
  return (raw) => exact.get(raw) ?? map.get(headerKey(raw));
}

const SNOMED_KINDS: Record<string, PracticeEventKind> = {};
for (const [kind, code] of Object.entries(PRACTICE_EVENT_SNOMED)) if (code !== undefined) SNOMED_KINDS[code] = kind as PracticeEventKind;

/** An event kind: the documented names in any case or spacing, a few synonyms (Med3, DNA), or the SNOMED concept of a referral or a decline. */
export const parseEventKind = vocabulary<PracticeEventKind>(PRACTICE_EVENT_KINDS, {
  ATTENDED: 'appointment',
  APPOINTMENT_ATTENDED: 'appointment',
  DID_NOT_ATTEND: 'dna',
  FITNOTE: 'fit_note',
  MED3: 'fit_note',
  SICK_NOTE: 'fit_note',
  SP_REFERRAL: 'sp_referral',
  SOCIAL_PRESCRIBING_REFERRAL: 'sp_referral',
  SP_DECLINED: 'sp_declined',
  SOCIAL_PRESCRIBING_DECLINED: 'sp_declined',
  NHS_HEALTH_CHECK: 'health_check',
  HEALTHCHECK: 'health_check',
  ...SNOMED_KINDS,
});

/** Fit-note fitness: not_fit or may_be_fit (any case or spacing; "unfit" for not fit). */
export const parseFitness = vocabulary<FitNoteFitness>(FIT_NOTE_FITNESS, { UNFIT: 'not_fit', NOT_FIT_FOR_WORK: 'not_fit', MAY_BE_FIT_FOR_WORK: 'may_be_fit' });

/** Who an appointment was with: gp, nurse, link_worker or other (a few synonyms). */
export const parseRole = vocabulary<AppointmentRole>(APPOINTMENT_ROLES, {
  DOCTOR: 'gp',
  GENERAL_PRACTITIONER: 'gp',
  PRACTICE_NURSE: 'nurse',
  SOCIAL_PRESCRIBER: 'link_worker',
  SOCIAL_PRESCRIBING_LINK_WORKER: 'link_worker',
  SPLW: 'link_worker',
});

// ---------------------------------------------------------------------------------------------
// Rows (hot: called for millions of events, so no closures or objects beyond the result)

function cellAt(cells: readonly string[], i: number | undefined): string {
  return i === undefined ? '' : (cells[i] ?? '').trim();
}

/** One people.csv record as cells, read through its resolved header. */
export function parsePersonRow(
  cells: readonly string[],
  header: ResolvedHeader<PeopleColumn>,
  ctx: { /** today, YYYY-MM-DD: no extract is from the future */ today: string },
): RowResult<PracticePersonRow, PeopleColumn> {
  const at = header.index;
  const cell = (c: PeopleColumn): string => cellAt(cells, at[c]);
  const bad = (column: PeopleColumn, problem: string): CellProblem<PeopleColumn> => ({ ok: false, column, problem });

  const nhsRaw = cell('nhs_number');
  if (nhsRaw === '') return bad('nhs_number', 'no NHS number');
  if (!isValidNhsNumber(nhsRaw)) return bad('nhs_number', 'not a valid NHS number (10 digits with a correct check digit)');
  const practiceText = cell('practice_ods');
  const practiceOds = parsePracticeOds(practiceText);
  if (practiceOds === undefined) return bad('practice_ods', `not a practice ODS code${quoted(practiceText)}`);

  const extractDate = parsePracticeDate(cell('extract_date'));
  if (extractDate === undefined) return bad('extract_date', `not a date (${DATE_FORMS})`);
  if (extractDate > ctx.today) return bad('extract_date', 'is after today');
  const dateOfBirth = parsePracticeDate(cell('date_of_birth'));
  if (dateOfBirth === undefined) return bad('date_of_birth', cell('date_of_birth') === '' ? 'no date of birth' : `not a date (${DATE_FORMS})`);
  if (dateOfBirth > extractDate) return bad('date_of_birth', 'is after the extract date');
  if (dateOfBirth < EARLIEST_PRACTICE_DATE) return bad('date_of_birth', `is before ${EARLIEST_PRACTICE_DATE.slice(0, 4)}`);

  const sexText = cell('sex');
  const sex = parsePracticeSex(sexText);
  if (sex === undefined) return bad('sex', `not a sex (M, F, I or U; Male, Female, Indeterminate or Unknown)${quoted(sexText)}`);
  const ethnicity = parsePracticeEthnicity(cell('ethnicity'));
  if (ethnicity === undefined) return bad('ethnicity', 'not an NHS ethnic category letter (A to S, Z for not stated, or blank)');
  const postcodeText = cell('postcode');
  const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText);
  if (postcode === null && postcodeText !== '') return bad('postcode', 'not a UK postcode');
  const ltc = parseLtcRegisters(cell('ltc_registers'));
  if (!ltc.ok) return bad('ltc_registers', `has a code that is not on the list${quoted(ltc.unknown)} (see docs/design/practice-data.md)`);
  const palliativeText = cell('palliative');
  const palliative = parseFlag(palliativeText);
  if (palliative === undefined) return bad('palliative', `not Y or N${quoted(palliativeText)}`);
  const dncText = cell('do_not_contact');
  const doNotContact = parseFlag(dncText);
  if (doNotContact === undefined) return bad('do_not_contact', `not Y or N${quoted(dncText)}`);

  return {
    ok: true,
    row: {
      nhsNumber: normaliseNhsNumber(nhsRaw),
      practiceOds,
      dateOfBirth,
      sex,
      ethnicity: ethnicity.value,
      postcode,
      ltcRegisters: ltc.codes,
      palliative,
      doNotContact,
      extractDate,
    },
  };
}

function eventProblem(column: EventColumn, problem: string): CellProblem<EventColumn> {
  return { ok: false, column, problem };
}

/** One events.csv record as cells, read through its resolved header. */
export function parseEventRow(
  cells: readonly string[],
  header: ResolvedHeader<EventColumn>,
  ctx: { /** the people file's extract date: no event is after it */ extractDate: string },
): RowResult<PracticeEventRow, EventColumn> {
  const at = header.index;
  const nhsRaw = cellAt(cells, at.nhs_number);
  if (nhsRaw === '') return eventProblem('nhs_number', 'no NHS number');
  if (!isValidNhsNumber(nhsRaw)) return eventProblem('nhs_number', 'not a valid NHS number (10 digits with a correct check digit)');
  const dateText = cellAt(cells, at.date);
  const date = parsePracticeDate(dateText);
  if (date === undefined) return eventProblem('date', dateText === '' ? 'no date' : `not a date (${DATE_FORMS})`);
  if (date > ctx.extractDate) return eventProblem('date', 'is after the extract date');
  if (date < EARLIEST_PRACTICE_DATE) return eventProblem('date', `is before ${EARLIEST_PRACTICE_DATE.slice(0, 4)}`);
  const kindText = cellAt(cells, at.kind);
  const kind = parseEventKind(kindText);
  if (kind === undefined) return eventProblem('kind', `not an event kind (${PRACTICE_EVENT_KINDS.join(', ')})${quoted(kindText)}`);

  let endDate: string | null = null;
  let fitness: FitNoteFitness | null = null;
  let role: AppointmentRole | null = null;
  if (kind === 'fit_note') {
    const endText = cellAt(cells, at.end_date);
    const end = parsePracticeDate(endText);
    if (end === undefined) return eventProblem('end_date', endText === '' ? 'a fit note needs the last day it covers' : `not a date (${DATE_FORMS})`);
    if (end < date) return eventProblem('end_date', 'is before the fit note was issued');
    endDate = end;
    const fitnessText = cellAt(cells, at.fitness);
    const f = parseFitness(fitnessText);
    if (f === undefined)
      return eventProblem(
        'fitness',
        fitnessText === '' ? 'a fit note needs its fitness (not_fit or may_be_fit)' : `not not_fit or may_be_fit${quoted(fitnessText)}`,
      );
    fitness = f;
  } else if (kind === 'appointment' || kind === 'dna') {
    // The role is who the appointment was with; other kinds ignore the column (a search may fill it for every row).
    const roleText = cellAt(cells, at.role);
    const r = parseRole(roleText);
    if (r === undefined)
      return eventProblem(
        'role',
        roleText === ''
          ? `an ${kind === 'dna' ? 'appointment not attended' : 'appointment'} needs the role it was with (${APPOINTMENT_ROLES.join(', ')})`
          : `not a role (${APPOINTMENT_ROLES.join(', ')})${quoted(roleText)}`,
      );
    role = r;
  }
  return { ok: true, row: { nhsNumber: normaliseNhsNumber(nhsRaw), date, kind, endDate, fitness, role } };
}

// ---------------------------------------------------------------------------------------------
// Spotting a repeated event without keeping 2M strings

/**
 * Kinds a person can really have twice on one day with the same details — two appointments with
 * GPs, morning and afternoon; the file has no times — so a repeated row of these is two events.
 * A repeated fit note, referral, decline or health check is a broken export.
 */
export const REPEATABLE_EVENT_KINDS: ReadonlySet<PracticeEventKind> = new Set<PracticeEventKind>(['appointment', 'dna']);

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1890, 0, 1);
const KIND_INDEX = new Map<string, number>(PRACTICE_EVENT_KINDS.map((k, i) => [k, i]));
const FITNESS_INDEX = new Map<string, number>(FIT_NOTE_FITNESS.map((k, i) => [k, i + 1]));
const ROLE_INDEX = new Map<string, number>(APPOINTMENT_ROLES.map((k, i) => [k, i + 1]));

const dayNumber = (isoDate: string): number => Math.round((Date.parse(`${isoDate}T00:00:00Z`) - EPOCH) / DAY_MS);

/**
 * One event (for one person) as a single exact number: its date, end date, kind, fitness and role
 * packed into 43 bits (dates as days since 1890 in 18 bits each), so two events of a person are the
 * same row exactly when their keys are equal. Lets the import find repeats among millions of rows in
 * a few typed arrays.
 */
export function eventKey(row: Pick<PracticeEventRow, 'date' | 'endDate' | 'kind' | 'fitness' | 'role'>): number {
  const end = row.endDate === null ? 0 : dayNumber(row.endDate) + 1;
  const kind = KIND_INDEX.get(row.kind) ?? 7;
  const fitness = row.fitness === null ? 0 : (FITNESS_INDEX.get(row.fitness) ?? 3);
  const role = row.role === null ? 0 : (ROLE_INDEX.get(row.role) ?? 7);
  // date (18 bits) | end (18) | kind (3) | fitness (2) | role (3) — 44 bits, exact in a double.
  return (((dayNumber(row.date) * 262_144 + end) * 8 + kind) * 4 + fitness) * 8 + role;
}

/**
 * The first event repeated exactly for the same person, as the two lines it is on; or undefined.
 * `person[i]`, `key[i]` (eventKey) and `line[i]` describe event i of `count`; people are numbered
 * 0 … people − 1. Linear: a counting sort by person, then a numeric sort of each person's few keys.
 */
export function findRepeatedEvent(
  person: Int32Array,
  key: Float64Array,
  line: Int32Array,
  count: number,
  people: number,
): { firstLine: number; line: number } | undefined {
  const start = new Int32Array(people + 1);
  for (let i = 0; i < count; i++) start[(person[i] ?? 0) + 1]! += 1;
  for (let p = 0; p < people; p++) start[p + 1]! += start[p]!;
  const next = start.slice(0, people);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[person[i] ?? 0]!++] = i;
  const keys = new Float64Array(count);
  for (let j = 0; j < count; j++) keys[j] = key[order[j] ?? 0] ?? 0;
  let best: { firstLine: number; line: number } | undefined;
  for (let p = 0; p < people; p++) {
    const from = start[p] ?? 0;
    const to = start[p + 1] ?? 0;
    if (to - from < 2) continue;
    const mine = keys.subarray(from, to).sort();
    for (let j = 1; j < mine.length; j++) {
      if (mine[j] !== mine[j - 1]) continue;
      // The two earliest lines with this key for this person.
      const lines: number[] = [];
      for (let k = from; k < to; k++) if (key[order[k] ?? 0] === mine[j]) lines.push(line[order[k] ?? 0] ?? 0);
      lines.sort((a, b) => a - b);
      const found = { firstLine: lines[0] ?? 0, line: lines[1] ?? 0 };
      // Report the repeat that comes first in the file, whoever it belongs to.
      if (best === undefined || found.line < best.line) best = found;
      break;
    }
  }
  return best;
}
