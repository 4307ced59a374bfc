import { describe, expect, it } from 'vitest';
import {
  ageRangeOf,
  cohortSettingsSchema,
  DEFAULT_COHORT_SETTINGS,
  evaluatePerson,
  fitNoteEpisodes,
  fitNotesSince,
  parseRuleList,
  ruleDefinition,
  ruleSnapshot,
  RULES_VERSION,
  verdictOf,
  type CohortFeatures,
} from './cohort-rules.ts';

const AS_OF = '2026-11-01';

/** Someone aged 40 on the extract date who matches nothing. */
const base: CohortFeatures = {
  asOf: AS_OF,
  dateOfBirth: '1986-06-15',
  ltcRegisters: [],
  ltcCount: 0,
  palliative: false,
  doNotContact: false,
  imdDecile: 6,
  fitNotes: [],
  clinicalAppointments: 0,
  lastHealthCheck: '2024-01-01',
  lastDeclined: null,
  lastReferral: null,
  openCase: false,
  optedOut: false,
};

const rulesOf = (f: Partial<CohortFeatures>) => evaluatePerson({ ...base, ...f }).matched.map((m) => m.rule);
const note = (date: string, endDate: string | null = null) => ({ date, endDate });

describe('FN-1 repeat fit notes', () => {
  const two = [note('2026-03-01', '2026-03-10'), note('2026-09-01', '2026-09-10')];
  it('needs two notes in the last 12 months', () => {
    expect(rulesOf({ fitNotes: two })).toEqual(['FN-1']);
    expect(rulesOf({ fitNotes: two.slice(0, 1) })).toEqual([]);
    expect(evaluatePerson({ ...base, fitNotes: two }).matched[0]).toEqual({ rule: 'FN-1', version: 'FN-1/2026.1', because: '2 fit notes in 12 months' });
  });
  it('counts a note issued the day after the date 12 months before the extract, not one on that date', () => {
    expect(rulesOf({ fitNotes: [note('2025-11-02'), note('2026-10-01')] })).toEqual(['FN-1']);
    expect(rulesOf({ fitNotes: [note('2025-11-01'), note('2026-10-01')] })).toEqual([]);
  });
  it('ignores notes after the extract date', () => {
    expect(rulesOf({ fitNotes: [note('2026-10-01'), note('2026-11-02')] })).toEqual([]);
  });
  it('is for people aged 16 to 66 inclusive on the extract date', () => {
    expect(rulesOf({ fitNotes: two, dateOfBirth: '2010-11-01' })).toEqual(['FN-1']); // 16 today
    expect(rulesOf({ fitNotes: two, dateOfBirth: '2010-11-02' })).toEqual([]); // 16 tomorrow
    expect(rulesOf({ fitNotes: two, dateOfBirth: '1959-11-02' })).toEqual(['FN-1']); // 66, 67 tomorrow
    expect(rulesOf({ fitNotes: two, dateOfBirth: '1959-11-01' })).toEqual([]); // 67 today
  });
  it('reads a configured threshold', () => {
    const s = cohortSettingsSchema.parse({ rules: { 'FN-1': { minFitNotes: 3 } } });
    expect(evaluatePerson({ ...base, fitNotes: two }, s).matched).toEqual([]);
    expect(s.rules['FN-1'].minAge).toBe(16);
    expect(ruleDefinition('FN-1', s)).toContain('3 or more fit notes');
  });
});

