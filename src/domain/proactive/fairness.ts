import { ethnicGroupOf, isEthnicCategoryCode } from '../ethnicity.ts';
import { DEFAULT_COHORT_SETTINGS, type CohortRuleCode, type CohortSettings } from './cohort-rules.ts';

/**
 * The fairness check before outreach (INSIGHT.md: R2 by age, sex, ethnicity and IMD): who a cohort
 * found, against everyone it could have found — the eligible population, i.e. everyone in the
 * practices' current extracts who passes the exclusions and is inside the chosen rules' age range.
 *
 *   representation index of a group = (cohort in group ÷ cohort) ÷ (eligible in group ÷ eligible)
 *
 * 1.0 is proportionate. A group below the threshold (0.5 by default) is flagged, and a run with a
 * flagged group is blocked until someone records why. A group with fewer eligible people than the
 * minimum (20) is shown as "too few to judge" and never flagged: one person more or less would
 * swing its index across the threshold. Pure.
 */

export const FAIRNESS_DIMENSIONS = ['age', 'sex', 'ethnicity', 'imd'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

export const FAIRNESS_DIMENSION_LABELS: { readonly [D in FairnessDimension]: string } = {
  age: 'Age (10-year bands)',
  sex: 'Sex',
  ethnicity: 'Ethnicity (ONS 5 groups)',
  imd: 'Deprivation (IMD quintile, 1 = most deprived)',
};

/** Groups of each dimension in display order. */
export const FAIRNESS_GROUPS: { readonly [D in FairnessDimension]: readonly string[] } = {
  age: ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'],
  sex: ['female', 'male', 'other', 'unknown'],
  ethnicity: ['white', 'mixed', 'asian', 'black', 'other', 'not_stated'],
  imd: ['1', '2', '3', '4', '5', 'unknown'],
};

export const FAIRNESS_GROUP_LABELS: Readonly<Record<string, string>> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Not known',
  white: 'White',
  mixed: 'Mixed',
  asian: 'Asian',
  black: 'Black',
  not_stated: 'Not stated',
};

/** A group's words for a dimension ('1' in IMD is "Quintile 1"; ethnicity "other" is "Other ethnic group"). */
export function fairnessGroupLabel(dimension: FairnessDimension, group: string): string {
  if (dimension === 'imd') return group === 'unknown' ? 'Not known' : `Quintile ${group}`;
  if (dimension === 'age') return group;
  if (dimension === 'ethnicity' && group === 'other') return 'Other ethnic group';
  return FAIRNESS_GROUP_LABELS[group] ?? group;
}

/** A rule that selects on a dimension by definition: that dimension is shown but cannot be flagged. */
export const RULE_SELECTS_ON: Partial<Record<CohortRuleCode, FairnessDimension>> = { 'DEP-1': 'imd' };

/** One eligible person, reduced to the four groups (and whether the cohort found them). */
export interface FairnessPerson {
  age: number;
  sex: string;
  /** NHS ethnic category letter, or null when not stated. */
  ethnicity: string | null;
  imdDecile: number | null;
  inCohort: boolean;
}

export type FairnessStatus = 'ok' | 'flagged' | 'too_few' | 'by_design';

export interface FairnessGroup {
  group: string;
  eligible: number;
  cohort: number;
  /** Shares as fractions (0–1) of the eligible population and of the cohort. */
  eligibleShare: number;
  cohortShare: number;
  /** Cohort share ÷ eligible share; null when nobody eligible is in the group or the cohort is empty. */
  index: number | null;
  status: FairnessStatus;
}

export interface FairnessCheck {
  threshold: number;
  minGroup: number;
  eligible: number;
  cohort: number;
  dimensions: { dimension: FairnessDimension; byDesign: CohortRuleCode | null; groups: FairnessGroup[] }[];
  /** `dimension:group` of every flagged group, e.g. "ethnicity:asian". */
  flagged: string[];
}

export function ageBand10(age: number): string {
  if (age >= 90) return '90+';
  const lo = Math.max(0, Math.floor(age / 10) * 10);
  return `${lo}-${lo + 9}`;
}

