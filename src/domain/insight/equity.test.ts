import { describe, expect, it } from 'vitest';
import { directlyStandardisedRate, funnelLimits, representationIndex } from './equity.ts';
import { ESP2013, poissonExact, ratePer1000, wilson } from './intervals.ts';

describe('equity arithmetic', () => {
  it('the ESP 2013 weights sum to 100,000', () => {
    expect(Object.values(ESP2013).reduce((a, b) => a + b, 0)).toBe(100_000);
  });

  it('a uniform crude rate standardises to itself', () => {
    const strata = Object.keys(ESP2013).flatMap((band) => (['M', 'F'] as const).map((sex) => ({ ageBand: band, sex, events: 2, population: 1000 })));
    expect(directlyStandardisedRate(strata)?.value).toBeCloseTo(2, 10);
  });

  it('weights bands by the ESP: a rate only among 0-4 year olds is 5% of its crude rate', () => {
    const strata = Object.keys(ESP2013).flatMap((band) =>
      (['M', 'F'] as const).map((sex) => ({ ageBand: band, sex, events: band === '0-4' ? 10 : 0, population: 1000 })),
    );
    // 10 per 1,000 in 0-4 (weight 5,000 of 100,000) → 0.5 per 1,000.
    expect(directlyStandardisedRate(strata)?.value).toBeCloseTo(0.5, 10);
  });

  it('exact Poisson interval matches published values (Garwood): 10 events → 4.795 to 18.39', () => {
    const ci = poissonExact(10);
    expect(ci.lower).toBeCloseTo(4.7954, 3);
    expect(ci.upper).toBeCloseTo(18.3904, 3);
    expect(poissonExact(0).lower).toBe(0);
    expect(poissonExact(0).upper).toBeCloseTo(3.6889, 3);
  });

  it('Wilson interval matches a published value: 81 of 263 → 0.2553 to 0.3662', () => {
    const ci = wilson(81, 263);
    expect(ci?.lower).toBeCloseTo(0.2553, 3);
    expect(ci?.upper).toBeCloseTo(0.3662, 3);
  });

  it('rate per 1,000, annualised', () => {
    expect(ratePer1000(50, 10_000, 4)?.value).toBeCloseTo(20, 10);
  });

  it('funnel limits narrow as the list grows and straddle the centre', () => {
    const small = funnelLimits(10, 2_000);
    const big = funnelLimits(10, 20_000);
    expect(small && big && small.u95 - small.l95 > big.u95 - big.l95).toBe(true);
    expect(big && big.l998 < big.l95 && big.l95 < 10 && 10 < big.u95 && big.u95 < big.u998).toBe(true);
  });

  it('representation index', () => {
    expect(representationIndex(30, 100, 2000, 10_000)).toBeCloseTo(1.5, 10);
    expect(representationIndex(1, 0, 1, 1)).toBeNull();
  });
});
