/**
 * The practice list as the denominator of reach and equity (INSIGHT.md "Reach and equity"): the
 * pure reading of NHS England's "Patients Registered at a GP Practice" files (practice × sex ×
 * 5-year age band; practice × LSOA) and of ONS Census 2021 TS021 ethnic group counts by LSOA.
 * Header names vary between publications (case, spaces, a BOM, ORG_CODE or PRACTICE_CODE, which
 * LSOA edition), so columns are matched on a folded key, and every value is checked here so the
 * import can name the line and column of a bad one.
 */
import type { EthnicGroup } from './ethnicity.ts';

/** NHS England's 5-year age bands, as stored (its `0_4` … `95+` normalised). */
export const AGE_BANDS_5 = [
  '0-4',
  '5-9',
  '10-14',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '65-69',
  '70-74',
  '75-79',
  '80-84',
  '85-89',
  '90-94',
  '95+',
] as const;
export type AgeBand5 = (typeof AGE_BANDS_5)[number];

export const LIST_EXTRACT_KINDS = ['age_sex', 'lsoa'] as const;
/** Which NHS England file an extract came from: by sex × 5-year age band, or by LSOA. */
export type ListExtractKind = (typeof LIST_EXTRACT_KINDS)[number];

/** Sex as the list files give it: M, F, or ALL (a total row). */
export type ListSex = 'M' | 'F' | 'ALL';

/** The band's position in AGE_BANDS_5 (for ordering; -1 when it is not a band). */
export function ageBandIndex(band: string): number {
  return (AGE_BANDS_5 as readonly string[]).indexOf(band);
}

/**
 * A 5-year age band as published (`0_4`, `5_9`, `90_94`, `95+`, also `0-4`, `05_09`, `95_PLUS`,
 * `95 and over`) → `0-4` … `90-94`, `95+`; `ALL` for the total row; undefined for anything else.
 */
export function normaliseAgeBand(raw: string): AgeBand5 | 'ALL' | undefined {
  const s = raw.trim().toUpperCase();
  if (s === 'ALL') return 'ALL';
  const range = /^(\d{1,3})\s*[-_ ]\s*(\d{1,3})$/.exec(s);
  if (range !== null) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (lo % 5 !== 0 || hi !== lo + 4 || lo > 90) return undefined;
    return `${lo}-${hi}` as AgeBand5;
  }
  const open = /^(\d{1,3})\s*(?:[-_ ]?\s*(?:\+|PLUS|AND\s*OVER|OVER))$/.exec(s);
  if (open !== null && Number(open[1]) === 95) return '95+';
  return undefined;
}

