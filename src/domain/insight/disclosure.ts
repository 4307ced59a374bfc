import { figureKey, TOTAL, type Figure, type ReleasedFigure, type Unit, type WithheldReason } from './figures.ts';

/** Counts from 1 to this are withheld (`*`). */
export const SUPPRESS_UP_TO = 7;
/** Other counts are rounded to the nearest multiple of this. */
export const ROUND_TO = 5;
/** Averages, medians, tests and effect sizes on fewer people than this are withheld. */
export const MIN_PAIRS_FOR_RELEASE = 10;

/** exact: leads within their own scope; suppressed: anything leaving the PCN. */
export type Disclosure = 'exact' | 'suppressed';

/**
 * Disclosure control for every report (INSIGHT.md "Suppression"), the one place it is done.
 *
 * `exact` releases every figure as computed. `suppressed` (always for commissioners, and for any
 * figure leaving the PCN) applies, in order:
 * 1. primary suppression: counts 1–7 are withheld (`*`);
 * 2. the zero-cell rule: in a table with a withheld cell, zeros on the same line are withheld too
 *    (a 0 beside a `*` can say "everyone in that small group did X");
 * 3. secondary suppression: where a line of a table has a total, a single withheld cell could be
 *    recovered by subtraction, so the next-smallest cell on that line is withheld too (the total,
 *    when there is no other cell) — repeated until no line has exactly one withheld cell;
 * 4. every other count is rounded to the nearest 5;
 * 5. rates and shares are computed from unrounded numbers and withheld when their numerator or
 *    denominator is 1–7 or the count cell they describe was withheld; averages, medians and
 *    percentiles are withheld on fewer than 10 people; released values are rounded.
 *
 * A table is the count figures of one metric and breakdown. A one-way breakdown is one line
 * (its groups, with `total` as the line's total). A two-way breakdown has groups `a|b`: each row
 * (`a|…`, total `a|total`), each column (`…|b`, total `total|b`) and the margins are lines.
 */
export function discloseFigures(figures: readonly Figure[], disclosure: Disclosure): ReleasedFigure[] {
  if (disclosure === 'exact') return figures.map(release);
  const withheld = suppressCounts(figures);
  return figures.map((f) => {
    const key = figureKey(f);
    if (f.unit === 'count') {
      const reason = withheld.get(key);
      if (reason !== undefined) return { ...release(f), value: null, withheldReason: reason };
      return { ...release(f), value: f.value === null ? null : roundTo(f.value) };
    }
    return release(discloseDerived(f, withheld));
  });
}

function release(f: Figure): ReleasedFigure {
  return {
    metric: f.metric,
    breakdown: f.breakdown,
    group: f.group,
    unit: f.unit,
    value: f.value,
    ci95Lower: f.ci95Lower,
    ci95Upper: f.ci95Upper,
    withheldReason: f.withheldReason,
  };
}

const small = (n: number) => n >= 1 && n <= SUPPRESS_UP_TO;
const roundTo = (n: number) => Math.round(n / ROUND_TO) * ROUND_TO;

const DECIMALS: { readonly [U in Unit]: number } = {
  count: 0,
  rate_per_1000: 1,
  percent: 1,
  ratio: 2,
  days: 1,
  working_days: 1,
  fte: 2,
  per_fte: 1,
  per_fte_week: 1,
};

