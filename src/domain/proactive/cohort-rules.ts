import { z } from 'zod';
import { addMonths, ageOn, daysBetween } from '../insight/periods.ts';
import type { LtcCode } from './practice-data.ts';

/**
 * Proactive identification (INSIGHT.md "Proactive identification"): the cohort rules a lead runs
 * over a practice's own extract to find people likely to benefit from social prescribing before
 * anyone refers them. Pure: the features of one person in, the rules they match and why out.
 *
 * Every date is relative to the practice's extract date (`asOf`): the extract is what the practice
 * knew that day, so "the last 12 months" means the 12 months before it, not before the run.
 * A window of N months is (asOf − N months, asOf]: a note issued exactly 12 months before the
 * extract date is outside, one issued the day after is inside.
 */

/** The version of the rule set as a whole; bump it when any rule's meaning changes. */
export const RULES_VERSION = 'proactive-rules-2026.1';

export const COHORT_RULE_CODES = ['FN-1', 'FN-2', 'LTC-2', 'DEP-1', 'HC-1', 'FA-1'] as const;
export type CohortRuleCode = (typeof COHORT_RULE_CODES)[number];

export const EXCLUSION_CODES = ['open_to_social_prescribing', 'declined_recently', 'opted_out', 'palliative', 'do_not_contact'] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

/** How chosen rules combine: `any` finds people matching at least one, `all` only people matching every one. */
export const COHORT_MODES = ['any', 'all'] as const;
export type CohortMode = (typeof COHORT_MODES)[number];

/** Registers that make a person ineligible for an NHS Health Check (they are already under review for these). */
export const HEALTH_CHECK_INELIGIBLE: readonly LtcCode[] = ['CHD', 'STIA', 'DM', 'HYP', 'CKD', 'AF', 'HF', 'PAD'];

/** Each rule's own version, so a saved run says exactly which definition found each person. */
export const RULE_VERSIONS: { readonly [R in CohortRuleCode]: string } = {
  'FN-1': 'FN-1/2026.1',
  'FN-2': 'FN-2/2026.1',
  'LTC-2': 'LTC-2/2026.1',
  'DEP-1': 'DEP-1/2026.1',
  'HC-1': 'HC-1/2026.1',
  'FA-1': 'FA-1/2026.1',
};

const weight = z.number().int().min(0).max(10);
const months = z.number().int().min(1).max(120);
const age = z.number().int().min(0).max(120);

/**
 * The thresholds of every rule, the exclusions and the fairness check. Defaults are INSIGHT.md's;
 * a deployment overrides any of them (LINKWORK_COHORT_RULES, JSON, validated by this schema).
 */
export const cohortSettingsSchema = z.strictObject({
  rules: z
    .strictObject({
      'FN-1': z
        .strictObject({
          minAge: age.default(16),
          maxAge: age.default(66),
          minFitNotes: z.number().int().min(1).default(2),
          months: months.default(12),
          weight: weight.default(2),
        })
        .prefault({}),
      'FN-2': z
        .strictObject({
          // Fit notes are about work: the same working ages as FN-1 (INSIGHT.md gives FN-2 none; without
          // one, every FN-2 run would flag children and people over 70 as under-represented).
          minAge: age.default(16),
          maxAge: age.default(66),
          minEpisodeDays: z.number().int().min(1).default(28),
          joinGapDays: z.number().int().min(0).max(60).default(7),
          months: months.default(12),
          weight: weight.default(2),
        })
        .prefault({}),
      'LTC-2': z.strictObject({ minRegisters: z.number().int().min(1).default(2), weight: weight.default(1) }).prefault({}),
      'DEP-1': z.strictObject({ maxDecile: z.number().int().min(1).max(10).default(2), weight: weight.default(1) }).prefault({}),
      'HC-1': z
        .strictObject({ minAge: age.default(40), maxAge: age.default(74), years: z.number().int().min(1).max(20).default(5), weight: weight.default(1) })
        .prefault({}),
      'FA-1': z.strictObject({ minAppointments: z.number().int().min(1).default(10), months: months.default(12), weight: weight.default(1) }).prefault({}),
    })
    .prefault({}),
  exclusions: z
    .strictObject({
      /** An sp_declined event this recent excludes the person. */
      declinedMonths: months.default(6),
      /** An sp_referral event this recent means they are already open to social prescribing. */
      referralMonths: months.default(12),
    })
    .prefault({}),
  fairness: z
    .strictObject({
      /** A group whose representation index is below this is flagged. */
      threshold: z.number().min(0).max(1).default(0.5),
      /** Groups with fewer eligible people than this are shown as "too few to judge", never flagged. */
      minGroup: z.number().int().min(1).default(20),
    })
    .prefault({}),
});
export type CohortSettings = z.output<typeof cohortSettingsSchema>;

