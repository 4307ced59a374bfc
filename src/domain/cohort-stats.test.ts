import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeCohortStats, pairByCase, type CohortObservation, type CohortStats, type ScoreBand, type ScoreDirection } from './cohort-stats.ts';

/**
 * Where the expected numbers come from:
 *
 * 1. tests/outcomes/reference/cohort-reference.json — computed by
 *    tests/outcomes/reference/cohort_reference.py, an independent implementation in Python's
 *    standard library (no SciPy, nothing shared with @stdlib): t CDF by Simpson integration of the
 *    t density, the 0.975 quantile by bisection, the exact Wilcoxon p by enumerating all 2^n sign
 *    patterns, the normal approximation with tie and continuity corrections from the textbook
 *    formula. Regenerate with `python3 tests/outcomes/reference/cohort_reference.py >
 *    tests/outcomes/reference/cohort-reference.json`. Every statistic is compared to 4 decimal places.
 * 2. Published results printed in the literature, checked to the precision they were printed:
 *    - Darwin's Zea mays data: Fisher, The Design of Experiments (1935), ch. 3, paired t = 2.148
 *      on 14 degrees of freedom; Wilcoxon V = 96, two-sided exact p = 0.04126 (the @stdlib
 *      README, citing Cureton 1967).
 *    - Hollander & Wolfe (1973), p. 29, Hamilton depression scale: Wilcoxon V = 40, two-sided
 *      exact p = 0.0390625 (the @stdlib README; R's ?wilcox.test example).
 */

interface ReferenceCase {
  name: string;
  source: string;
  direction: ScoreDirection;
  meaningfulChange: number | null;
  bands: ScoreBand[];
  people: CohortObservation[];
  expected: {
    withBaseline: number;
    pairs: number;
    followUpWithoutBaseline: number;
    followUpRate: number;
    meanBaseline: number;
    meanFollowUp: number;
    tTest: { meanChange: number; sdChange: number; standardError: number; t: number; df: number; pValue: number; ci95Lower: number; ci95Upper: number };
    cohensDz: number;
    wilcoxon: { statistic: number; pValue: number; method: string; nonZero: number };
    meaningfulChange?: { threshold: number; improved: number; deteriorated: number; noMeaningfulChange: number; shareImproved: number };
    attrition?: { followedUp: number; lost: number; meanBaselineFollowedUp: number; meanBaselineLost: number; difference: number };
    bandTransitions?: { bands: string[]; counts: number[][]; unbanded: number };
  };
}

const reference = JSON.parse(readFileSync(new URL('../../tests/outcomes/reference/cohort-reference.json', import.meta.url), 'utf8')) as {
  cases: ReferenceCase[];
};

function run(c: ReferenceCase): CohortStats {
  return computeCohortStats(c.people, { direction: c.direction, meaningfulChange: c.meaningfulChange, bands: c.bands });
}

function byName(name: string): ReferenceCase {
  const c = reference.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`reference case ${name} missing`);
  return c;
}