describe('FN-2 long fit-note episode', () => {
  it('joins notes up to 7 days apart into one episode, not 8', () => {
    // 1–14 March, then 21 March–3 April: a gap of 7 days → one episode of 34 days.
    expect(fitNoteEpisodes([note('2026-03-21', '2026-04-03'), note('2026-03-01', '2026-03-14')], 7)).toEqual([
      { start: '2026-03-01', end: '2026-04-03', days: 34 },
    ]);
    // 22 March: 8 days after 14 March → two episodes of 14 days.
    expect(fitNoteEpisodes([note('2026-03-01', '2026-03-14'), note('2026-03-22', '2026-04-04')], 7).map((e) => e.days)).toEqual([14, 14]);
  });
  it('finds an episode of 28 days, not 27', () => {
    expect(rulesOf({ fitNotes: [note('2026-06-01', '2026-06-28')] })).toEqual(['FN-2']);
    expect(rulesOf({ fitNotes: [note('2026-06-01', '2026-06-27')] })).toEqual([]);
    expect(evaluatePerson({ ...base, fitNotes: [note('2026-06-01', '2026-06-28')] }).matched[0]?.because).toBe('a fit-note episode of 28 days');
  });
  it('finds two 14-day notes 7 days apart as one long episode (and FN-1 too)', () => {
    expect(rulesOf({ fitNotes: [note('2026-03-01', '2026-03-14'), note('2026-03-21', '2026-04-03')] })).toEqual(['FN-1', 'FN-2']);
    expect(rulesOf({ fitNotes: [note('2026-03-01', '2026-03-14'), note('2026-03-22', '2026-04-04')] })).toEqual(['FN-1']);
  });
  it('counts an episode that ended inside the 12 months even if it began before, not one that ended before', () => {
    expect(rulesOf({ fitNotes: [note('2025-10-01', '2025-11-05')] })).toEqual(['FN-2']);
    expect(rulesOf({ fitNotes: [note('2025-10-01', '2025-11-01')] })).toEqual([]);
  });
  it('is for people aged 16 to 66, like FN-1', () => {
    const long = [note('2026-06-01', '2026-07-15')];
    expect(rulesOf({ fitNotes: long, dateOfBirth: '1959-11-02' })).toEqual(['FN-2']);
    expect(rulesOf({ fitNotes: long, dateOfBirth: '1959-11-01' })).toEqual([]);
    expect(rulesOf({ fitNotes: long, dateOfBirth: '2010-11-02' })).toEqual([]);
    expect(ageRangeOf({ rules: ['FN-1', 'FN-2'], mode: 'any' })).toEqual({ min: 16, max: 66 });
  });
  it('treats a note with no end date as one day', () => {
    expect(fitNoteEpisodes([note('2026-01-01')], 7)).toEqual([{ start: '2026-01-01', end: '2026-01-01', days: 1 }]);
  });
  it('asks for notes from 15 months back, so an episode can be joined across the window start', () => {
    expect(fitNotesSince(AS_OF)).toBe('2025-08-01');
  });
});

describe('LTC-2, DEP-1, FA-1', () => {
  it('LTC-2 needs two registers', () => {
    expect(rulesOf({ ltcRegisters: ['AST', 'DEP'], ltcCount: 2 })).toEqual(['LTC-2']);
    expect(rulesOf({ ltcRegisters: ['AST'], ltcCount: 1 })).toEqual([]);
  });
  it('DEP-1 is IMD deciles 1–2; an unknown decile never matches', () => {
    expect(rulesOf({ imdDecile: 2 })).toEqual(['DEP-1']);
    expect(rulesOf({ imdDecile: 3 })).toEqual([]);
    expect(rulesOf({ imdDecile: null })).toEqual([]);
  });
  it('FA-1 needs 10 clinical appointments', () => {
    expect(rulesOf({ clinicalAppointments: 10 })).toEqual(['FA-1']);
    expect(rulesOf({ clinicalAppointments: 9 })).toEqual([]);
  });
});

describe('HC-1 no recent health check', () => {
  const old = { dateOfBirth: '1970-01-01' };
  it('aged 40–74, none in 5 years', () => {
    expect(rulesOf({ ...old, lastHealthCheck: null })).toEqual(['HC-1']);
    expect(rulesOf({ ...old, lastHealthCheck: '2021-11-01' })).toEqual(['HC-1']); // exactly 5 years: outside
    expect(rulesOf({ ...old, lastHealthCheck: '2021-11-02' })).toEqual([]);
    expect(rulesOf({ dateOfBirth: '1986-11-02', lastHealthCheck: null })).toEqual([]); // 39
    expect(rulesOf({ dateOfBirth: '1986-11-01', lastHealthCheck: null })).toEqual(['HC-1']); // 40 today
    expect(rulesOf({ dateOfBirth: '1951-11-02', lastHealthCheck: null })).toEqual(['HC-1']); // 74
    expect(rulesOf({ dateOfBirth: '1951-11-01', lastHealthCheck: null })).toEqual([]); // 75 today
  });
  it('leaves out people on a register that makes them ineligible for a health check', () => {
    for (const reg of ['CHD', 'STIA', 'DM', 'HYP', 'CKD', 'AF', 'HF', 'PAD'])
      expect(rulesOf({ ...old, lastHealthCheck: null, ltcRegisters: [reg], ltcCount: 1 })).toEqual([]);
    expect(rulesOf({ ...old, lastHealthCheck: null, ltcRegisters: ['AST'], ltcCount: 1 })).toEqual(['HC-1']);
  });
});