/** The ethnicity group of a letter: ONS 5 groups, with not stated (Z), not known and blank together. */
export function fairnessEthnicGroup(letter: string | null): string {
  if (letter === null || !isEthnicCategoryCode(letter)) return 'not_stated';
  const g = ethnicGroupOf(letter);
  return g === 'not_known' ? 'not_stated' : g;
}

export function imdQuintileGroup(decile: number | null): string {
  return decile === null ? 'unknown' : String(Math.ceil(decile / 2));
}

function groupOf(dimension: FairnessDimension, p: FairnessPerson): string {
  switch (dimension) {
    case 'age':
      return ageBand10(p.age);
    case 'sex':
      return FAIRNESS_GROUPS.sex.includes(p.sex) ? p.sex : 'unknown';
    case 'ethnicity':
      return fairnessEthnicGroup(p.ethnicity);
    case 'imd':
      return imdQuintileGroup(p.imdDecile);
  }
}

/** Counts per dimension and group, so the check can also be built from counts the database made. */
export type FairnessCounts = { readonly [D in FairnessDimension]: ReadonlyMap<string, { eligible: number; cohort: number }> };

/** Counts eligible people and the cohort by each dimension's groups. */
export function countFairness(people: Iterable<FairnessPerson>): FairnessCounts {
  const counts = {} as { [D in FairnessDimension]: Map<string, { eligible: number; cohort: number }> };
  for (const d of FAIRNESS_DIMENSIONS) counts[d] = new Map(FAIRNESS_GROUPS[d].map((g) => [g, { eligible: 0, cohort: 0 }]));
  for (const p of people)
    for (const d of FAIRNESS_DIMENSIONS) {
      const c = counts[d].get(groupOf(d, p));
      if (c === undefined) continue;
      c.eligible += 1;
      if (p.inCohort) c.cohort += 1;
    }
  return counts;
}

const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;

/**
 * The fairness check from counts. Groups with nobody eligible are left out; the index is rounded
 * to 2 places for showing but the flag is decided on the unrounded value.
 */
export function fairnessCheck(
  counts: FairnessCounts,
  chosenRules: readonly CohortRuleCode[],
  settings: CohortSettings['fairness'] = DEFAULT_COHORT_SETTINGS.fairness,
): FairnessCheck {
  const { threshold, minGroup } = settings;
  const flagged: string[] = [];
  let eligibleTotal = 0;
  let cohortTotal = 0;
  for (const c of counts.sex.values()) {
    eligibleTotal += c.eligible;
    cohortTotal += c.cohort;
  }
  const dimensions = FAIRNESS_DIMENSIONS.map((dimension) => {
    const byDesign = chosenRules.find((r) => RULE_SELECTS_ON[r] === dimension) ?? null;
    const groups: FairnessGroup[] = [];
    for (const group of FAIRNESS_GROUPS[dimension]) {
      const c = counts[dimension].get(group) ?? { eligible: 0, cohort: 0 };
      if (c.eligible === 0) continue;
      const eligibleShare = c.eligible / eligibleTotal;
      const cohortShare = cohortTotal === 0 ? 0 : c.cohort / cohortTotal;
      const index = cohortTotal === 0 ? null : cohortShare / eligibleShare;
      let status: FairnessStatus = 'ok';
      if (byDesign !== null) status = 'by_design';
      else if (c.eligible < minGroup) status = 'too_few';
      else if (index !== null && index < threshold) status = 'flagged';
      if (status === 'flagged') flagged.push(`${dimension}:${group}`);
      groups.push({
        group,
        eligible: c.eligible,
        cohort: c.cohort,
        eligibleShare: round(eligibleShare, 4),
        cohortShare: round(cohortShare, 4),
        index: index === null ? null : round(index, 2),
        status,
      });
    }
    return { dimension, byDesign, groups };
  });
  return { threshold, minGroup, eligible: eligibleTotal, cohort: cohortTotal, dimensions, flagged };
}