/** The defaults, as INSIGHT.md defines them. */
export const DEFAULT_COHORT_SETTINGS: CohortSettings = cohortSettingsSchema.parse({});

/** A rule in words, for the page and the CLI (from the settings in force, so a changed threshold reads true). */
export function ruleDefinition(code: CohortRuleCode, s: CohortSettings = DEFAULT_COHORT_SETTINGS): string {
  const r = s.rules;
  switch (code) {
    case 'FN-1':
      return `Repeat fit notes: aged ${r['FN-1'].minAge}–${r['FN-1'].maxAge}, with ${r['FN-1'].minFitNotes} or more fit notes issued in the last ${r['FN-1'].months} months`;
    case 'FN-2':
      return `Long fit-note episode: aged ${r['FN-2'].minAge}–${r['FN-2'].maxAge}, off work on fit notes for ${r['FN-2'].minEpisodeDays} days or more in a row (notes up to ${r['FN-2'].joinGapDays} days apart count as one episode), in the last ${r['FN-2'].months} months`;
    case 'LTC-2':
      return `Several long-term conditions: on ${r['LTC-2'].minRegisters} or more long-term condition registers`;
    case 'DEP-1':
      return `Deprivation: lives in a neighbourhood (LSOA) in the ${r['DEP-1'].maxDecile === 1 ? 'most deprived 10%' : `most deprived ${r['DEP-1'].maxDecile * 10}%`} in England (IMD deciles 1–${r['DEP-1'].maxDecile})`;
    case 'HC-1':
      return `No recent health check: aged ${r['HC-1'].minAge}–${r['HC-1'].maxAge}, eligible for an NHS Health Check (not on the ${HEALTH_CHECK_INELIGIBLE.join(', ')} registers), none in ${r['HC-1'].years} years`;
    case 'FA-1':
      return `Frequent attender: ${r['FA-1'].minAppointments} or more attended appointments with clinicians in the last ${r['FA-1'].months} months (not counting the link worker)`;
  }
}

export const EXCLUSION_LABELS: { readonly [E in ExclusionCode]: string } = {
  open_to_social_prescribing: 'Already open to social prescribing (an open Linkwork case or a referral in the practice record)',
  declined_recently: 'Declined social prescribing recently',
  opted_out: 'Asked not to be invited again (the outreach opt-out list)',
  palliative: 'On the palliative care register',
  do_not_contact: 'Marked do not contact',
};

/** One fit note: issued on `date`, covering to `endDate` (the issue day alone when the end is not recorded). */
export interface FitNote {
  date: string;
  endDate: string | null;
}

/** What the rules need to know about one person in one extract (aggregated by the repository). */
export interface CohortFeatures {
  /** The extract date of the person's practice: the day "now" is for every window. */
  asOf: string;
  dateOfBirth: string;
  ltcRegisters: readonly string[];
  ltcCount: number;
  palliative: boolean;
  doNotContact: boolean;
  imdDecile: number | null;
  /** Fit notes issued since asOf − (the longest fit-note window + 3 months), so episodes can be joined across the window's start. */
  fitNotes: readonly FitNote[];
  /** Attended appointments with any role but the link worker in the FA-1 window. */
  clinicalAppointments: number;
  lastHealthCheck: string | null;
  lastDeclined: string | null;
  lastReferral: string | null;
  /** An open Linkwork case for this NHS number. */
  openCase: boolean;
  /** On the practice's outreach opt-out list (asked not to be invited again). */
  optedOut: boolean;
}

/** Why one rule found a person: the rule, its version and the figures that decided it (no personal data). */
export interface RuleReason {
  rule: CohortRuleCode;
  version: string;
  /** Plain words, e.g. "3 fit notes in 12 months". */
  because: string;
}

export interface PersonEvaluation {
  age: number;
  /** Every rule the person matches, whether chosen or not. */
  matched: readonly RuleReason[];
  excludedBy: readonly ExclusionCode[];
}