describe('exclusions and verdicts', () => {
  const found = { fitNotes: [note('2026-03-01'), note('2026-09-01')] };
  const excl = (f: Partial<CohortFeatures>) => evaluatePerson({ ...base, ...found, ...f }).excludedBy;
  it('an open case, a referral in 12 months, a decline in 6 months, palliative, do not contact', () => {
    expect(excl({})).toEqual([]);
    expect(excl({ openCase: true })).toEqual(['open_to_social_prescribing']);
    expect(excl({ lastReferral: '2025-11-02' })).toEqual(['open_to_social_prescribing']);
    expect(excl({ lastReferral: '2025-11-01' })).toEqual([]);
    expect(excl({ lastDeclined: '2026-05-02' })).toEqual(['declined_recently']);
    expect(excl({ lastDeclined: '2026-05-01' })).toEqual([]);
    expect(excl({ optedOut: true })).toEqual(['opted_out']);
    expect(excl({ palliative: true, doNotContact: true })).toEqual(['palliative', 'do_not_contact']);
  });
  it('an excluded person is never found, whatever they match', () => {
    const e = evaluatePerson({ ...base, ...found, palliative: true });
    expect(verdictOf(e, { rules: ['FN-1'], mode: 'any' })).toMatchObject({ found: false, rules: ['FN-1'] });
  });
  it('any: at least one chosen rule; all: every chosen rule; the score adds the weights', () => {
    const e = evaluatePerson({ ...base, ...found, imdDecile: 1 });
    expect(verdictOf(e, { rules: ['FN-1', 'DEP-1'], mode: 'any' })).toMatchObject({ found: true, rules: ['FN-1', 'DEP-1'], score: 3 });
    expect(verdictOf(e, { rules: ['DEP-1', 'FA-1'], mode: 'any' })).toMatchObject({ found: true, rules: ['DEP-1'], score: 1 });
    expect(verdictOf(e, { rules: ['DEP-1', 'FA-1'], mode: 'all' })).toMatchObject({ found: false, score: 1 });
    expect(verdictOf(e, { rules: ['FN-1', 'DEP-1'], mode: 'all' })).toMatchObject({ found: true, score: 3 });
    expect(verdictOf(e, { rules: ['FA-1'], mode: 'any' }).found).toBe(false);
    const weighted = cohortSettingsSchema.parse({ rules: { 'DEP-1': { weight: 5 } } });
    expect(verdictOf(e, { rules: ['FN-1', 'DEP-1'], mode: 'any' }, weighted).score).toBe(7);
  });
});

describe('choices, snapshots and parsing', () => {
  it('the age range of a choice: union for any, intersection for all, open with an ageless rule', () => {
    expect(ageRangeOf({ rules: ['FN-1'], mode: 'any' })).toEqual({ min: 16, max: 66 });
    expect(ageRangeOf({ rules: ['FN-1', 'HC-1'], mode: 'any' })).toEqual({ min: 16, max: 74 });
    expect(ageRangeOf({ rules: ['FN-1', 'HC-1'], mode: 'all' })).toEqual({ min: 40, max: 66 });
    expect(ageRangeOf({ rules: ['FN-1', 'DEP-1'], mode: 'any' })).toEqual({ min: null, max: null });
    expect(ageRangeOf({ rules: ['FN-1', 'DEP-1'], mode: 'all' })).toEqual({ min: 16, max: 66 });
  });
  it('parses a rule list and names an unknown code', () => {
    expect(parseRuleList('fn-1, DEP-1,FN-1')).toEqual({ ok: ['FN-1', 'DEP-1'] });
    expect(parseRuleList('FN-1,XX-9')).toEqual({ unknown: 'XX-9' });
  });
  it('a snapshot records the version, each chosen rule with its thresholds, the exclusions and fairness settings', () => {
    const s = ruleSnapshot({ rules: ['DEP-1', 'FN-1'], mode: 'any' });
    expect(s.version).toBe(RULES_VERSION);
    expect(s.rules).toEqual([
      { code: 'FN-1', version: 'FN-1/2026.1', minAge: 16, maxAge: 66, minFitNotes: 2, months: 12, weight: 2 },
      { code: 'DEP-1', version: 'DEP-1/2026.1', maxDecile: 2, weight: 1 },
    ]);
    expect(s.fairness).toEqual({ threshold: 0.5, minGroup: 20 });
  });
  it('settings refuse unknown keys and out-of-range values', () => {
    expect(cohortSettingsSchema.safeParse({ rules: { 'FN-9': {} } }).success).toBe(false);
    expect(cohortSettingsSchema.safeParse({ fairness: { threshold: 2 } }).success).toBe(false);
    expect(DEFAULT_COHORT_SETTINGS.exclusions).toEqual({ declinedMonths: 6, referralMonths: 12 });
  });
});