describe('cohort statistics against independently computed reference values (4 dp)', () => {
  it('has the five reference cohorts', () => {
    expect(reference.cases.map((c) => c.name)).toEqual([
      'darwin-zea-mays',
      'hollander-wolfe-depression',
      'ons4-life-satisfaction-synthetic',
      'ons4-anxiety-synthetic',
      'metric-decimal-synthetic',
    ]);
  });

  describe.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const s = run(c);
    const e = c.expected;

    it('counts people, pairs and the follow-up rate', () => {
      expect(s.withBaseline).toBe(e.withBaseline);
      expect(s.pairs).toBe(e.pairs);
      expect(s.followUpWithoutBaseline).toBe(e.followUpWithoutBaseline);
      expect(s.followUpRate.value).toBeCloseTo(e.followUpRate, 4);
      expect(s.meanBaseline.value).toBeCloseTo(e.meanBaseline, 4);
      expect(s.meanFollowUp.value).toBeCloseTo(e.meanFollowUp, 4);
    });

    it('matches the paired t-test: mean change, SD, SE, t, df, p and the 95% CI', () => {
      const t = s.tTest.value;
      expect(s.tTest.reason).toBeNull();
      if (t === null) return;
      for (const key of ['meanChange', 'sdChange', 'standardError', 't', 'pValue', 'ci95Lower', 'ci95Upper'] as const) {
        expect(t[key], key).toBeCloseTo(e.tTest[key], 4);
      }
      expect(t.df).toBe(e.tTest.df);
    });

    it("matches Cohen's d_z", () => {
      expect(s.cohensDz.value).toBeCloseTo(e.cohensDz, 4);
    });

    it('matches the Wilcoxon signed-rank test (statistic, p, exact or approximate)', () => {
      const w = s.wilcoxon.value;
      expect(w).not.toBeNull();
      expect(w?.statistic).toBeCloseTo(e.wilcoxon.statistic, 4);
      expect(w?.pValue).toBeCloseTo(e.wilcoxon.pValue, 4);
      expect(w?.method).toBe(e.wilcoxon.method);
      expect(w?.nonZero).toBe(e.wilcoxon.nonZero);
    });

    it('matches the meaningful-change counts, attrition and band transitions', () => {
      if (e.meaningfulChange !== undefined) {
        const m = s.meaningfulChange.value;
        expect(m?.improved).toBe(e.meaningfulChange.improved);
        expect(m?.deteriorated).toBe(e.meaningfulChange.deteriorated);
        expect(m?.noMeaningfulChange).toBe(e.meaningfulChange.noMeaningfulChange);
        expect(m?.shareImproved).toBeCloseTo(e.meaningfulChange.shareImproved, 4);
      }
      if (e.attrition === undefined) expect(s.attrition.reason).toBe('none_lost_to_follow_up');
      else {
        const a = s.attrition.value;
        expect(a?.lost).toBe(e.attrition.lost);
        expect(a?.followedUp).toBe(e.attrition.followedUp);
        expect(a?.meanBaselineFollowedUp).toBeCloseTo(e.attrition.meanBaselineFollowedUp, 4);
        expect(a?.meanBaselineLost).toBeCloseTo(e.attrition.meanBaselineLost, 4);
        expect(a?.difference).toBeCloseTo(e.attrition.difference, 4);
      }
      if (e.bandTransitions === undefined) expect(s.bandTransitions.reason).toBe('no_bands_defined');
      else {
        expect(s.bandTransitions.value?.bands).toEqual(e.bandTransitions.bands);
        expect(s.bandTransitions.value?.counts).toEqual(e.bandTransitions.counts);
        expect(s.bandTransitions.value?.unbanded).toBe(e.bandTransitions.unbanded);
      }
    });
  });

  it('covers both Wilcoxon methods and both directions among the reference cases', () => {
    const methods = new Set(reference.cases.map((c) => c.expected.wilcoxon.method));
    expect(methods).toEqual(new Set(['exact', 'normal_approximation']));
    expect(new Set(reference.cases.map((c) => c.direction))).toEqual(new Set(['higher_is_better', 'higher_is_worse']));
  });
});

describe('cohort statistics against results printed in the literature', () => {
  it("Darwin's Zea mays: Fisher's t = 2.148 on 14 df; Wilcoxon V = 96, p = 0.04126", () => {
    const s = run(byName('darwin-zea-mays'));
    expect(s.tTest.value?.t).toBeCloseTo(2.148, 3);
    expect(s.tTest.value?.df).toBe(14);
    expect(s.wilcoxon.value?.statistic).toBe(96);
    expect(s.wilcoxon.value?.pValue).toBeCloseTo(0.04126, 5);
  });

  it('Hollander & Wolfe depression scale: V = 40, two-sided exact p = 0.0390625', () => {
    const s = run(byName('hollander-wolfe-depression'));
    expect(s.wilcoxon.value?.statistic).toBe(40);
    expect(s.wilcoxon.value?.pValue).toBeCloseTo(0.0390625, 7);
    expect(s.wilcoxon.value?.method).toBe('exact');
  });
});

