/**
 * Practice data (issue 12): what a GP practice exports from its own search, as two CSV files —
 * people.csv and events.csv — in the format documented in docs/design/practice-data.md.
 * Codes are data: the lists below are the documented, fixed vocabularies of those files.
 */

/** Long-term condition registers (QOF register codes, as a practice's search names them). */
export const LTC_CODES = [
  'HYP',
  'DM',
  'CHD',
  'STIA',
  'COPD',
  'AST',
  'DEP',
  'SMI',
  'CKD',
  'HF',
  'AF',
  'CAN',
  'PAD',
  'OST',
  'RA',
  'EP',
  'DEM',
  'LD',
  'NDH',
  'OB',
] as const;
export type LtcCode = (typeof LTC_CODES)[number];

export const LTC_LABELS: { readonly [C in LtcCode]: string } = {
  HYP: 'Hypertension',
  DM: 'Diabetes',
  CHD: 'Coronary heart disease',
  STIA: 'Stroke or transient ischaemic attack',
  COPD: 'Chronic obstructive pulmonary disease',
  AST: 'Asthma',
  DEP: 'Depression',
  SMI: 'Serious mental illness',
  CKD: 'Chronic kidney disease',
  HF: 'Heart failure',
  AF: 'Atrial fibrillation',
  CAN: 'Cancer',
  PAD: 'Peripheral arterial disease',
  OST: 'Osteoporosis',
  RA: 'Rheumatoid arthritis',
  EP: 'Epilepsy',
  DEM: 'Dementia',
  LD: 'Learning disability',
  NDH: 'Non-diabetic hyperglycaemia',
  OB: 'Obesity',
};

export const PRACTICE_EVENT_KINDS = ['appointment', 'dna', 'fit_note', 'sp_referral', 'sp_declined', 'health_check'] as const;
export type PracticeEventKind = (typeof PRACTICE_EVENT_KINDS)[number];

export const PRACTICE_EVENT_KIND_LABELS: { readonly [K in PracticeEventKind]: string } = {
  appointment: 'Appointment attended',
  dna: 'Appointment not attended',
  fit_note: 'Fit note issued',
  sp_referral: 'Referred to social prescribing',
  sp_declined: 'Social prescribing declined',
  health_check: 'NHS Health Check',
};

/** SNOMED CT concepts a practice's search looks for (kept as data, INSIGHT.md). */
export const PRACTICE_EVENT_SNOMED: { readonly [K in PracticeEventKind]?: string } = {
  sp_referral: '871731000000106',
  sp_declined: '871711000000103',
};

export const FIT_NOTE_FITNESS = ['not_fit', 'may_be_fit'] as const;
export type FitNoteFitness = (typeof FIT_NOTE_FITNESS)[number];

export const APPOINTMENT_ROLES = ['gp', 'nurse', 'link_worker', 'other'] as const;
export type AppointmentRole = (typeof APPOINTMENT_ROLES)[number];

export const PRACTICE_SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type PracticeSex = (typeof PRACTICE_SEXES)[number];

/** The columns of each file, in the documented order (headers are matched case-insensitively). */
export const PEOPLE_COLUMNS = [
  'nhs_number',
  'practice_ods',
  'date_of_birth',
  'sex',
  'ethnicity',
  'postcode',
  'ltc_registers',
  'palliative',
  'do_not_contact',
  'extract_date',
] as const;
export const EVENT_COLUMNS = ['nhs_number', 'date', 'kind', 'end_date', 'fitness', 'role'] as const;

/** One row of people.csv, parsed. Dates are YYYY-MM-DD. */
export interface PracticePersonRow {
  nhsNumber: string;
  practiceOds: string;
  dateOfBirth: string;
  sex: PracticeSex;
  /** NHS ethnic category letter, or null when not stated */
  ethnicity: string | null;
  postcode: string | null;
  ltcRegisters: LtcCode[];
  palliative: boolean;
  doNotContact: boolean;
  extractDate: string;
}

/** One row of events.csv, parsed. */
export interface PracticeEventRow {
  nhsNumber: string;
  date: string;
  kind: PracticeEventKind;
  endDate: string | null;
  fitness: FitNoteFitness | null;
  role: AppointmentRole | null;
}
