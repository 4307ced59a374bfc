import ttest from '@stdlib/stats-ttest';
import wilcoxon from '@stdlib/stats-wilcoxon';
import type { Stat, StatReason } from './stat.ts';

export { STAT_REASONS, type Stat, type StatReason } from './stat.ts';

/**
 * Pre/post cohort statistics for one score (an instrument's primary score, or one ONS4 item), the
 * way an evaluator reports them (DOMAIN.md §5): who has a baseline, who was followed up, mean
 * change with a 95% confidence interval from the paired t-test, Cohen's d_z, the Wilcoxon
 * signed-rank test as a check that does not assume normal differences, the share with a
 * meaningful improvement (direction-aware), the baselines of those followed up against those lost,
 * and band transitions. Pure: no I/O. Every statistic that cannot be computed is `null` with a
 * coded reason, so the JSON never carries NaN or Infinity.
 *
 * Methods (docs/ARCHITECTURE.md "Outcome analysis"):
 * - change = follow-up − baseline (raw score units; its sign is not adjusted for direction);
 * - paired t: one-sample t on the differences (@stdlib/stats-ttest), 95% CI mean ± t(0.975, n−1)·sd/√n;
 * - d_z = mean difference / sample SD of the differences (n − 1 denominator);
 * - Wilcoxon signed-rank (@stdlib/stats-wilcoxon), two-sided, zero differences dropped
 *   (Wilcoxon's method, R's default); exact null distribution when there are no more than 50
 *   non-zero differences and no ties or zeros, otherwise the normal approximation with the tie
 *   correction of the variance and a 0.5 continuity correction (the same rules as R's wilcox.test).
 */

/** Matches the instrument definitions' direction (src/domain/instruments). */
export type ScoreDirection = 'higher_is_better' | 'higher_is_worse';

/** An inclusive band on a score, e.g. ONS4 life satisfaction 7–8 "high". */
export interface ScoreBand {
  code: string;
  label: string;
  min: number;
  max: number;
}

/** One person (case) in the cohort: their baseline score and follow-up score, either possibly missing. */
export interface CohortObservation {
  baseline: number | null;
  followUp: number | null;
}

export interface CohortStatsOptions {
  direction: ScoreDirection;
  /**
   * The smallest change that counts as meaningful, in score points; null when none is established
   * (ONS4), and then any improvement counts and the result says `basis: 'any_change'`.
   */
  meaningfulChange: number | null;
  /** Bands for the transition table; empty when the score has none. */
  bands: readonly ScoreBand[];
}

export interface PairedTTest {
  meanChange: number;
  sdChange: number;
  standardError: number;
  t: number;
  df: number;
  pValue: number;
  ci95Lower: number;
  ci95Upper: number;
}

export interface WilcoxonResult {
  /** V: the sum of the ranks of the positive differences (follow-up above baseline), as R reports it. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal_approximation';
  /** Differences that were not zero (zeros are dropped before ranking). */
  nonZero: number;
}

export interface MeaningfulChangeResult {
  /** Judged against the instrument's meaningful change, or (none established) any change at all. */
  basis: 'meaningful_change' | 'any_change';
  threshold: number | null;
  improved: number;
  noMeaningfulChange: number;
  deteriorated: number;
  /** improved / pairs */
  shareImproved: number;
}

export interface AttritionResult {
  followedUp: number;
  lost: number;
  meanBaselineFollowedUp: number;
  meanBaselineLost: number;
  /** followed-up mean − lost mean */
  difference: number;
}

export interface BandTransitions {
  /** Band codes in order; `counts[from][to]` is the number of people who moved from band `from` to `to`. */
  bands: string[];
  labels: string[];
  counts: number[][];
  /** Pairs whose baseline or follow-up fell in no band (a score outside every band). */
  unbanded: number;
}

export interface CohortStats {
  /** People with a baseline score. */
  withBaseline: number;
  /** People with a baseline and a follow-up score (the pairs analysed). */
  pairs: number;
  /** Follow-up scores without a baseline (not analysable; shown for transparency). */
  followUpWithoutBaseline: number;
  followUpRate: Stat<number>;
  meanBaseline: Stat<number>;
  meanFollowUp: Stat<number>;
  tTest: Stat<PairedTTest>;
  cohensDz: Stat<number>;
  wilcoxon: Stat<WilcoxonResult>;
  meaningfulChange: Stat<MeaningfulChangeResult>;
  attrition: Stat<AttritionResult>;
  bandTransitions: Stat<BandTransitions>;
}

