import { AppError } from '../errors.ts';
import { EXTERNAL_SCORE_KEY, type Answers, type BandSet, type Direction, type InstrumentDefinition, type ScoringMethod } from './definition.ts';
import { optionsFor } from './validate-definition.ts';

/** A band a score fell in, as recorded with the administration. */
export interface BandResult {
  code: string;
  label: string;
}

export interface ItemScore {
  id: string;
  value: number;
  /** The item's own band (ONS4); null when the item has no bands. */
  band: BandResult | null;
}

/** What an administration scored: kept with it (outcome_administration.scores) so it never drifts. */
export interface ScoredAdministration {
  method: ScoringMethod;
  /** Raw sum of the item values (sum and conversion_table). */
  total?: number;
  /** The converted score (conversion_table). */
  metric?: number;
  /** The externally produced score (external). */
  score?: number;
  /** Each item's value (and band, where the item has bands); absent for external instruments. */
  items?: ItemScore[];
  /** The band of the primary score; null when the instrument has no bands. Absent for per_item. */
  band?: BandResult | null;
  /** The headline score for cohort analysis: total, metric or external score; null for per_item. */
  primary: number | null;
}

/** Why answers cannot be scored (details.issues[].code of the invalid_input error). */
export const ANSWER_PROBLEMS = [
  'missing_item',
  'unknown_item',
  'value_not_an_option',
  'not_a_number',
  'score_out_of_range',
  'score_precision',
  'level_mismatch',
] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEMS)[number];
export interface AnswerProblem {
  code: AnswerProblemCode;
  item: string;
  message: string;
}

/** The band a value falls in (bands are inclusive ranges). */
export function bandFor(set: BandSet | undefined, value: number): BandResult | null {
  if (set === undefined) return null;
  const band = set.bands.find((b) => value >= b.min && value <= b.max);
  return band === undefined ? null : { code: band.code, label: band.label };
}

function fail(problems: AnswerProblem[]): never {
  const fields: Record<string, string> = {};
  for (const p of problems) fields[p.item] ??= p.message;
  const first = problems[0]?.message ?? 'The answers cannot be scored';
  throw new AppError('invalid_input', problems.length === 1 ? first : `${problems.length} answers need attention`, { issues: problems, fields });
}

/**
 * Scores one administration from its answers (item id → option value; for an external instrument
 * `{ score, level? }`). Throws AppError('invalid_input') listing every problem with a code from
 * ANSWER_PROBLEMS, so nothing half-scored is ever stored.
 */
export function scoreAdministration(def: InstrumentDefinition, answers: Answers): ScoredAdministration {
  const problems: AnswerProblem[] = [];
  const scoring = def.scoring;

  if (scoring.method === 'external') {
    for (const key of Object.keys(answers)) {
      if (key !== EXTERNAL_SCORE_KEY && key !== 'level') problems.push({ code: 'unknown_item', item: key, message: `"${key}" is not part of ${def.name}` });
    }
    const score = own(answers, EXTERNAL_SCORE_KEY);
    if (score === undefined) problems.push({ code: 'missing_item', item: EXTERNAL_SCORE_KEY, message: `Enter the ${def.name} score` });
    else if (typeof score !== 'number' || !Number.isFinite(score))
      problems.push({ code: 'not_a_number', item: EXTERNAL_SCORE_KEY, message: 'The score must be a number' });
    else if (score < scoring.scoreMin || score > scoring.scoreMax) {
      problems.push({ code: 'score_out_of_range', item: EXTERNAL_SCORE_KEY, message: `The score must be between ${scoring.scoreMin} and ${scoring.scoreMax}` });
    } else if (!hasAtMostDecimals(score, scoring.scoreDecimals)) {
      problems.push({ code: 'score_precision', item: EXTERNAL_SCORE_KEY, message: `The score has at most ${scoring.scoreDecimals} decimal place(s)` });
    }
    if (problems.length > 0) fail(problems);
    const value = score as number;
    const band = bandFor(def.bands, value);
    const level = own(answers, 'level');
    if (level !== undefined && band !== null) {
      // A level typed beside the score must agree with the thresholds, or one of them is wrong.
      const levelCode = band.code;
      if (!(typeof level === 'number' && levelCode === `level_${level}`)) {
        fail([{ code: 'level_mismatch', item: 'level', message: `A score of ${value} is ${band.label}: check the score and level` }]);
      }
    }
    return { method: 'external', score: value, band, primary: value };
  }

  const ids = new Set(def.items.map((i) => i.id));
  for (const key of Object.keys(answers)) {
    if (!ids.has(key)) problems.push({ code: 'unknown_item', item: key, message: `"${key}" is not an item of ${def.name}` });
  }
  const items: ItemScore[] = [];
  for (const item of def.items) {
    const value = own(answers, item.id);
    if (value === undefined) {
      problems.push({ code: 'missing_item', item: item.id, message: `Answer item "${item.id}"` });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ code: 'not_a_number', item: item.id, message: `The answer to item "${item.id}" must be a number` });
      continue;
    }
    if (!optionsFor(def, item).some((o) => o.value === value)) {
      problems.push({ code: 'value_not_an_option', item: item.id, message: `${value} is not one of the answers item "${item.id}" offers` });
      continue;
    }
    items.push({ id: item.id, value, band: bandFor(item.bands, value) });
  }
  if (problems.length > 0) fail(problems);

  switch (scoring.method) {
    case 'per_item':
      // Never summed (ONS4): each item is its own measure.
      return { method: 'per_item', items, primary: null };
    case 'sum': {
      const total = items.reduce((s, i) => s + i.value, 0);
      return { method: 'sum', total, items, band: bandFor(def.bands, total), primary: total };
    }
    case 'conversion_table': {
      const total = items.reduce((s, i) => s + i.value, 0);
      const row = scoring.table.find((r) => r.raw === total);
      // checkDefinition guarantees a row for every reachable total; a missing one is a broken pack.
      if (row === undefined) throw new AppError('internal', 'The instrument pack has no conversion for this raw score');
      return { method: 'conversion_table', total, metric: row.metric, items, band: bandFor(def.bands, row.metric), primary: row.metric };
    }
  }
}

