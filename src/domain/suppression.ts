import type { AttritionResult, BandTransitions, CohortStats, MeaningfulChangeResult, PairedTTest, WilcoxonResult } from './cohort-stats.ts';
import type { Role } from './roles.ts';
import type { Stat, StatReason } from './stat.ts';
import { MIN_PAIRS_FOR_RELEASE, ROUND_TO, SUPPRESS_UP_TO, suppressTableCounts, type Disclosure } from './insight/disclosure.ts';

export { MIN_PAIRS_FOR_RELEASE, ROUND_TO, SUPPRESS_UP_TO, type Disclosure } from './insight/disclosure.ts';

export { STAT_REASONS, type Stat, type StatReason } from './stat.ts';

/**
 * Small-number suppression for figures that leave the PCN (DOMAIN.md §6, the NHS England /
 * OpenSAFELY rule): counts of 1–7 are shown as `*`, every other count is rounded to the nearest 5
 * (0 stays 0), and percentages are computed from the rounded values (a percentage with a
 * suppressed part is itself `*`). Rounding every count, not only the small ones, is what stops a
 * reader recovering a hidden cell by subtracting the others from a total.
 *
 * Statistics (means, tests, effect sizes) computed on fewer than MIN_PAIRS_FOR_RELEASE people are
 * withheld with a reason, because a mean of three people is close to a person's own score; those
 * released are rounded to 2 decimal places and the counts they would reveal (t's degrees of
 * freedom, the Wilcoxon non-zero count) are left out.
 */

/** Decimal places statistics are rounded to in suppressed reports. */
export const SUPPRESSED_DECIMALS = 2;

/** A count as shown: exact, rounded, or `*`. */
export type Count = number | '*';

/** Whether a figure is for the screen or a file that will travel. */
export type DisclosurePurpose = 'view' | 'export';

/**
 * Who sees what:
 * - commissioner (ICB or council): always suppressed — their reports leave the PCN by definition;
 * - pcn_lead: exact on screen (the PCN's own accountable lead, within the PCN), suppressed in
 *   the CSV export, because a downloaded file is how figures leave the PCN (board papers, ICB returns);
 * - lead (link worker lead) and the command-line operator: exact within their scope;
 * - anyone may ask for the suppressed version (to prepare figures for publication).
 */
export function disclosureFor(role: Role | 'system', purpose: DisclosurePurpose, requested: Disclosure | undefined): Disclosure {
  if (role === 'commissioner') return 'suppressed';
  if (role === 'pcn_lead' && purpose === 'export') return 'suppressed';
  return requested ?? 'exact';
}

/** Suppresses one count: 1–7 → `*`, otherwise rounded to the nearest 5. */
export function suppressCount(n: number): Count {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('A count must be a non-negative integer');
  if (n >= 1 && n <= SUPPRESS_UP_TO) return '*';
  return Math.round(n / ROUND_TO) * ROUND_TO;
}

/** A count as shown under the given disclosure. */
export function discloseCount(n: number, disclosure: Disclosure): Count {
  return disclosure === 'exact' ? n : suppressCount(n);
}

/**
 * A proportion (0–1) of two shown counts: `*` when either part is suppressed, null when the
 * denominator is 0. Under suppression the parts are the rounded values, as the rule requires.
 */
