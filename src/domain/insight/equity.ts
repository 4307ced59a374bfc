import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { ESP2013, poissonExact } from './intervals.ts';

/**
 * Equity arithmetic for the reach report (INSIGHT.md R1–R3): direct age–sex standardisation to
 * the 2013 European Standard Population, funnel-plot limits, and the representation index.
 */

export interface StratumCount {
  /** 5-year age band as the list files use (0-4 … 95+). */
  ageBand: string;
  sex: 'M' | 'F';
  events: number;
  population: number;
}

/**
 * The directly standardised rate per 1,000 (× scale, to annualise): each age band's crude rate
 * weighted by the ESP 2013 share of that band, the two sexes averaged with equal weight (the ESP
 * is one population for both sexes). Bands with no registered population contribute nothing and
 * are reported as dropped weight. The 95% interval is Dobson's method (exact Poisson on the
 * number of events, scaled by the variance of the weighted sum).
 */
export function directlyStandardisedRate(
  strata: readonly StratumCount[],
  scale = 1,
): { value: number; lower: number; upper: number; events: number; droppedWeight: number } | null {
  let rate = 0;
  let variance = 0;
  let events = 0;
  let usedWeight = 0;
  for (const s of strata) {
    const w = (ESP2013[s.ageBand] ?? 0) / 100_000 / 2;
    if (s.population <= 0 || w === 0) continue;
    usedWeight += w;
    rate += (w * s.events) / s.population;
    variance += (w * w * s.events) / (s.population * s.population);
    events += s.events;
  }
  if (usedWeight === 0) return null;
  // Re-weight over the bands present, so a practice with no one over 95 is not penalised.
  const f = (1000 * scale) / usedWeight;
  const value = rate * f;
  if (events === 0) return { value: 0, lower: 0, upper: poissonExact(0).upper * Math.sqrt(variance || 0) * f, events, droppedWeight: 1 - usedWeight };
  const ci = poissonExact(events);
  const sd = Math.sqrt(variance);
  const k = sd / Math.sqrt(events);
  return { value, lower: (rate + (ci.lower - events) * k) * f, upper: (rate + (ci.upper - events) * k) * f, events, droppedWeight: 1 - usedWeight };
}

/**
 * Funnel-plot limits for a unit with this population around a centre rate per 1,000 (both on the
 * same annualised scale): the exact Poisson quantiles of the expected count, as rates.
 */
export function funnelLimits(centrePer1000: number, population: number, scale = 1): { l95: number; u95: number; l998: number; u998: number } | null {
  if (population <= 0 || centrePer1000 <= 0) return null;
  const expected = (centrePer1000 * population) / (1000 * scale);
  const toRate = (count: number) => (count * 1000 * scale) / population;
  const q = (p: number) => gammaQuantile(p, expected, 1);
  return { l95: toRate(q(0.025)), u95: toRate(q(0.975)), l998: toRate(q(0.001)), u998: toRate(q(0.999)) };
}

/** Share of the referred in a group ÷ share of the list in it (1 = proportionate); null without a base. */
export function representationIndex(referredInGroup: number, referredTotal: number, listInGroup: number, listTotal: number): number | null {
  if (referredTotal === 0 || listTotal === 0 || listInGroup === 0) return null;
  return referredInGroup / referredTotal / (listInGroup / listTotal);
}

/** IMD quintile (1 = most deprived) of a decile. */
export const quintileOf = (decile: number): number => Math.ceil(decile / 2);

/** Broad age groups for the decline and contact rates (R5), where 5-year bands would be too small. */
export function broadAgeGroup(age: number): string {
  if (age < 18) return '0-17';
  if (age < 40) return '18-39';
  if (age < 65) return '40-64';
  if (age < 80) return '65-79';
  return '80+';
}