/** An answer the caller actually gave (never something inherited, e.g. an item id "constructor"). */
function own(answers: Answers, key: string): number | undefined {
  return Object.hasOwn(answers, key) ? answers[key] : undefined;
}

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export const CHANGE_VERDICTS = ['improved', 'no_change', 'worsened'] as const;
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number];

/** How one score moved between two administrations. */
export interface ScoreChange {
  from: number;
  to: number;
  /** to − from, in score points (not direction-adjusted). */
  difference: number;
  direction: Direction;
  /** The threshold judged against; null when none is established (then any change counts). */
  meaningfulChange: number | null;
  /** 'meaningful_change' when judged against an established threshold, 'any_change' otherwise. */
  basis: 'meaningful_change' | 'any_change';
  verdict: ChangeVerdict;
  bandFrom: BandResult | null;
  bandTo: BandResult | null;
}

export interface ItemChange extends ScoreChange {
  id: string;
}

export interface AdministrationChange {
  /** Per item (per_item instruments: this is the change). */
  items?: ItemChange[];
  /** On the primary score (sum, conversion table, external). */
  primary?: ScoreChange;
}

/**
 * Direction-aware verdict: a change at least as large as the meaningful change, the better way, is
 * 'improved'; as large the worse way 'worsened'; anything smaller 'no_change'. Without an
 * established threshold any non-zero change counts, and `basis` says so.
 */
export function judgeChange(
  from: number,
  to: number,
  direction: Direction,
  meaningfulChange: number | null,
): Pick<ScoreChange, 'difference' | 'verdict' | 'basis'> {
  const difference = roundTo(to - from, 6);
  const better = direction === 'higher_is_better' ? difference : -difference;
  const threshold = meaningfulChange;
  let verdict: ChangeVerdict = 'no_change';
  if (threshold === null) {
    if (better > 0) verdict = 'improved';
    else if (better < 0) verdict = 'worsened';
  } else if (better >= threshold - 1e-9) verdict = 'improved';
  else if (-better >= threshold - 1e-9) verdict = 'worsened';
  return { difference, verdict, basis: threshold === null ? 'any_change' : 'meaningful_change' };
}

function roundTo(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

/**
 * The change from a baseline to a follow-up of the same instrument: per item for instruments
 * reported item by item, on the primary score otherwise.
 */
export function changeBetween(def: InstrumentDefinition, baseline: ScoredAdministration, followUp: ScoredAdministration): AdministrationChange {
  if (def.scoring.method === 'per_item') {
    const items: ItemChange[] = [];
    for (const item of def.items) {
      const a = baseline.items?.find((i) => i.id === item.id);
      const b = followUp.items?.find((i) => i.id === item.id);
      if (a === undefined || b === undefined) continue;
      const direction = item.direction ?? def.direction;
      const mc = item.meaningfulChange?.value ?? null;
      items.push({
        id: item.id,
        from: a.value,
        to: b.value,
        direction,
        meaningfulChange: mc,
        bandFrom: a.band,
        bandTo: b.band,
        ...judgeChange(a.value, b.value, direction, mc),
      });
    }
    return { items };
  }
  if (baseline.primary === null || followUp.primary === null) return {};
  const mc = def.meaningfulChange?.value ?? null;
  return {
    primary: {
      from: baseline.primary,
      to: followUp.primary,
      direction: def.direction,
      meaningfulChange: mc,
      bandFrom: baseline.band ?? null,
      bandTo: followUp.band ?? null,
      ...judgeChange(baseline.primary, followUp.primary, def.direction, mc),
    },
  };
}