function roundValue(v: number | null, unit: Unit): number | null {
  if (v === null) return null;
  const f = 10 ** DECIMALS[unit];
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function withhold(f: Figure, reason: WithheldReason): Figure {
  return { ...f, value: null, ci95Lower: null, ci95Upper: null, withheldReason: reason };
}

function discloseDerived(f: Figure, withheldCounts: ReadonlyMap<string, WithheldReason>): Figure {
  if (f.value === null) return f;
  if (f.countKey !== undefined) {
    const reason = withheldCounts.get(f.countKey);
    if (reason !== undefined) return withhold(f, reason);
  }
  if ((f.numerator !== undefined && small(f.numerator)) || (f.denominator !== undefined && small(f.denominator))) {
    return withhold(f, 'small_number_suppressed');
  }
  if (f.n !== undefined && f.n < MIN_PAIRS_FOR_RELEASE) return withhold(f, 'small_cohort_withheld');
  return { ...f, value: roundValue(f.value, f.unit), ci95Lower: roundValue(f.ci95Lower, f.unit), ci95Upper: roundValue(f.ci95Upper, f.unit) };
}

interface Line {
  cells: string[];
  total: string | undefined;
}

/** The lines of one table (see discloseFigures). */
function linesOf(keys: readonly { key: string; group: string }[]): Line[] {
  const byGroup = new Map(keys.map((k) => [k.group, k.key]));
  const twoWay = keys.some((k) => k.group.includes('|'));
  if (!twoWay) {
    return [{ cells: keys.filter((k) => k.group !== TOTAL).map((k) => k.key), total: byGroup.get(TOTAL) }];
  }
  const rows = new Map<string, string[]>();
  const cols = new Map<string, string[]>();
  for (const k of keys) {
    const [a, b] = k.group.split('|') as [string, string | undefined];
    if (b === undefined) continue;
    if (b !== TOTAL) (rows.get(a) ?? rows.set(a, []).get(a))?.push(k.key);
    if (a !== TOTAL) (cols.get(b) ?? cols.set(b, []).get(b))?.push(k.key);
  }
  const lines: Line[] = [];
  for (const [a, cells] of rows) lines.push({ cells, total: a === TOTAL ? byGroup.get(TOTAL) : byGroup.get(`${a}|${TOTAL}`) });
  for (const [b, cells] of cols) lines.push({ cells, total: b === TOTAL ? byGroup.get(TOTAL) : byGroup.get(`${TOTAL}|${b}`) });

  return lines;
}

/** A count cell of a table, for the suppression engine: `table` names the table, `group` the cell (`a|b` in a two-way table). */
export interface CountCell {
  table: string;
  group: string;
  value: number;
}

/**
 * Steps 1–3 for any set of count tables (every report's figures, and the outcomes report's
 * meaningful-change and band tables): which cells are withheld, and why, keyed `table/group`.
 */
export function suppressTableCounts(cells: readonly CountCell[]): Map<string, WithheldReason> {
  const withheld = new Map<string, WithheldReason>();
  const values = new Map<string, number>();
  const tables = new Map<string, { key: string; group: string }[]>();
  for (const c of cells) {
    const key = `${c.table}/${c.group}`;
    values.set(key, c.value);
    (tables.get(c.table) ?? tables.set(c.table, []).get(c.table))?.push({ key, group: c.group });
    if (small(c.value)) withheld.set(key, 'small_number_suppressed');
  }
  for (const keys of tables.values()) {
    const lines = linesOf(keys);
    // Zero-cell rule: zeros on a line with a withheld cell.
    if (keys.some((k) => withheld.has(k.key))) {
      for (const line of lines) {
        const all = line.total === undefined ? line.cells : [...line.cells, line.total];
        if (!all.some((k) => withheld.has(k))) continue;
        for (const k of all) if (values.get(k) === 0) withheld.set(k, 'zero_beside_suppressed');
      }
    }
    // Secondary suppression, to a fixed point.
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        if (line.total === undefined || withheld.has(line.total)) continue;
        const hidden = line.cells.filter((k) => withheld.has(k));
        if (hidden.length !== 1) continue;
        const candidates = line.cells.filter((k) => !withheld.has(k)).sort((x, y) => (values.get(x) ?? 0) - (values.get(y) ?? 0) || x.localeCompare(y));
        const next = candidates[0] ?? line.total;
        withheld.set(next, 'secondary_suppression');
        changed = true;
      }
    }
  }
  return withheld;
}

/** Which count figures are withheld, and why (steps 1–3), keyed by figureKey. */
function suppressCounts(figures: readonly Figure[]): Map<string, WithheldReason> {
  return suppressTableCounts(
    figures.flatMap((f) => (f.unit !== 'count' || f.value === null ? [] : [{ table: `${f.metric}/${f.breakdown}`, group: f.group, value: f.value }])),
  );
}
