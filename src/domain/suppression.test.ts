import { describe, expect, it } from 'vitest';
import { computeCohortStats, type CohortObservation } from './cohort-stats.ts';
import { disclosureFor, discloseCohortStats, MIN_PAIRS_FOR_RELEASE, shareOf, suppressCount } from './suppression.ts';

describe('suppressCount (DOMAIN.md §6: 1–7 → *, others to the nearest 5)', () => {
  it.each([
    [0, 0],
    [1, '*'],
    [2, '*'],
    [5, '*'],
    [7, '*'],
    [8, 10],
    [9, 10],
    [10, 10],
    [11, 10],
    [12, 10],
    [13, 15],
    [14, 15],
    [15, 15],
    [17, 15],
    [18, 20],
    [22, 20],
    [23, 25],
    [98, 100],
    [102, 100],
    [103, 105],
    [1234, 1235],
  ] as const)('%d → %s', (n, shown) => {
    expect(suppressCount(n)).toBe(shown);
  });

  it('refuses anything that is not a count', () => {
    expect(() => suppressCount(-1)).toThrow(RangeError);
    expect(() => suppressCount(2.5)).toThrow(RangeError);
  });
});

describe('shareOf: percentages from the rounded values', () => {
  it('divides the shown (rounded) values, not the true ones', () => {
    // True 12 of 23 = 52.2%; shown 10 of 25 = 40%.
    expect(shareOf(suppressCount(12), suppressCount(23))).toBeCloseTo(0.4, 10);
  });
  it('is * when a part is suppressed and null with nothing to divide by', () => {
    expect(shareOf('*', 20)).toBe('*');
    expect(shareOf(10, '*')).toBe('*');
    expect(shareOf(0, 0)).toBeNull();
  });
});

describe('disclosureFor', () => {
  it('commissioners always get suppressed figures, whatever they ask for', () => {
    expect(disclosureFor('commissioner', 'view', 'exact')).toBe('suppressed');
    expect(disclosureFor('commissioner', 'export', undefined)).toBe('suppressed');
  });
  it('PCN leads see exact figures on screen but export suppressed ones', () => {
    expect(disclosureFor('pcn_lead', 'view', undefined)).toBe('exact');
    expect(disclosureFor('pcn_lead', 'export', 'exact')).toBe('suppressed');
  });
  it('leads see exact figures unless they ask for the suppressed version', () => {
    expect(disclosureFor('lead', 'view', undefined)).toBe('exact');
    expect(disclosureFor('lead', 'export', undefined)).toBe('exact');
    expect(disclosureFor('lead', 'export', 'suppressed')).toBe('suppressed');
  });
});

const bands = [
  { code: 'low', label: 'Low', min: 0, max: 4 },
  { code: 'high', label: 'High', min: 5, max: 10 },
];

function cohort(pairs: number, lost: number): CohortObservation[] {
  const people: CohortObservation[] = [];
  for (let i = 0; i < pairs; i++) people.push({ baseline: 2 + (i % 3), followUp: 4 + (i % 5) });
  for (let i = 0; i < lost; i++) people.push({ baseline: 3 + (i % 2), followUp: null });
  return people;
}