describe('direction-aware meaningful change', () => {
  it('counts a fall as an improvement when higher is worse (ONS4 anxiety) and a rise when higher is better', () => {
    const people = [
      { baseline: 8, followUp: 5 },
      { baseline: 6, followUp: 7 },
      { baseline: 5, followUp: 5 },
      { baseline: 3, followUp: 6 },
    ];
    const worse = computeCohortStats(people, { direction: 'higher_is_worse', meaningfulChange: 2, bands: [] });
    expect(worse.meaningfulChange.value).toMatchObject({ improved: 1, deteriorated: 1, noMeaningfulChange: 2 });
    const better = computeCohortStats(people, { direction: 'higher_is_better', meaningfulChange: 2, bands: [] });
    expect(better.meaningfulChange.value).toMatchObject({ improved: 1, deteriorated: 1, noMeaningfulChange: 2 });
    // The change of exactly the threshold counts (at least the meaningful change).
    expect(
      computeCohortStats([{ baseline: 3, followUp: 5 }], { direction: 'higher_is_better', meaningfulChange: 2, bands: [] }).meaningfulChange.value?.improved,
    ).toBe(1);
    expect(
      computeCohortStats([{ baseline: 3, followUp: 5 }], { direction: 'higher_is_worse', meaningfulChange: 2, bands: [] }).meaningfulChange.value?.deteriorated,
    ).toBe(1);
  });

  it('counts any change, and says so, when the instrument has no established meaningful change (ONS4)', () => {
    const people = [
      { baseline: 1, followUp: 2 },
      { baseline: 2, followUp: 4 },
      { baseline: 5, followUp: 5 },
      { baseline: 6, followUp: 3 },
    ];
    const s = computeCohortStats(people, { direction: 'higher_is_better', meaningfulChange: null, bands: [] });
    expect(s.meaningfulChange.value).toEqual({ basis: 'any_change', threshold: null, improved: 2, noMeaningfulChange: 1, deteriorated: 1, shareImproved: 0.5 });
    const worse = computeCohortStats(people, { direction: 'higher_is_worse', meaningfulChange: null, bands: [] });
    expect(worse.meaningfulChange.value).toMatchObject({ improved: 1, deteriorated: 2 });
  });
});

describe('edge cases: nulls with a reason, never NaN', () => {
  const opts = {
    direction: 'higher_is_better' as const,
    meaningfulChange: 1,
    bands: [
      { code: 'low', label: 'Low', min: 0, max: 4 },
      { code: 'high', label: 'High', min: 5, max: 10 },
    ],
  };

  function noNaN(s: CohortStats): void {
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/NaN|Infinity/);
    // JSON.stringify turns NaN into null silently, so check the numbers themselves too.
    const walk = (v: unknown): void => {
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(s);
  }

  it('an empty cohort', () => {
    const s = computeCohortStats([], opts);
    noNaN(s);
    expect(s).toMatchObject({ withBaseline: 0, pairs: 0 });
    expect(s.followUpRate.reason).toBe('too_few_pairs');
    expect(s.meanBaseline.reason).toBe('too_few_pairs');
    expect(s.tTest.reason).toBe('too_few_pairs');
    expect(s.wilcoxon.reason).toBe('too_few_pairs');
    expect(s.attrition.reason).toBe('none_followed_up');
    expect(s.bandTransitions.reason).toBe('too_few_pairs');
  });

  it('baselines only: follow-up rate 0, nothing paired', () => {
    const s = computeCohortStats(
      [
        { baseline: 3, followUp: null },
        { baseline: 4, followUp: null },
      ],
      opts,
    );
    noNaN(s);
    expect(s.followUpRate.value).toBe(0);
    expect(s.attrition.reason).toBe('none_followed_up');
  });

  it('one pair: means and transitions but no tests', () => {
    const s = computeCohortStats(
      [
        { baseline: 3, followUp: 6 },
        { baseline: 5, followUp: null },
      ],
      opts,
    );
    noNaN(s);
    expect(s.meanBaseline.value).toBe(3);
    expect(s.tTest).toEqual({ value: null, reason: 'too_few_pairs' });
    expect(s.cohensDz).toEqual({ value: null, reason: 'too_few_pairs' });
    expect(s.wilcoxon).toEqual({ value: null, reason: 'too_few_pairs' });
    expect(s.bandTransitions.value?.counts).toEqual([
      [0, 1],
      [0, 0],
    ]);
    expect(s.attrition.value).toMatchObject({ meanBaselineFollowedUp: 3, meanBaselineLost: 5, difference: -2 });
  });

  it('all differences zero', () => {
    const s = computeCohortStats(
      [
        { baseline: 3, followUp: 3 },
        { baseline: 5, followUp: 5 },
        { baseline: 7, followUp: 7 },
      ],
      opts,
    );
    noNaN(s);
    expect(s.tTest.reason).toBe('all_differences_zero');
    expect(s.cohensDz.reason).toBe('all_differences_zero');
    expect(s.wilcoxon.reason).toBe('all_differences_zero');
    expect(s.meaningfulChange.value).toMatchObject({ improved: 0, noMeaningfulChange: 3 });
  });

  it('every difference the same non-zero value (SD 0): no t or d_z, Wilcoxon still answers', () => {
    const s = computeCohortStats(
      [
        { baseline: 3, followUp: 5 },
        { baseline: 5, followUp: 7 },
        { baseline: 6, followUp: 8 },
      ],
      opts,
    );
    noNaN(s);
    expect(s.tTest.reason).toBe('no_variation');
    expect(s.cohensDz.reason).toBe('no_variation');
    expect(s.wilcoxon.value?.method).toBe('normal_approximation');
  });

  it('decimal scores: floating-point noise does not create spurious differences', () => {
    // 7.1 − 5.3 and 3.8 − 2.0 are both 1.8 but differ in binary floating point.
    const s = computeCohortStats(
      [
        { baseline: 5.3, followUp: 7.1 },
        { baseline: 2.0, followUp: 3.8 },
        { baseline: 0.3, followUp: 0.1 + 0.2 },
      ],
      opts,
    );
    expect(s.wilcoxon.value).toMatchObject({ nonZero: 2, method: 'normal_approximation' });
  });

  it('scores outside every band are counted as unbanded, not dropped silently', () => {
    const s = computeCohortStats(
      [
        { baseline: 3, followUp: 12 },
        { baseline: 6, followUp: 2 },
      ],
      opts,
    );
    expect(s.bandTransitions.value).toMatchObject({
      counts: [
        [0, 0],
        [1, 0],
      ],
      unbanded: 1,
    });
  });
});

