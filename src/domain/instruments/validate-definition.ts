import type { Band, BandSet, InstrumentDefinition, InstrumentItem, ResponseOption } from './definition.ts';

/** Why a definition that has the right shape still cannot be used. */
export const DEFINITION_PROBLEMS = [
  'no_items',
  'external_with_items',
  'duplicate_item_id',
  'missing_options',
  'duplicate_option_value',
  'band_min_above_max',
  'duplicate_band_code',
  'bands_overlap',
  'bands_gap',
  'bands_do_not_cover_range',
  'table_duplicate_raw',
  'table_missing_raw',
  'table_unreachable_raw',
  'external_range_invalid',
  'bands_without_primary',
  'licence_expiry_required',
] as const;
export type DefinitionProblemCode = (typeof DEFINITION_PROBLEMS)[number];

export interface DefinitionProblem {
  code: DefinitionProblemCode;
  /** Where in the definition (e.g. `items[2].id`, `scoring.table`). */
  path: string;
  message: string;
}

/** The response options an item offers (its own, or the instrument's shared ones). */
export function optionsFor(def: InstrumentDefinition, item: InstrumentItem): readonly ResponseOption[] {
  return item.options ?? def.options ?? [];
}

/** Every raw total the items can add up to (exact, from the options offered). */
export function reachableTotals(def: InstrumentDefinition): number[] {
  let totals = new Set<number>([0]);
  for (const item of def.items) {
    const next = new Set<number>();
    for (const t of totals) for (const o of optionsFor(def, item)) next.add(t + o.value);
    totals = next;
  }
  return [...totals].sort((a, b) => a - b);
}

/**
 * The meaning checks zod cannot express: ids unique, every item answerable, bands that cover every
 * possible score exactly once, a conversion table with a row for every possible raw score. Returns
 * every problem found (empty when the definition is usable).
 */
export function checkDefinition(def: InstrumentDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (code: DefinitionProblemCode, path: string, message: string) => problems.push({ code, path, message });
  const method = def.scoring.method;

  if (method === 'external') {
    if (def.items.length > 0) add('external_with_items', 'items', 'An externally scored instrument asks no items');
  } else if (def.items.length === 0) {
    add('no_items', 'items', 'The instrument has no items');
  }

  const seen = new Set<string>();
  def.items.forEach((item, i) => {
    if (seen.has(item.id)) add('duplicate_item_id', `items[${i}].id`, `Item id "${item.id}" is used twice`);
    seen.add(item.id);
    const options = optionsFor(def, item);
    if (options.length === 0) add('missing_options', `items[${i}].options`, `Item "${item.id}" has no response options`);
    const values = new Set<number>();
    for (const o of options) {
      if (values.has(o.value)) add('duplicate_option_value', `items[${i}].options`, `Item "${item.id}" offers the value ${o.value} twice`);
      values.add(o.value);
    }
    if (item.bands !== undefined) {
      checkBandsCoverPoints(
        item.bands,
        options.map((o) => o.value),
        `items[${i}].bands`,
        add,
      );
    }
  });
  if (def.options !== undefined) {
    const values = new Set<number>();
    for (const o of def.options) {
      if (values.has(o.value)) add('duplicate_option_value', 'options', `The shared options offer the value ${o.value} twice`);
      values.add(o.value);
    }
  }
  if (problems.some((p) => p.code === 'missing_options' || p.code === 'duplicate_option_value')) return problems;

  switch (def.scoring.method) {
    case 'per_item':
      if (def.bands !== undefined || def.meaningfulChange !== undefined) {
        add('bands_without_primary', 'bands', 'An instrument scored item by item has no total: put bands and meaningful change on its items');
      }
      break;
    case 'sum':
      if (def.bands !== undefined && def.items.length > 0) checkBandsCoverPoints(def.bands, reachableTotals(def), 'bands', add);
      break;
    case 'conversion_table': {
      const table = def.scoring.table;
      const raws = new Set<number>();
      table.forEach((row, i) => {
        if (raws.has(row.raw)) add('table_duplicate_raw', `scoring.table[${i}]`, `Raw score ${row.raw} appears twice in the conversion table`);
        raws.add(row.raw);
      });
      if (def.items.length === 0) break;
      const reachable = reachableTotals(def);
      const missing = reachable.filter((r) => !raws.has(r));
      if (missing.length > 0) add('table_missing_raw', 'scoring.table', `The conversion table has no row for raw score(s) ${missing.join(', ')}`);
      const reachableSet = new Set(reachable);
      const unreachable = [...raws].filter((r) => !reachableSet.has(r));
      if (unreachable.length > 0) add('table_unreachable_raw', 'scoring.table', `Raw score(s) ${unreachable.join(', ')} cannot occur with these items`);
      if (def.bands !== undefined)
        checkBandsCoverPoints(
          def.bands,
          table.map((r) => r.metric),
          'bands',
          add,
        );
      break;
    }
    case 'external': {
      const { scoreMin, scoreMax, scoreDecimals } = def.scoring;
      if (!(scoreMin < scoreMax)) {
        add('external_range_invalid', 'scoring', 'The external score range is empty (scoreMin must be below scoreMax)');
        break;
      }
      if (def.bands !== undefined) checkBandsCoverInterval(def.bands, scoreMin, scoreMax, 10 ** -scoreDecimals, 'bands', add);
      break;
    }
  }

  if (def.licence.kind === 'licensed' && def.licence.expiresOn === null) {
    add('licence_expiry_required', 'licence.expiresOn', 'A licensed instrument must say when its licence expires');
  }
  return problems;
}