/** The day before which a window of `months` ending at asOf starts (exclusive). */
export function windowStart(asOf: string, months: number): string {
  // Every person of an extract shares its date: remembered, as 50k people ask for the same few.
  const key = `${asOf}|${months}`;
  let start = windowStarts.get(key);
  if (start === undefined) {
    if (windowStarts.size > 1_000) windowStarts.clear();
    windowStarts.set(key, (start = addMonths(asOf, -months)));
  }
  return start;
}
const windowStarts = new Map<string, string>();

/** Fit-note episodes: notes sorted by date, joined when the next starts within `joinGapDays` of the current episode's end. */
export function fitNoteEpisodes(notes: readonly FitNote[], joinGapDays: number): { start: string; end: string; days: number }[] {
  const sorted = [...notes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const episodes: { start: string; end: string }[] = [];
  for (const n of sorted) {
    const end = n.endDate !== null && n.endDate > n.date ? n.endDate : n.date;
    const last = episodes.at(-1);
    // "≤ 7 days apart": the gap between one note's end and the next note's start, in days.
    if (last !== undefined && daysBetween(last.end, n.date) <= joinGapDays) {
      if (end > last.end) last.end = end;
    } else episodes.push({ start: n.date, end });
  }
  return episodes.map((e) => ({ ...e, days: daysBetween(e.start, e.end) + 1 }));
}

/** The earliest fit-note issue date the features must include for these settings. */
export function fitNotesSince(asOf: string, s: CohortSettings = DEFAULT_COHORT_SETTINGS): string {
  return windowStart(asOf, Math.max(s.rules['FN-1'].months, s.rules['FN-2'].months) + 3);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Every rule a person matches and every exclusion that applies, with the reasons in words. */
export function evaluatePerson(f: CohortFeatures, s: CohortSettings = DEFAULT_COHORT_SETTINGS): PersonEvaluation {
  const r = s.rules;
  const years = ageOn(f.dateOfBirth, f.asOf);
  const matched: RuleReason[] = [];
  const hit = (rule: CohortRuleCode, because: string) => matched.push({ rule, version: RULE_VERSIONS[rule], because });
  const after = (date: string | null, start: string) => date !== null && date > start && date <= f.asOf;

  const fn1Start = windowStart(f.asOf, r['FN-1'].months);
  const fn1Notes = f.fitNotes.filter((n) => after(n.date, fn1Start)).length;
  if (years >= r['FN-1'].minAge && years <= r['FN-1'].maxAge && fn1Notes >= r['FN-1'].minFitNotes)
    hit('FN-1', `${plural(fn1Notes, 'fit note', 'fit notes')} in ${r['FN-1'].months} months`);

  // An episode counts when it ran during the window (its last day inside it), whenever it started.
  const fn2Start = windowStart(f.asOf, r['FN-2'].months);
  const longest = fitNoteEpisodes(
    f.fitNotes.filter((n) => n.date <= f.asOf),
    r['FN-2'].joinGapDays,
  )
    .filter((e) => e.end > fn2Start)
    .reduce((m, e) => Math.max(m, e.days), 0);
  if (years >= r['FN-2'].minAge && years <= r['FN-2'].maxAge && longest >= r['FN-2'].minEpisodeDays) hit('FN-2', `a fit-note episode of ${longest} days`);

  if (f.ltcCount >= r['LTC-2'].minRegisters) hit('LTC-2', `on ${f.ltcCount} long-term condition registers (${f.ltcRegisters.join(', ')})`);

  if (f.imdDecile !== null && f.imdDecile <= r['DEP-1'].maxDecile) hit('DEP-1', `lives in an IMD decile ${f.imdDecile} area`);

  const hc = r['HC-1'];
  const hcStart = windowStart(f.asOf, 12 * hc.years);
  const ineligible = f.ltcRegisters.some((c) => (HEALTH_CHECK_INELIGIBLE as readonly string[]).includes(c));
  if (years >= hc.minAge && years <= hc.maxAge && !ineligible && !after(f.lastHealthCheck, hcStart))
    hit('HC-1', f.lastHealthCheck === null ? 'no NHS Health Check recorded' : `last NHS Health Check ${f.lastHealthCheck}`);

  if (f.clinicalAppointments >= r['FA-1'].minAppointments) hit('FA-1', `${f.clinicalAppointments} appointments in ${r['FA-1'].months} months`);

  const excludedBy: ExclusionCode[] = [];
  if (f.openCase || after(f.lastReferral, windowStart(f.asOf, s.exclusions.referralMonths))) excludedBy.push('open_to_social_prescribing');
  if (after(f.lastDeclined, windowStart(f.asOf, s.exclusions.declinedMonths))) excludedBy.push('declined_recently');
  if (f.optedOut) excludedBy.push('opted_out');
  if (f.palliative) excludedBy.push('palliative');
  if (f.doNotContact) excludedBy.push('do_not_contact');
  return { age: years, matched, excludedBy };
}

/** What a lead chose: the rules and how they combine. */
export interface CohortChoice {
  rules: readonly CohortRuleCode[];
  mode: CohortMode;
}

/** The outcome for one person under a choice: found or not, by which chosen rules, with the score. */
export interface CohortVerdict {
  found: boolean;
  /** The chosen rules the person matches, in the rule list's order. */
  rules: CohortRuleCode[];
  reasons: RuleReason[];
  /** The sum of the weights of `rules`: additive, so anyone can recompute it. */
  score: number;
}

/** Applies a choice to an evaluation: excluded people are never found. */
export function verdictOf(e: PersonEvaluation, choice: CohortChoice, s: CohortSettings = DEFAULT_COHORT_SETTINGS): CohortVerdict {
  const chosen = COHORT_RULE_CODES.filter((c) => choice.rules.includes(c));
  const reasons = e.matched.filter((m) => chosen.includes(m.rule));
  const rules = reasons.map((m) => m.rule);
  const matches = choice.mode === 'all' ? chosen.length > 0 && rules.length === chosen.length : rules.length > 0;
  const score = rules.reduce((sum, rule) => sum + s.rules[rule].weight, 0);
  return { found: matches && e.excludedBy.length === 0, rules, reasons, score };
}

/** The age range a choice looks at, for the eligible population: null ends are open. */
export function ageRangeOf(choice: CohortChoice, s: CohortSettings = DEFAULT_COHORT_SETTINGS): { min: number | null; max: number | null } {
  const ranges = choice.rules.map((rule): { min: number | null; max: number | null } => {
    if (rule === 'FN-1' || rule === 'FN-2' || rule === 'HC-1') return { min: s.rules[rule].minAge, max: s.rules[rule].maxAge };
    return { min: null, max: null };
  });
  if (ranges.length === 0) return { min: null, max: null };
  if (choice.mode === 'all') {
    // Everyone found is inside every rule's range: the intersection.
    const mins = ranges.flatMap((r) => (r.min === null ? [] : [r.min]));
    const maxs = ranges.flatMap((r) => (r.max === null ? [] : [r.max]));
    return { min: mins.length === 0 ? null : Math.max(...mins), max: maxs.length === 0 ? null : Math.min(...maxs) };
  }
  // Anyone inside any rule's range could be found: the union (open when one rule has no range).
  if (ranges.some((r) => r.min === null && r.max === null)) return { min: null, max: null };
  return { min: Math.min(...ranges.map((r) => r.min ?? 0)), max: Math.max(...ranges.map((r) => r.max ?? 200)) };
}

/** Whether an age is inside a range from ageRangeOf. */
export function inAgeRange(years: number, range: { min: number | null; max: number | null }): boolean {
  return (range.min === null || years >= range.min) && (range.max === null || years <= range.max);
}

/** The rules and thresholds a run used, as stored with it (the settings of the chosen rules only). */
export function ruleSnapshot(choice: CohortChoice, s: CohortSettings = DEFAULT_COHORT_SETTINGS) {
  return {
    version: RULES_VERSION,
    mode: choice.mode,
    rules: COHORT_RULE_CODES.filter((c) => choice.rules.includes(c)).map((code) => ({ code, version: RULE_VERSIONS[code], ...s.rules[code] })),
    exclusions: s.exclusions,
    fairness: s.fairness,
  };
}
export type RuleSnapshot = ReturnType<typeof ruleSnapshot>;

/** Parses `FN-1,DEP-1` (case-insensitive, spaces allowed); null names the first unknown code. */
export function parseRuleList(text: string): { ok: CohortRuleCode[] } | { unknown: string } {
  const out: CohortRuleCode[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim().toUpperCase();
    if (t === '') continue;
    const code = COHORT_RULE_CODES.find((c) => c === t);
    if (code === undefined) return { unknown: t.slice(0, 20) };
    if (!out.includes(code)) out.push(code);
  }
  return { ok: out };
}