describe('pairByCase: the pairing rule', () => {
  const p = (
    caseId: string,
    timepoint: 'baseline' | 'review' | 'final',
    administeredOn: string,
    score: number | null,
    recordedAt = `${administeredOn}T10:00:00.000Z`,
  ) => ({ caseId, timepoint, administeredOn, recordedAt, score });

  it('takes the earliest baseline and the latest final, ignoring reviews when a final exists', () => {
    const pairs = pairByCase([
      p('a', 'baseline', '2026-02-01', 5),
      p('a', 'baseline', '2026-01-10', 3),
      p('a', 'review', '2026-04-01', 6),
      p('a', 'final', '2026-05-01', 7),
      p('a', 'final', '2026-06-01', 8),
      p('a', 'review', '2026-07-01', 2),
    ]);
    expect(pairs).toEqual([{ baseline: 3, followUp: 8 }]);
  });

  it('falls back to the latest review when there is no final', () => {
    expect(pairByCase([p('b', 'baseline', '2026-01-01', 4), p('b', 'review', '2026-03-01', 5), p('b', 'review', '2026-05-01', 6)])).toEqual([
      { baseline: 4, followUp: 6 },
    ]);
  });

  it('keeps baselines without follow-up (lost) and follow-ups without baseline apart', () => {
    const pairs = pairByCase([p('c', 'baseline', '2026-01-01', 4), p('d', 'final', '2026-03-01', 6)]);
    expect(pairs).toEqual([
      { baseline: 4, followUp: null },
      { baseline: null, followUp: 6 },
    ]);
  });

  it('ignores a follow-up dated before the baseline and breaks same-day ties by when it was recorded', () => {
    expect(pairByCase([p('e', 'final', '2025-12-01', 9), p('e', 'baseline', '2026-01-01', 4)])).toEqual([{ baseline: 4, followUp: null }]);
    expect(
      pairByCase([
        p('f', 'baseline', '2026-01-01', 4, '2026-01-01T09:00:00.000Z'),
        p('f', 'baseline', '2026-01-01', 2, '2026-01-01T08:00:00.000Z'),
        p('f', 'final', '2026-03-01', 5, '2026-03-01T08:00:00.000Z'),
        p('f', 'final', '2026-03-01', 7, '2026-03-01T09:00:00.000Z'),
      ]),
    ).toEqual([{ baseline: 2, followUp: 7 }]);
  });

  it('skips administrations without a score for this measure', () => {
    expect(pairByCase([p('g', 'baseline', '2026-01-01', null), p('g', 'baseline', '2026-01-02', 5), p('g', 'final', '2026-03-01', null)])).toEqual([
      { baseline: 5, followUp: null },
    ]);
  });
});