export function shareOf(numerator: Count, denominator: Count): number | '*' | null {
  if (numerator === '*' || denominator === '*') return '*';
  if (denominator === 0) return null;
  return numerator / denominator;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** The cohort statistics as shown to a reader: counts may be `*`, shares may be `*`. */
export interface CohortStatsView {
  disclosure: Disclosure;
  withBaseline: Count;
  pairs: Count;
  followUpWithoutBaseline: Count;
  followUpRate: Stat<number | '*'>;
  meanBaseline: Stat<number>;
  meanFollowUp: Stat<number>;
  tTest: Stat<Omit<PairedTTest, 'df'> & { df: number | null }>;
  cohensDz: Stat<number>;
  wilcoxon: Stat<Omit<WilcoxonResult, 'nonZero'> & { nonZero: number | null }>;
  meaningfulChange: Stat<
    Omit<MeaningfulChangeResult, 'improved' | 'noMeaningfulChange' | 'deteriorated' | 'shareImproved'> & {
      improved: Count;
      noMeaningfulChange: Count;
      deteriorated: Count;
      shareImproved: number | '*' | null;
    }
  >;
  attrition: Stat<Omit<AttritionResult, 'followedUp' | 'lost'> & { followedUp: Count; lost: Count }>;
  bandTransitions: Stat<Omit<BandTransitions, 'counts' | 'unbanded'> & { counts: Count[][]; unbanded: Count }>;
}

const withheld = <T>(reason: StatReason): Stat<T> => ({ value: null, reason });

function mapStat<A, B>(s: Stat<A>, f: (a: A) => B): Stat<B> {
  return s.reason !== null ? { value: null, reason: s.reason } : { value: f(s.value), reason: null };
}

/**
 * The cohort statistics under a disclosure. `exact` passes every figure through unchanged;
 * `suppressed` applies the rule above to every count and share, withholds statistics on fewer
 * than MIN_PAIRS_FOR_RELEASE pairs (and attrition means on fewer than that many lost or followed
 * up), and rounds the statistics it releases.
 */
export function discloseCohortStats(stats: CohortStats, disclosure: Disclosure): CohortStatsView {
  if (disclosure === 'exact') {
    return {
      ...stats,
      disclosure,
      followUpRate: stats.followUpRate,
      meaningfulChange: stats.meaningfulChange,
      attrition: stats.attrition,
      bandTransitions: stats.bandTransitions,
    };
  }
  const count = suppressCount;
  const r = (v: number) => round(v, SUPPRESSED_DECIMALS);
  const withBaseline = count(stats.withBaseline);
  const pairs = count(stats.pairs);
  const enough = stats.pairs >= MIN_PAIRS_FOR_RELEASE;
  const small = <T>(s: Stat<T>, f: (a: T) => T): Stat<T> => (s.value !== null && !enough ? withheld('small_cohort_withheld') : mapStat(s, f));

  let followUpRate: Stat<number | '*'>;
  if (stats.followUpRate.value === null) followUpRate = { value: null, reason: stats.followUpRate.reason };
  else {
    const share = shareOf(pairs, withBaseline);
    followUpRate = share === null ? withheld('too_few_pairs') : share === '*' ? withheld('small_number_suppressed') : { value: share, reason: null };
  }

  let attrition: CohortStatsView['attrition'];
  if (stats.attrition.value === null) attrition = { value: null, reason: stats.attrition.reason };
  else if (stats.attrition.value.lost < MIN_PAIRS_FOR_RELEASE || stats.attrition.value.followedUp < MIN_PAIRS_FOR_RELEASE) {
    attrition = withheld('small_cohort_withheld');
  } else {
    const a = stats.attrition.value;
    attrition = {
      value: {
        followedUp: count(a.followedUp),
        lost: count(a.lost),
        meanBaselineFollowedUp: r(a.meanBaselineFollowedUp),
        meanBaselineLost: r(a.meanBaselineLost),
        difference: r(a.difference),
      },
      reason: null,
    };
  }

  return {
    disclosure,
    withBaseline,
    pairs,
    followUpWithoutBaseline: count(stats.followUpWithoutBaseline),
    followUpRate,
    meanBaseline: small(stats.meanBaseline, r),
    meanFollowUp: small(stats.meanFollowUp, r),
    tTest: mapStat(
      small(stats.tTest, (t) => t),
      (t) => ({
        meanChange: r(t.meanChange),
        sdChange: r(t.sdChange),
        standardError: r(t.standardError),
        t: r(t.t),
        df: null,
        pValue: round(t.pValue, 3),
        ci95Lower: r(t.ci95Lower),
        ci95Upper: r(t.ci95Upper),
      }),
    ),
    cohensDz: small(stats.cohensDz, r),
    wilcoxon: mapStat(
      small(stats.wilcoxon, (w) => w),
      (w) => ({ statistic: w.statistic, pValue: round(w.pValue, 3), method: w.method, nonZero: null }),
    ),
    meaningfulChange: mapStat(stats.meaningfulChange, (m) => {
      // One table with the pairs as its total: the same engine as every report (secondary suppression included).
      const hidden = suppressTableCounts([
        { table: 'change', group: 'improved', value: m.improved },
        { table: 'change', group: 'no_change', value: m.noMeaningfulChange },
        { table: 'change', group: 'deteriorated', value: m.deteriorated },
        { table: 'change', group: 'total', value: stats.pairs },
      ]);
      const shown = (group: string, n: number): Count => (hidden.has(`change/${group}`) ? '*' : count(n));
      const improved = shown('improved', m.improved);
      return {
        basis: m.basis,
        threshold: m.threshold,
        improved,
        noMeaningfulChange: shown('no_change', m.noMeaningfulChange),
        deteriorated: shown('deteriorated', m.deteriorated),
        shareImproved: shareOf(improved, pairs),
      };
    }),
    attrition,
    bandTransitions: mapStat(stats.bandTransitions, (b) => {
      // A two-way table (baseline band × follow-up band) with no totals shown: primary and zero-cell rules.
      const hidden = suppressTableCounts(b.counts.flatMap((row, i) => row.map((value, j) => ({ table: 'bands', group: `${i}|${j}`, value }))));
      return {
        bands: b.bands,
        labels: b.labels,
        counts: b.counts.map((row, i) => row.map((c, j) => (hidden.has(`bands/${i}|${j}`) ? '*' : count(c)))),
        unbanded: count(b.unbanded),
      };
    }),
  };
}