const ok = <T>(value: T): Stat<T> => ({ value, reason: null });
const withheld = <T>(reason: StatReason): Stat<T> => ({ value: null, reason });

/**
 * Differences are rounded to 1e-9 before testing so that decimal scores (a converted metric like
 * 19.25) do not make spurious non-ties or non-zeros out of floating-point noise (7.1 − 5.3).
 */
function difference(followUp: number, baseline: number): number {
  return Math.round((followUp - baseline) * 1e9) / 1e9;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1 denominator); needs at least two values. */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (values.length - 1));
}

function finite(...values: number[]): boolean {
  return values.every((v) => Number.isFinite(v));
}

/** The paired t-test on the differences, or why it cannot be computed. */
export function pairedTTest(diffs: readonly number[]): Stat<PairedTTest> {
  if (diffs.length < 2) return withheld('too_few_pairs');
  const sd = sampleSd(diffs);
  if (sd === 0) return withheld(diffs.every((d) => d === 0) ? 'all_differences_zero' : 'no_variation');
  const out = ttest([...diffs], { alpha: 0.05, alternative: 'two-sided', mu: 0 });
  const [lower, upper] = out.ci;
  if (lower === undefined || upper === undefined || !finite(out.mean, out.sd, out.statistic, out.pValue, lower, upper)) {
    return withheld('no_variation');
  }
  return ok({
    meanChange: out.mean,
    sdChange: sd,
    // stdlib names the standard error of the mean `sd`.
    standardError: out.sd,
    t: out.statistic,
    df: out.df,
    pValue: out.pValue,
    ci95Lower: lower,
    ci95Upper: upper,
  });
}

/** Cohen's d_z: mean difference over the SD of the differences (the paired-design effect size). */
export function cohensDz(diffs: readonly number[]): Stat<number> {
  if (diffs.length < 2) return withheld('too_few_pairs');
  const sd = sampleSd(diffs);
  if (sd === 0) return withheld(diffs.every((d) => d === 0) ? 'all_differences_zero' : 'no_variation');
  return ok(mean(diffs) / sd);
}

/** The two-sided Wilcoxon signed-rank test on the differences (zeros dropped). */
export function wilcoxonSignedRank(diffs: readonly number[]): Stat<WilcoxonResult> {
  if (diffs.length < 2) return withheld('too_few_pairs');
  const nonZero = diffs.filter((d) => d !== 0);
  if (nonZero.length === 0) return withheld('all_differences_zero');
  const abs = nonZero.map(Math.abs);
  const tied = new Set(abs).size !== abs.length;
  const zeros = diffs.length - nonZero.length;
  // The same rule @stdlib applies inside (main.js): exact only with ≤ 50 non-zero, no ties, no zeros.
  const method = nonZero.length > 50 || zeros > 0 || tied ? 'normal_approximation' : 'exact';
  const out = wilcoxon([...diffs], { alternative: 'two-sided', zeroMethod: 'wilcox', correction: true, exact: false });
  // A two-sided exact p doubles a tail and can pass 1 when V sits at the centre; R caps it too.
  const pValue = Math.min(1, out.pValue);
  if (!finite(pValue, out.statistic)) return withheld('no_variation');
  return ok({ statistic: out.statistic, pValue, method, nonZero: nonZero.length });
}

function improvement(change: number, direction: ScoreDirection): number {
  return direction === 'higher_is_better' ? change : -change;
}

function bandIndex(bands: readonly ScoreBand[], score: number): number {
  return bands.findIndex((b) => score >= b.min && score <= b.max);
}

