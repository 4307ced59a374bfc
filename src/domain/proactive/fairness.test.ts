import { describe, expect, it } from 'vitest';
import { ageBand10, countFairness, fairnessCheck, fairnessEthnicGroup, imdQuintileGroup, type FairnessPerson } from './fairness.ts';

const person = (over: Partial<FairnessPerson>): FairnessPerson => ({ age: 45, sex: 'female', ethnicity: 'A', imdDecile: 5, inCohort: false, ...over });
const many = (n: number, over: Partial<FairnessPerson>): FairnessPerson[] => Array.from({ length: n }, () => person(over));

describe('grouping', () => {
  it('10-year age bands, ONS groups with not stated, IMD quintiles', () => {
    expect([0, 9, 10, 16, 66, 89, 90, 104].map(ageBand10)).toEqual(['0-9', '0-9', '10-19', '10-19', '60-69', '80-89', '90+', '90+']);
    expect(['A', 'H', 'N', 'D', 'R', 'Z', null, '99', 'Q'].map(fairnessEthnicGroup)).toEqual([
      'white',
      'asian',
      'black',
      'mixed',
      'other',
      'not_stated',
      'not_stated',
      'not_stated',
      'not_stated',
    ]);
    expect([1, 2, 3, 10, null].map(imdQuintileGroup)).toEqual(['1', '1', '2', '5', 'unknown']);
  });
});

describe('the representation index', () => {
  // 100 eligible women (20 found) and 100 men (5 found): cohort 25.
  // Women: cohort share 0.8 ÷ eligible share 0.5 = 1.6; men 0.2 ÷ 0.5 = 0.4 < 0.5 → flagged.
  const people = [
    ...many(20, { sex: 'female', inCohort: true }),
    ...many(80, { sex: 'female' }),
    ...many(5, { sex: 'male', inCohort: true }),
    ...many(95, { sex: 'male' }),
  ];
  it('is the cohort share over the eligible share; a group under 0.5 is flagged', () => {
    const check = fairnessCheck(countFairness(people), ['FN-1']);
    expect(check.eligible).toBe(200);
    expect(check.cohort).toBe(25);
    const sex = check.dimensions.find((d) => d.dimension === 'sex');
    expect(sex?.groups).toEqual([
      { group: 'female', eligible: 100, cohort: 20, eligibleShare: 0.5, cohortShare: 0.8, index: 1.6, status: 'ok' },
      { group: 'male', eligible: 100, cohort: 5, eligibleShare: 0.5, cohortShare: 0.2, index: 0.4, status: 'flagged' },
    ]);
    expect(check.flagged).toEqual(['sex:male']);
  });
  it('uses the configured threshold, deciding on the unrounded index', () => {
    expect(fairnessCheck(countFairness(people), ['FN-1'], { threshold: 0.4, minGroup: 20 }).flagged).toEqual([]);
    expect(fairnessCheck(countFairness(people), ['FN-1'], { threshold: 0.41, minGroup: 20 }).flagged).toEqual(['sex:male']);
  });
  it('a group with fewer eligible people than the minimum is too few to judge, never flagged', () => {
    const small = [...many(19, { ethnicity: 'H' }), ...many(50, { inCohort: true }), ...many(50, {})];
    const check = fairnessCheck(countFairness(small), ['FN-1']);
    const asian = check.dimensions.find((d) => d.dimension === 'ethnicity')?.groups.find((g) => g.group === 'asian');
    expect(asian).toMatchObject({ eligible: 19, cohort: 0, index: 0, status: 'too_few' });
    expect(check.flagged).toEqual([]);
    const twenty = fairnessCheck(countFairness([...small, person({ ethnicity: 'J' })]), ['FN-1']);
    expect(twenty.flagged).toEqual(['ethnicity:asian']);
  });
  it('a dimension a chosen rule selects on (DEP-1 and IMD) is shown but not flagged', () => {
    const dep = [...many(30, { imdDecile: 1, inCohort: true }), ...many(30, { imdDecile: 9 })];
    const withDep = fairnessCheck(countFairness(dep), ['DEP-1']);
    expect(withDep.dimensions.find((d) => d.dimension === 'imd')).toMatchObject({
      byDesign: 'DEP-1',
      groups: [
        { group: '1', index: 2, status: 'by_design' },
        { group: '5', index: 0, status: 'by_design' },
      ],
    });
    expect(withDep.flagged).toEqual([]);
    expect(fairnessCheck(countFairness(dep), ['FN-1']).flagged).toEqual(['imd:5']);
  });
  it('an empty cohort has no index and flags nothing', () => {
    const check = fairnessCheck(countFairness(many(40, {})), ['FN-1']);
    expect(check.cohort).toBe(0);
    expect(check.dimensions[0]?.groups[0]).toMatchObject({ group: '40-49', index: null, status: 'ok' });
    expect(check.flagged).toEqual([]);
  });
});
