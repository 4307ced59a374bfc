import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';

/**
 * Intervals and summaries for the reports (INSIGHT.md R1): Wilson score intervals for
 * proportions, exact (Garwood) Poisson intervals for counts and rates, and percentiles.
 */
const Z95 = 1.959963984540054;

/** Wilson 95% score interval for k of n (0–1); null when n = 0 or k is not 0…n. */
export function wilson(k: number, n: number, z = Z95): { lower: number; upper: number } | null {
  if (n === 0 || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Exact (Garwood) two-sided interval for a Poisson count k at the given level (0.95 → 95%). */
export function poissonExact(k: number, level = 0.95): { lower: number; upper: number } {
  const alpha = 1 - level;
  const lower = k === 0 ? 0 : gammaQuantile(alpha / 2, k, 1);
  const upper = gammaQuantile(1 - alpha / 2, k + 1, 1);
  return { lower, upper };
}

/** A rate per 1,000 of k events over a denominator (scaled, e.g. annualised), with its exact interval. */
export function ratePer1000(k: number, denominator: number, scale = 1): { value: number; lower: number; upper: number } | null {
  if (denominator <= 0) return null;
  const f = (1000 * scale) / denominator;
  const ci = poissonExact(k);
  return { value: k * f, lower: ci.lower * f, upper: ci.upper * f };
}

/** The p-th quantile (0–1) of values, linear interpolation between order statistics (R's type 7). */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** 2013 European Standard Population by 5-year band (0-4 … 90-94, 95+ split from 90+), per 100,000. */
export const ESP2013: Readonly<Record<string, number>> = {
  '0-4': 5000,
  '5-9': 5500,
  '10-14': 5500,
  '15-19': 5500,
  '20-24': 6000,
  '25-29': 6000,
  '30-34': 6500,
  '35-39': 7000,
  '40-44': 7000,
  '45-49': 7000,
  '50-54': 7000,
  '55-59': 6500,
  '60-64': 6000,
  '65-69': 5500,
  '70-74': 5000,
  '75-79': 4000,
  '80-84': 2500,
  '85-89': 1500,
  '90-94': 800,
  '95+': 200,
};

/** The 5-year age band of an age (0-4 … 90-94, 95+), as the NHS England list files use. */
export function ageBand5(age: number): string {
  if (age >= 95) return '95+';
  const lo = Math.max(0, Math.floor(age / 5) * 5);
  return `${lo}-${lo + 4}`;
}