describe('discloseCohortStats', () => {
  const options = { direction: 'higher_is_better' as const, meaningfulChange: 2, bands };

  it('exact passes every figure through unchanged', () => {
    const stats = computeCohortStats(cohort(23, 4), options);
    const view = discloseCohortStats(stats, 'exact');
    expect(view.disclosure).toBe('exact');
    expect(view.pairs).toBe(23);
    expect(view.withBaseline).toBe(27);
    expect(view.tTest).toEqual(stats.tTest);
    expect(view.bandTransitions).toEqual(stats.bandTransitions);
  });

  it('suppressed: counts rounded or *, shares from rounded values, statistics rounded, n-revealing counts dropped', () => {
    const stats = computeCohortStats(cohort(23, 4), options);
    const view = discloseCohortStats(stats, 'suppressed');
    expect(view.withBaseline).toBe(25); // 27 → 25
    expect(view.pairs).toBe(25); // 23 → 25
    expect(view.followUpRate).toEqual({ value: 1, reason: null }); // 25 / 25 from the rounded values (true 23/27)
    expect(view.tTest.value?.df).toBeNull();
    expect(view.wilcoxon.value?.nonZero).toBeNull();
    const exactMean = stats.tTest.value?.meanChange ?? NaN;
    expect(view.tTest.value?.meanChange).toBe(Math.round(exactMean * 100) / 100);
    // 4 lost: fewer than the threshold, so their mean baseline is withheld.
    expect(view.attrition).toEqual({ value: null, reason: 'small_cohort_withheld' });
    const counts = stats.bandTransitions.value?.counts.flat() ?? [];
    const shown = view.bandTransitions.value?.counts.flat() ?? [];
    // Each cell is as suppressCount shows it, except zeros beside a hidden cell, which are hidden too.
    shown.forEach((c, i) => expect(c === suppressCount(counts[i] ?? 0) || (c === '*' && counts[i] === 0)).toBe(true));
    expect(shown.every((c) => c === '*' || c % 5 === 0)).toBe(true);
    const m = view.meaningfulChange.value;
    const improved = stats.meaningfulChange.value?.improved ?? -1;
    expect(m?.improved === suppressCount(improved) || m?.improved === '*').toBe(true);
    if (m !== null && m !== undefined && m.improved !== '*') expect(m.shareImproved).toBeCloseTo(m.improved / 25, 10);
  });

  it(`withholds statistics on fewer than ${MIN_PAIRS_FOR_RELEASE} pairs, with a reason`, () => {
    const view = discloseCohortStats(computeCohortStats(cohort(9, 12), options), 'suppressed');
    expect(view.pairs).toBe(10); // 9 → 10: the count itself is shown rounded…
    for (const s of [view.meanBaseline, view.meanFollowUp, view.tTest, view.cohensDz, view.wilcoxon]) {
      expect(s).toEqual({ value: null, reason: 'small_cohort_withheld' }); // …but no statistic on 9 people
    }
    expect(view.attrition.reason).toBe('small_cohort_withheld');
  });

  it('a follow-up rate with a suppressed part is withheld as suppressed', () => {
    const view = discloseCohortStats(computeCohortStats(cohort(5, 20), options), 'suppressed');
    expect(view.pairs).toBe('*');
    expect(view.followUpRate).toEqual({ value: null, reason: 'small_number_suppressed' });
    expect(view.meaningfulChange.value?.shareImproved).toBe('*');
  });

  it('releases attrition means when both groups reach the threshold', () => {
    const view = discloseCohortStats(computeCohortStats(cohort(12, 11), options), 'suppressed');
    expect(view.attrition.value).toMatchObject({ followedUp: 10, lost: 10 });
    expect(view.followUpRate.value).toBeCloseTo(10 / 25, 10); // 12 → 10, 23 → 25
  });

  it('meaningful change goes through the shared engine: one hidden cell beside the pairs hides another', () => {
    // 20 pairs: 3 deteriorated (hidden), so the next smallest is hidden too and 20 − shown cannot give 3 back.
    const stats = computeCohortStats(cohort(20, 0), options);
    const m = stats.meaningfulChange.value;
    const view = discloseCohortStats(stats, 'suppressed').meaningfulChange.value;
    const cells = [view?.improved, view?.noMeaningfulChange, view?.deteriorated];
    const hiddenCount = cells.filter((c) => c === '*').length;
    const small = [m?.improved, m?.noMeaningfulChange, m?.deteriorated].filter((c) => c !== undefined && c >= 1 && c <= 7).length;
    expect(small).toBe(1);
    expect(hiddenCount).toBeGreaterThanOrEqual(2);
    expect(hiddenCount === 0 || hiddenCount >= 2).toBe(true);
  });

  it('keeps the reasons of statistics that were never computed', () => {
    const view = discloseCohortStats(computeCohortStats([], options), 'suppressed');
    expect(view.pairs).toBe(0);
    expect(view.tTest.reason).toBe('too_few_pairs');
    expect(view.followUpRate.reason).toBe('too_few_pairs');
  });
});
