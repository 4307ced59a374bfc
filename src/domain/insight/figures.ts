import type { MetricId } from './metrics.ts';

/**
 * A figure: one statistic of a report, in the tidy shape every export uses (one statistic per
 * row: metric, breakdown, group, unit, value, 95% interval, why it was withheld). While a report is
 * built a figure also carries what it was computed from (its numerator, denominator or number of
 * people, and for a rate the count cell it describes) so that disclosure control can decide, on
 * the server, what may be released; those fields never leave (see `ReleasedFigure`).
 */
export const UNITS = ['count', 'rate_per_1000', 'percent', 'ratio', 'days', 'working_days', 'fte', 'per_fte', 'per_fte_week'] as const;
export type Unit = (typeof UNITS)[number];

/** The group that holds a breakdown's total; in a two-way breakdown, `a|total`, `total|b` and `total`. */
export const TOTAL = 'total';

export const WITHHELD_REASONS = [
  'small_number_suppressed',
  'secondary_suppression',
  'zero_beside_suppressed',
  'small_cohort_withheld',
  'no_denominator',
  'no_data',
] as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[number];

export interface Figure {
  metric: MetricId;
  /** What the figure is broken down by (`total`, `source`, `need`, `practice`, `age_band|sex` …). */
  breakdown: string;
  /** The group within the breakdown (`gp`, `loneliness`, an ODS code, `F|40-44`, `total` …). */
  group: string;
  unit: Unit;
  value: number | null;
  ci95Lower: number | null;
  ci95Upper: number | null;
  withheldReason: WithheldReason | null;
  /** A proportion's or rate's numerator and denominator, unrounded (never released). */
  numerator?: number | undefined;
  denominator?: number | undefined;
  /** How many people an average, median or percentile is computed from (never released). */
  n?: number | undefined;
  /** For a rate or share: the count figure (`figureKey`) it describes, withheld with it. */
  countKey?: string | undefined;
}

/** A figure as it leaves the server. */
export type ReleasedFigure = Pick<Figure, 'metric' | 'breakdown' | 'group' | 'unit' | 'value' | 'ci95Lower' | 'ci95Upper' | 'withheldReason'>;

export function figureKey(f: Pick<Figure, 'metric' | 'breakdown' | 'group'>): string {
  return `${f.metric}/${f.breakdown}/${f.group}`;
}

/** A count. */
export function count(metric: MetricId, breakdown: string, group: string, value: number): Figure {
  return { metric, breakdown, group, unit: 'count', value, ci95Lower: null, ci95Upper: null, withheldReason: null };
}

/** A share as a percentage (0–100) with its parts; null value when the denominator is 0. */
export function percent(
  metric: MetricId,
  breakdown: string,
  group: string,
  numerator: number,
  denominator: number,
  ci?: { lower: number; upper: number },
  countKey?: string,
): Figure {
  return {
    metric,
    breakdown,
    group,
    unit: 'percent',
    value: denominator === 0 ? null : (100 * numerator) / denominator,
    ci95Lower: ci === undefined || denominator === 0 ? null : 100 * ci.lower,
    ci95Upper: ci === undefined || denominator === 0 ? null : 100 * ci.upper,
    withheldReason: denominator === 0 ? 'no_data' : null,
    numerator,
    denominator,
    countKey,
  };
}

/** A statistic of a distribution (a median, a percentile, a mean) over `n` people or episodes. */
export function summary(metric: MetricId, breakdown: string, group: string, unit: Unit, value: number | null, n: number): Figure {
  return { metric, breakdown, group, unit, value, ci95Lower: null, ci95Upper: null, withheldReason: value === null ? 'no_data' : null, n };
}
