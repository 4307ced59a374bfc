/**
 * Why a cohort statistic is withheld (coded; the web explains each in plain English). Declared here,
 * not in cohort-stats.ts, so the browser can use them without bundling the @stdlib tests.
 */
export const STAT_REASONS = [
  'too_few_pairs',
  'no_variation',
  'all_differences_zero',
  'no_bands_defined',
  'none_lost_to_follow_up',
  'none_followed_up',
  'small_cohort_withheld',
  'small_number_suppressed',
] as const;
export type StatReason = (typeof STAT_REASONS)[number];

/** A statistic or the reason it is withheld: exactly one of the two is non-null. */
export type Stat<T> = { value: T; reason: null } | { value: null; reason: StatReason };