/** Computes every cohort statistic for one score. */
export function computeCohortStats(observations: readonly CohortObservation[], options: CohortStatsOptions): CohortStats {
  const withBaseline = observations.filter((o): o is { baseline: number; followUp: number | null } => o.baseline !== null);
  const paired = withBaseline.filter((o): o is { baseline: number; followUp: number } => o.followUp !== null);
  const lost = withBaseline.filter((o) => o.followUp === null);
  const followUpWithoutBaseline = observations.filter((o) => o.baseline === null && o.followUp !== null).length;
  const diffs = paired.map((p) => difference(p.followUp, p.baseline));
  const n = paired.length;

  const followUpRate: Stat<number> = withBaseline.length === 0 ? withheld('too_few_pairs') : ok(n / withBaseline.length);
  const meanBaseline: Stat<number> = n === 0 ? withheld('too_few_pairs') : ok(mean(paired.map((p) => p.baseline)));
  const meanFollowUp: Stat<number> = n === 0 ? withheld('too_few_pairs') : ok(mean(paired.map((p) => p.followUp)));

  let meaningful: Stat<MeaningfulChangeResult>;
  if (n === 0) meaningful = withheld('too_few_pairs');
  else {
    const threshold = options.meaningfulChange;
    let improved = 0;
    let deteriorated = 0;
    for (const d of diffs) {
      const better = improvement(d, options.direction);
      // Without an established threshold any change counts (and `basis` says so), as on the case.
      if (threshold === null ? better > 0 : better >= threshold) improved += 1;
      else if (threshold === null ? better < 0 : better <= -threshold) deteriorated += 1;
    }
    meaningful = ok({
      basis: threshold === null ? 'any_change' : 'meaningful_change',
      threshold,
      improved,
      deteriorated,
      noMeaningfulChange: n - improved - deteriorated,
      shareImproved: improved / n,
    });
  }

  let attrition: Stat<AttritionResult>;
  if (n === 0) attrition = withheld('none_followed_up');
  else if (lost.length === 0) attrition = withheld('none_lost_to_follow_up');
  else {
    const a = mean(paired.map((p) => p.baseline));
    const b = mean(lost.map((p) => p.baseline));
    attrition = ok({ followedUp: n, lost: lost.length, meanBaselineFollowedUp: a, meanBaselineLost: b, difference: a - b });
  }

  let transitions: Stat<BandTransitions>;
  if (options.bands.length === 0) transitions = withheld('no_bands_defined');
  else if (n === 0) transitions = withheld('too_few_pairs');
  else {
    const k = options.bands.length;
    const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    let unbanded = 0;
    for (const p of paired) {
      const from = bandIndex(options.bands, p.baseline);
      const to = bandIndex(options.bands, p.followUp);
      const row = counts[from];
      if (from < 0 || to < 0 || row === undefined) unbanded += 1;
      else row[to] = (row[to] ?? 0) + 1;
    }
    transitions = ok({ bands: options.bands.map((b) => b.code), labels: options.bands.map((b) => b.label), counts, unbanded });
  }

  return {
    withBaseline: withBaseline.length,
    pairs: n,
    followUpWithoutBaseline,
    followUpRate,
    meanBaseline,
    meanFollowUp,
    tTest: pairedTTest(diffs),
    cohensDz: cohensDz(diffs),
    wilcoxon: wilcoxonSignedRank(diffs),
    meaningfulChange: meaningful,
    attrition,
    bandTransitions: transitions,
  };
}

/** One scored administration of an instrument on a case, as the pairing rule sees it. */
export interface ScoredPoint {
  caseId: string;
  timepoint: 'baseline' | 'review' | 'final';
  /** YYYY-MM-DD */
  administeredOn: string;
  /** When it was recorded (ISO); breaks ties between administrations on the same day. */
  recordedAt: string;
  /** The score analysed (primary score or one item); null when this administration has none. */
  score: number | null;
}

const byTime = (a: ScoredPoint, b: ScoredPoint): number =>
  a.administeredOn < b.administeredOn ? -1 : a.administeredOn > b.administeredOn ? 1 : a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0;

/**
 * The pairing rule, per case (referral): baseline = the earliest `baseline` administration;
 * follow-up = the latest `final`, or, when the case has no final, the latest `review` — so a
 * person still being supported, or who left before a final was taken, counts as followed up by
 * their last review rather than as lost. A follow-up dated before the baseline is ignored (it
 * cannot measure change since the baseline). Administrations without a score are skipped.
 */
export function pairByCase(points: readonly ScoredPoint[]): CohortObservation[] {
  const byCase = new Map<string, ScoredPoint[]>();
  for (const p of points) {
    if (p.score === null || !Number.isFinite(p.score)) continue;
    const list = byCase.get(p.caseId);
    if (list === undefined) byCase.set(p.caseId, [p]);
    else list.push(p);
  }
  const out: CohortObservation[] = [];
  for (const list of byCase.values()) {
    list.sort(byTime);
    const baseline = list.find((p) => p.timepoint === 'baseline');
    const after = (p: ScoredPoint) => baseline === undefined || byTime(p, baseline) > 0;
    const finals = list.filter((p) => p.timepoint === 'final' && after(p));
    const reviews = list.filter((p) => p.timepoint === 'review' && after(p));
    const followUp = finals.at(-1) ?? reviews.at(-1);
    out.push({ baseline: baseline?.score ?? null, followUp: followUp?.score ?? null });
  }
  return out;
}