type Add = (code: DefinitionProblemCode, path: string, message: string) => void;

function checkBandShapes(set: BandSet, path: string, add: Add): boolean {
  let ok = true;
  const codes = new Set<string>();
  set.bands.forEach((b, i) => {
    if (b.min > b.max) {
      add('band_min_above_max', `${path}.bands[${i}]`, `Band "${b.code}" starts above where it ends`);
      ok = false;
    }
    if (codes.has(b.code)) {
      add('duplicate_band_code', `${path}.bands[${i}]`, `Band code "${b.code}" is used twice`);
      ok = false;
    }
    codes.add(b.code);
  });
  return ok;
}

/** Every possible (discrete) score falls in exactly one band. */
function checkBandsCoverPoints(set: BandSet, points: readonly number[], path: string, add: Add): void {
  if (!checkBandShapes(set, path, add)) return;
  const uncovered: number[] = [];
  const doubled: number[] = [];
  for (const p of new Set(points)) {
    const n = set.bands.filter((b) => p >= b.min && p <= b.max).length;
    if (n === 0) uncovered.push(p);
    if (n > 1) doubled.push(p);
  }
  if (uncovered.length > 0) add('bands_do_not_cover_range', path, `No band covers the score(s) ${uncovered.sort((a, b) => a - b).join(', ')}`);
  if (doubled.length > 0) add('bands_overlap', path, `More than one band covers the score(s) ${doubled.sort((a, b) => a - b).join(', ')}`);
}

/** Bands tile [min, max] at the score's precision: no overlaps, no gaps wider than one step. */
function checkBandsCoverInterval(set: BandSet, min: number, max: number, step: number, path: string, add: Add): void {
  if (!checkBandShapes(set, path, add)) return;
  const sorted: Band[] = [...set.bands].sort((a, b) => a.min - b.min);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return;
  if (first.min > min || last.max < max) add('bands_do_not_cover_range', path, `The bands must cover ${min} to ${max}`);
  const tolerance = step / 1000;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev === undefined || cur === undefined) continue;
    if (cur.min <= prev.max) add('bands_overlap', path, `Bands "${prev.code}" and "${cur.code}" overlap`);
    else if (cur.min - prev.max > step + tolerance) add('bands_gap', path, `Scores between bands "${prev.code}" and "${cur.code}" fall in no band`);
  }
}