/** Sex as published (`MALE`, `FEMALE`, `ALL`, `M`, `F`, `Male`, `Persons` …) → M, F or ALL; undefined otherwise. */
export function normaliseSex(raw: string): ListSex | undefined {
  const s = raw.trim().toUpperCase();
  if (s === 'M' || s === 'MALE' || s === 'MALES') return 'M';
  if (s === 'F' || s === 'FEMALE' || s === 'FEMALES') return 'F';
  if (s === 'ALL' || s === 'PERSONS' || s === 'TOTAL') return 'ALL';
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/**
 * An extract date as NHS England writes it (`01Nov2026`, `01NOV2026`, `1-Nov-2026`), as ISO
 * (`2026-11-01`, with or without a time) or day-first (`01/11/2026`) → `YYYY-MM-DD`; undefined
 * when it is none of these or not a real date.
 */
export function parseExtractDate(raw: string): string | undefined {
  const s = raw.trim();
  const named = /^(\d{1,2})[ -]?([A-Za-z]{3})[A-Za-z]*[ -]?(\d{4})$/.exec(s);
  if (named !== null) {
    const month = MONTHS.indexOf((named[2] ?? '').toUpperCase()) + 1;
    return month === 0 ? undefined : isoDate(Number(named[3]), month, Number(named[1]));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(s);
  if (iso !== null) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (dayFirst !== null) return isoDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return undefined;
}

/** Whole days from one ISO date to another (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A header name folded for matching: upper case, runs of anything but letters and digits → `_`. */
export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** An English or Welsh LSOA code (2011 or 2021 edition: the code does not say which). */
export function isLsoaCode(value: string): boolean {
  return /^[EW]01\d{6}$/.test(value);
}

/** A GP practice's ODS code as the list files carry it (A81001; X99001 in the demo). */
export function isPracticeCode(value: string): boolean {
  return /^[A-Z0-9]{3,10}$/.test(value);
}

/** A count as published: a whole number, none negative (`1,234` is accepted). */
export function parseCount(raw: string): number | undefined {
  const s = raw.trim().replace(/,/g, '');
  if (!/^\d{1,9}$/.test(s)) return undefined;
  return Number(s);
}

type ListColumn = 'practice' | 'sex' | 'ageBand' | 'lsoa' | 'patients' | 'extractDate' | 'type';

/** Folded header names each column may have. */
const LIST_ALIASES: Record<ListColumn, readonly string[]> = {
  practice: ['ORG_CODE', 'PRACTICE_CODE', 'GP_PRACTICE_CODE', 'PRAC_CODE', 'PRACTICE'],
  sex: ['SEX', 'GENDER'],
  ageBand: ['AGE_GROUP_5', 'AGE_GROUP', 'AGE_BAND', 'AGE_BAND_5', 'AGE'],
  lsoa: ['LSOA_CODE', 'LSOA_2011_CODE', 'LSOA_2021_CODE', 'LSOA11CD', 'LSOA21CD', 'LSOA_11_CODE', 'LSOA_21_CODE', 'LSOA'],
  patients: ['NUMBER_OF_PATIENTS', 'PATIENTS', 'PATIENT_COUNT', 'NUMBER_PATIENTS'],
  extractDate: ['EXTRACT_DATE', 'EXTRACTDATE', 'DATE'],
  type: ['TYPE', 'ORG_TYPE'],
};

/** The header names (as in the file) of the columns a list file is read by. */
export interface ListColumns {
  practice: string;
  sex: string | undefined;
  ageBand: string | undefined;
  lsoa: string | undefined;
  patients: string;
  extractDate: string;
  /** The age file's TYPE (GP for practices); rows of another type are skipped. */
  type: string | undefined;
}

export type ListHeader = { ok: true; kind: ListExtractKind; columns: ListColumns } | { ok: false; problem: string };

function findColumn(header: readonly string[], column: ListColumn): string | undefined {
  const keys = header.map(headerKey);
  for (const alias of LIST_ALIASES[column]) {
    const i = keys.indexOf(alias);
    if (i !== -1) return header[i];
  }
  return undefined;
}

/**
 * Which list file this header is (an age band column: by age and sex; else an LSOA column: by
 * LSOA) and which header names its columns have; or what is missing.
 */
export function resolveListHeader(header: readonly string[]): ListHeader {
  const practice = findColumn(header, 'practice');
  const sex = findColumn(header, 'sex');
  const ageBand = findColumn(header, 'ageBand');
  const lsoa = findColumn(header, 'lsoa');
  const patients = findColumn(header, 'patients');
  const extractDate = findColumn(header, 'extractDate');
  const type = findColumn(header, 'type');
  if (ageBand === undefined && lsoa === undefined)
    return {
      ok: false,
      problem:
        'is neither of NHS England\'s "Patients Registered at a GP Practice" files: it has no AGE_GROUP_5 column (practice × sex × age) and no LSOA_CODE column (practice × LSOA)',
    };
  if (ageBand !== undefined && lsoa !== undefined)
    return { ok: false, problem: 'has both an age band and an LSOA column: which list file it is cannot be told' };
  const kind: ListExtractKind = ageBand !== undefined ? 'age_sex' : 'lsoa';
  const missing = [
    practice === undefined ? 'ORG_CODE or PRACTICE_CODE' : undefined,
    kind === 'age_sex' && sex === undefined ? 'SEX' : undefined,
    patients === undefined ? 'NUMBER_OF_PATIENTS' : undefined,
    extractDate === undefined ? 'EXTRACT_DATE' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (practice === undefined || patients === undefined || extractDate === undefined || missing.length > 0)
    return { ok: false, problem: `is missing required columns: ${missing.join('; ')}` };
  return { ok: true, kind, columns: { practice, sex, ageBand, lsoa, patients, extractDate, type } };
}

/** One row of a list file, checked. */
export interface ListRow {
  practiceOds: string;
  sex: ListSex;
  /** The age file's band (ALL for a total row); undefined in the LSOA file. */
  ageBand: AgeBand5 | 'ALL' | undefined;
  /** The LSOA file's LSOA; null when the row has no LSOA code (NHS England's "NO2011", blank). */
  lsoa: string | null | undefined;
  patients: number;
  extractDate: string;
}

export type ListRowResult = { ok: true; row: ListRow } | { ok: false; column: string; problem: string } | { ok: 'skip'; reason: 'not_a_practice' };

/** Reads one record of a list file (keyed by the file's header names), naming the column of a bad value. */
export function parseListRow(kind: ListExtractKind, columns: ListColumns, record: Readonly<Record<string, string | undefined>>): ListRowResult {
  const cell = (name: string | undefined): string => (name === undefined ? '' : (record[name] ?? '').trim());
  if (columns.type !== undefined) {
    const type = cell(columns.type).toUpperCase();
    if (type !== '' && type !== 'GP') return { ok: 'skip', reason: 'not_a_practice' };
  }
  const extractDate = parseExtractDate(cell(columns.extractDate));
  if (extractDate === undefined) return { ok: false, column: columns.extractDate, problem: 'not a date (01Nov2026, 2026-11-01 or 01/11/2026)' };
  const practiceOds = cell(columns.practice).toUpperCase();
  if (!isPracticeCode(practiceOds)) return { ok: false, column: columns.practice, problem: 'not a practice ODS code' };
  const sexText = cell(columns.sex);
  const sex = columns.sex === undefined ? 'ALL' : normaliseSex(sexText);
  if (sex === undefined) return { ok: false, column: columns.sex ?? 'SEX', problem: 'not a sex (MALE, FEMALE, ALL, M or F)' };
  const patients = parseCount(cell(columns.patients));
  if (patients === undefined) return { ok: false, column: columns.patients, problem: 'not a whole number of patients' };
  if (kind === 'age_sex') {
    const ageBand = normaliseAgeBand(cell(columns.ageBand));
    if (ageBand === undefined) return { ok: false, column: columns.ageBand ?? 'AGE_GROUP_5', problem: 'not a 5-year age band (0_4 … 90_94, 95+ or ALL)' };
    return { ok: true, row: { practiceOds, sex, ageBand, lsoa: undefined, patients, extractDate } };
  }
  const lsoaText = cell(columns.lsoa).toUpperCase();
  // NHS England puts patients it cannot place under a placeholder (NO2011, blank): no LSOA. A
  // code that looks English or Welsh but is not one is a broken file.
  if (!isLsoaCode(lsoaText) && /^[EW]\d/.test(lsoaText)) return { ok: false, column: columns.lsoa ?? 'LSOA_CODE', problem: 'not an LSOA code (E01… or W01…)' };
  return { ok: true, row: { practiceOds, sex, ageBand: undefined, lsoa: isLsoaCode(lsoaText) ? lsoaText : null, patients, extractDate } };
}

// ---------------------------------------------------------------------------------------------
// Census 2021 ethnic group by LSOA (TS021)

/** The ONS 5 high-level ethnic groups of Census 2021, as stored (geo_lsoa_ethnicity.ethnic_group). */
export const CENSUS_ETHNIC_GROUPS = ['asian', 'black', 'mixed', 'white', 'other'] as const satisfies readonly EthnicGroup[];
export type CensusEthnicGroup = (typeof CENSUS_ETHNIC_GROUPS)[number];

/** Where modelled ethnicity comes from when the file does not say and the operator gives nothing. */
export const DEFAULT_ETHNICITY_SOURCE = 'ONS Census 2021 TS021 (OGL v3)';

/**
 * The high-level group of a TS021 category label: `Asian, Asian British or Asian Welsh` (and its
 * sub-categories `…: Indian`), `Black, Black British, Black Welsh, Caribbean or African`, `Mixed or
 * Multiple ethnic groups`, `White`, `Other ethnic group`; with or without the `Ethnic group: `
 * prefix. `total` for the all-residents total, `none` for "Does not apply", undefined otherwise.
 */
export function censusGroupOfLabel(label: string): CensusEthnicGroup | 'total' | 'none' | undefined {
  const s = label
    .trim()
    .replace(/^ethnic group( \(\d+ categories\))?\s*:\s*/i, '')
    .toLowerCase();
  if (s.startsWith('total')) return 'total';
  if (s.startsWith('does not apply')) return 'none';
  if (s.startsWith('asian')) return 'asian';
  if (s.startsWith('black')) return 'black';
  if (s.startsWith('mixed')) return 'mixed';
  if (s.startsWith('white')) return 'white';
  if (s.startsWith('other')) return 'other';
  return undefined;
}

/**
 * The high-level group of a TS021 category code: the 20-category classification numbers Asian
 * 1–5, Black 6–8, Mixed 9–12, White 13–17, Other 18–19; the 6-category one Asian 1, Black 2, Mixed
 * 3, White 4, Other 5; -8 is "Does not apply".
 */
export function censusGroupOfCode(code: string, categories: number): CensusEthnicGroup | 'none' | undefined {
  const n = Number(code.trim());
  if (!Number.isInteger(n)) return undefined;
  if (n === -8) return 'none';
  if (categories === 20) {
    if (n >= 1 && n <= 5) return 'asian';
    if (n >= 6 && n <= 8) return 'black';
    if (n >= 9 && n <= 12) return 'mixed';
    if (n >= 13 && n <= 17) return 'white';
    if (n === 18 || n === 19) return 'other';
    return undefined;
  }
  if (categories === 6 || categories === 5) return CENSUS_ETHNIC_GROUPS[n - 1];
  return undefined;
}

export type EthnicityHeader =
  | { ok: true; layout: 'wide'; lsoa: string; groups: Record<CensusEthnicGroup, string>; source: string | undefined }
  | {
      ok: true;
      layout: 'long';
      lsoa: string;
      /** The category label column, when the file has one (preferred to the code). */
      label: string | undefined;
      code: string | undefined;
      /** How many categories the code column numbers (20 or 6), from its header. */
      categories: number;
      observation: string;
      source: string | undefined;
    }
  | { ok: false; problem: string };

const LSOA_KEYS = ['GEOGRAPHY_CODE', 'LOWER_LAYER_SUPER_OUTPUT_AREAS_CODE', 'LSOA_CODE', 'LSOA21CD', 'LSOA11CD', 'LSOA_2021_CODE', 'LSOA'];

/**
 * Which TS021 layout a header is: wide (a column per high-level group, e.g. the bulk download's
 * `Ethnic group: White`; sub-category columns are ignored) or long (`Ethnic group (20 categories)
 * Code` / label and `Observation`, one row per LSOA × category); or what is missing.
 */
export function resolveEthnicityHeader(header: readonly string[]): EthnicityHeader {
  const keys = header.map(headerKey);
  const at = (i: number): string => header[i] ?? '';
  const lsoaIndex = LSOA_KEYS.map((k) => keys.indexOf(k)).find((i) => i !== -1);
  if (lsoaIndex === undefined) return { ok: false, problem: 'has no LSOA code column (geography code)' };
  const sourceIndex = keys.indexOf('SOURCE');
  const source = sourceIndex === -1 ? undefined : at(sourceIndex);
  const observation = keys.findIndex((k) => k === 'OBSERVATION' || k === 'COUNT' || k === 'VALUE');
  const codeIndex = keys.findIndex((k) => /^ETHNIC_GROUP_\d+_CATEGORIES_CODE$/.test(k));
  const labelIndex = keys.findIndex((k) => /^ETHNIC_GROUP_\d+_CATEGORIES$/.test(k));
  if (observation !== -1 && (codeIndex !== -1 || labelIndex !== -1)) {
    const named = at(codeIndex !== -1 ? codeIndex : labelIndex);
    const categories = Number(/\((\d+) categories\)/i.exec(named)?.[1] ?? '20');
    return {
      ok: true,
      layout: 'long',
      lsoa: at(lsoaIndex),
      label: labelIndex === -1 ? undefined : at(labelIndex),
      code: codeIndex === -1 ? undefined : at(codeIndex),
      categories,
      observation: at(observation),
      source,
    };
  }
  // Wide: the high-level columns are those naming a group with no sub-category after it.
  const groups: Partial<Record<CensusEthnicGroup, string>> = {};
  header.forEach((name, i) => {
    if (i === lsoaIndex) return;
    const bare = name.trim().replace(/^ethnic group\s*:\s*/i, '');
    if (bare.includes(':')) return;
    const group = censusGroupOfLabel(bare);
    if (group === undefined || group === 'total' || group === 'none') return;
    // Only the exact high-level wordings (or the bare group word), not e.g. "White British".
    if (!HIGH_LEVEL_LABELS.some((l) => l === bare.toLowerCase()) && bare.toLowerCase() !== group) return;
    groups[group] ??= name;
  });
  const missing = CENSUS_ETHNIC_GROUPS.filter((g) => groups[g] === undefined);
  if (missing.length > 0)
    return {
      ok: false,
      problem: `has neither the five high-level ethnic group columns (missing: ${missing.join(', ')}) nor the long layout (Ethnic group (20 categories) Code, Observation)`,
    };
  return { ok: true, layout: 'wide', lsoa: at(lsoaIndex), groups: groups as Record<CensusEthnicGroup, string>, source };
}

const HIGH_LEVEL_LABELS = [
  'asian, asian british or asian welsh',
  'black, black british, black welsh, caribbean or african',
  'mixed or multiple ethnic groups',
  'white',
  'other ethnic group',
];

/**
 * Counts by group → integer shares per ten thousand that add up to exactly 10,000 (largest
 * remainder; ties to the earlier group). Undefined when the counts add up to nothing.
 */
export function sharesPer10000(counts: Readonly<Record<CensusEthnicGroup, number>>): Record<CensusEthnicGroup, number> | undefined {
  const total = CENSUS_ETHNIC_GROUPS.reduce((s, g) => s + counts[g], 0);
  if (total <= 0) return undefined;
  const exact = CENSUS_ETHNIC_GROUPS.map((g) => (counts[g] * 10_000) / total);
  const shares = exact.map(Math.floor);
  let left = 10_000 - shares.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return Object.fromEntries(CENSUS_ETHNIC_GROUPS.map((g, i) => [g, shares[i] ?? 0])) as Record<CensusEthnicGroup, number>;
}
