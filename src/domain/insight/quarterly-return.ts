import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { OutcomeAnalysisView } from '../schemas/outcome-reports.ts';
import { odsCodeSchema } from '../schemas/organisations.ts';
import { MIN_PAIRS_FOR_RELEASE, type Count } from '../suppression.ts';
import { STAT_REASONS, type StatReason } from '../stat.ts';
import { count, figureKey, percent, TOTAL, UNITS, WITHHELD_REASONS, type Figure, type ReleasedFigure } from './figures.ts';
import { METRIC_IDS, type MetricId } from './metrics.ts';
import { addDays, addMonths, parsePeriod } from './periods.ts';
import { REPORT_NAMES } from './reports.ts';

/**
 * The federated quarterly return (issue 11 part 5; INSIGHT.md "A federated national return"):
 * every report of a quarter, suppressed, in sections that follow the PRSB Social Prescribing
 * Information Standard, described by a versioned JSON Schema kept in the project
 * (docs/schemas/quarterly-return.v1.schema.json) and merged by a hub with `mergeReturns` without
 * re-identifying anyone (docs/design/quarterly-return.md says how and why).
 *
 * The schema is the contract: a change that could break a hub's reader (a new required field, a
 * different meaning) is a new version with a new id, never an edit of v1.
 */
export const RETURN_SCHEMA_ID = 'https://linkwork.example/schemas/quarterly-return/v1.json';

/** The PRSB-aligned sections, in the order a return lists them. */
export const RETURN_SECTIONS = ['demographics_and_access', 'needs_and_concerns', 'support_offered', 'outcomes', 'pathway_and_workforce'] as const;
export type ReturnSectionId = (typeof RETURN_SECTIONS)[number];

export const RETURN_SECTION_TITLES: { readonly [S in ReturnSectionId]: { title: string; prsb: string } } = {
  demographics_and_access: { title: 'Demographics and access', prsb: 'Person demographics; referral (source, practice) and reach against the registered list' },
  needs_and_concerns: { title: 'Needs and concerns', prsb: 'Needs and concerns: the reasons for referral, and needs that could not be met' },
  support_offered: { title: 'Support offered', prsb: 'Support offered: community referrals and signposts, and confirmed connections' },
  outcomes: { title: 'Outcomes', prsb: 'Outcomes: wellbeing and loneliness measures at baseline and follow-up' },
  pathway_and_workforce: { title: 'Pathway and workforce', prsb: 'The service and pathway: contacts, time to contact, discharge; link worker capacity' },
};

/** Which section each metric's figures go to (exceptions in sectionOf). Exhaustive: a new metric must choose. */
const METRIC_SECTION: { readonly [M in MetricId]: ReturnSectionId } = {
  D1: 'demographics_and_access',
  D2: 'demographics_and_access',
  D3: 'pathway_and_workforce',
  F1: 'pathway_and_workforce',
  F2: 'pathway_and_workforce',
  F3: 'pathway_and_workforce',
  F4: 'pathway_and_workforce',
  F5: 'pathway_and_workforce',
  R1: 'demographics_and_access',
  R2: 'demographics_and_access',
  R3: 'demographics_and_access',
  R4: 'demographics_and_access',
  R5: 'demographics_and_access',
  U1: 'needs_and_concerns',
  U2: 'needs_and_concerns',
  W1: 'pathway_and_workforce',
  W2: 'pathway_and_workforce',
  W3: 'pathway_and_workforce',
  W4: 'pathway_and_workforce',
  S1: 'support_offered',
  S2: 'support_offered',
  S3: 'support_offered',
  S4: 'support_offered',
  // Work as a pathway: goals with needs, connections with support, returns and fit notes with outcomes.
  K1: 'needs_and_concerns',
  K2: 'support_offered',
  K3: 'outcomes',
  K4: 'outcomes',
  K5: 'outcomes',
  // Proactive outreach: how people are found and reached.
  P1: 'pathway_and_workforce',
  P2: 'demographics_and_access',
};

/** The paired outcome cohort (from the outcomes report), the one metric of the return that is not a report metric. */
export const OUTCOME_METRIC = 'O1' as const;
export const RETURN_METRICS = [...METRIC_IDS, OUTCOME_METRIC] as const;
export type ReturnMetric = (typeof RETURN_METRICS)[number];

export const RETURN_REPORTS = [...REPORT_NAMES, 'outcomes'] as const;
export type ReturnReport = (typeof RETURN_REPORTS)[number];

/** Units: the reports' plus `score` (an outcome instrument's mean). */
export const RETURN_UNITS = [...UNITS, 'score'] as const;
export type ReturnUnit = (typeof RETURN_UNITS)[number];

/**
 * Why a figure of a return is withheld: the reports' reasons, the outcome statistics' reasons,
 * and a hub's merge reasons (withheld in a contributing return; not additive, such as a median;
 * the returns used different versions of the definition; the table is not in every return).
 */
export const MERGE_REASONS = ['not_mergeable', 'definition_mismatch', 'not_in_every_return'] as const;
export const RETURN_WITHHELD_REASONS = [...new Set([...WITHHELD_REASONS, ...STAT_REASONS, ...MERGE_REASONS])] as readonly (
  (typeof WITHHELD_REASONS)[number] | StatReason | (typeof MERGE_REASONS)[number]
)[];
export type ReturnWithheldReason = (typeof RETURN_WITHHELD_REASONS)[number];

/** One statistic of a return: the report CSV's tidy row, plus the report it comes from. */
export interface ReturnFigure {
  report: ReturnReport;
  metric: ReturnMetric;
  breakdown: string;
  group: string;
  unit: ReturnUnit;
  value: number | null;
  ci95Lower: number | null;
  ci95Upper: number | null;
  withheldReason: ReturnWithheldReason | null;
}

export interface ReturnSection {
  id: ReturnSectionId;
  title: string;
  prsb: string;
  figures: ReturnFigure[];
}

/** An organisation the return covers: NHS organisations only, by ODS code (aggregates only). */
export interface ReturnOrganisation {
  kind: 'icb' | 'pcn' | 'practice';
  odsCode: string | null;
  name: string;
}

export interface ReturnDefinition {
  title: string;
  definition: string;
  version: string;
}

export interface QuarterlyReturn {
  /** Always first: which schema (and version) the return follows. */
  schema: typeof RETURN_SCHEMA_ID;
  /** Always second: the quarter, `YYYY-Qn`. */
  period: string;
  /** The quarter's first and last London dates. */
  dates: { from: string; to: string };
  generatedAt: string;
  /** Self-chosen, no personal data; a merged return lists the deployments it was merged from. */
  deployment: { id: string; name: string; contributors?: string[] };
  organisations: ReturnOrganisation[];
  disclosure: 'suppressed';
  suppression: { suppressUpTo: number; roundTo: number; minPeopleForAverages: number };
  /** Metric id → its definition and version, as printed under every chart. */
  definitions: Record<string, ReturnDefinition>;
  /** Names of groups that are codes (a practice's ODS code, a community service's or its organisation's id): public names, never people. */
  labels: Record<string, string>;
  notes: string[];
  sections: ReturnSection[];
}

/** The outcome metric's definition (the report metrics' are in metrics.ts). */
export const OUTCOME_DEFINITION: ReturnDefinition = {
  title: 'Paired outcome change',
  definition:
    'For each outcome instrument (and each item of an instrument reported item by item, such as ONS4), the cohort of cases accepted in the 12 months to the end of the quarter: people with a baseline score, with a baseline and a follow-up (pairs), with a follow-up but no baseline; the follow-up rate (pairs ÷ with a baseline); mean scores at baseline and follow-up and the mean change with its 95% interval (paired t); and how many improved, did not change meaningfully or deteriorated against the instrument’s meaningful-change threshold (any change, where it has none), with the share improved. Breakdown: `<instrument>@<version>` or `<instrument>@<version>:<item>`, then `:cohort`, `:change` or `:scores`.',
  version: '1',
};

/** The notes every return carries. */
export const RETURN_NOTES = [
  'Suppressed aggregates only: counts 1–7 are withheld, other counts rounded to the nearest 5, with secondary suppression and the zero-cell rule; rates are computed from unrounded numbers and withheld with their parts; averages and medians on fewer than 10 people are withheld.',
  'Figures about individual link workers are left out: the return describes the service, not its staff.',
  'Outcomes (O1) follow the cohort of cases accepted in the 12 months to the end of the quarter, so that follow-ups have had time to happen.',
];

// ---------------------------------------------------------------------------------------------
// Query and quarters

export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;

/** What a return is asked for with (CLI options, the HTTP query). */
export const quarterlyReturnQuerySchema = z.strictObject({
  period: z.string().max(7).regex(QUARTER_PATTERN, 'Choose a quarter, like 2026-Q3'),
  /** An ICB or PCN in scope, by ODS code; the whole scope when absent. */
  org: odsCodeSchema.optional(),
  /** The deployment's self-chosen id (letters, digits, `.`, `_`, `-`); derived from the organisations when absent. */
  deployment: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'A deployment id is 1 to 64 letters, digits, dots, dashes or underscores')
    .optional(),
});
export type QuarterlyReturnQuery = z.infer<typeof quarterlyReturnQuerySchema>;

/** The quarter containing a London date, as `YYYY-Qn`. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The most recent quarter that has ended by this London date. */
export function lastCompleteQuarter(today: string): string {
  return quarterOf(addMonths(`${today.slice(0, 7)}-01`, -3));
}

/** The complete quarters before today, most recent first. */
export function completeQuarters(today: string, howMany: number): string[] {
  const out: string[] = [];
  let d = addMonths(`${today.slice(0, 7)}-01`, -3);
  for (let i = 0; i < howMany; i += 1, d = addMonths(d, -3)) out.push(quarterOf(d));
  return out;
}

/** A quarter's dates, or null when the code is not a quarter. */
export function quarterDates(code: string): { from: string; to: string } | null {
  if (!QUARTER_PATTERN.test(code)) return null;
  const p = parsePeriod(code, '2000-01-01');
  return p === null ? null : { from: p.from, to: p.to };
}

/** Whether the quarter has ended by this London date (a return is for a whole quarter). */
export function quarterHasEnded(code: string, today: string): boolean {
  const d = quarterDates(code);
  return d !== null && today > d.to;
}

/** The outcome cohort's window: cases accepted in the 12 months to the quarter's last day. */
export function outcomeCohortWindow(dates: { from: string; to: string }): { from: string; to: string } {
  return { from: addDays(addMonths(dates.to, -12), 1), to: dates.to };
}

// ---------------------------------------------------------------------------------------------
// Building

/** The section a figure belongs to: by metric, with needs (D1 by need) and connections (F1) placed where PRSB has them. */
export function sectionOf(report: ReturnReport, metric: ReturnMetric, breakdown: string, group: string): ReturnSectionId {
  if (report === 'outcomes' || metric === OUTCOME_METRIC) return 'outcomes';
  if (metric === 'D1' && breakdown === 'need') return 'needs_and_concerns';
  if (metric === 'F1' && (group === 'connected' || group === 'connection_confirmed')) return 'support_offered';
  return METRIC_SECTION[metric];
}

/**
 * Whether a figure describes individual staff (a group of a breakdown by link worker, or a group
 * that is a link worker's id): left out of a return, which describes the service, not who works
 * in it. The team's totals stay.
 */
export function isStaffLevel(breakdown: string, group: string, linkWorkerIds: ReadonlySet<string>): boolean {
  const groups = group.split('|');
  // The team's totals (`total`, `total|active`) stay: they describe the service.
  if (breakdown.split('|').some((b, i) => (b === 'link_worker' || b === 'user') && (groups[i] ?? TOTAL) !== TOTAL)) return true;
  return groups.some((g) => linkWorkerIds.has(g));
}

/** A report's released figure as a return figure (a value-less figure without a reason says `no_data`). */
export function returnFigure(report: ReturnReport, f: ReleasedFigure): ReturnFigure {
  const withheld = f.value === null;
  return {
    report,
    metric: f.metric,
    breakdown: f.breakdown,
    group: f.group,
    unit: f.unit,
    value: f.value,
    ci95Lower: withheld ? null : f.ci95Lower,
    ci95Upper: withheld ? null : f.ci95Upper,
    withheldReason: withheld ? (f.withheldReason ?? 'no_data') : null,
  };
}

/** The names of the groups the figures use, from a report's labels (staff are already left out of the figures, so never their names). */
export function labelsFor(figures: readonly ReturnFigure[], labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of figures) {
    for (const part of f.group.split('|')) {
      const name = labels[part];
      if (name !== undefined && part !== TOTAL) out[part] = name;
    }
  }
  return out;
}

/** Every section, in order, each with its figures in the order given. */
export function returnSections(figures: readonly ReturnFigure[]): ReturnSection[] {
  return RETURN_SECTIONS.map((id) => ({
    id,
    ...RETURN_SECTION_TITLES[id],
    figures: figures.filter((f) => sectionOf(f.report, f.metric, f.breakdown, f.group) === id),
  }));
}

// The outcome figures go through the reports' disclosure control (discloseFigures), which reads a
// figure's metric only as the name of its table: O1 is not a report metric, so it is cast here.
const O1_TABLE = OUTCOME_METRIC as string as MetricId;

const exactCount = (c: Count): number | null => (c === '*' ? null : c);

/** The breakdown an outcome measure's figures are under: `<instrument>@<version>` or `…:<item>`. */
export function outcomeMeasure(instrument: { code: string; version: string }, item: string | null): string {
  return `${instrument.code}@${instrument.version}${item === null ? '' : `:${item}`}`;
}

/**
 * An outcome analysis computed exactly, as figures for disclosure control (counts and shares:
 * primary and secondary suppression, rounding). Three tables per measure: `:cohort` (with a
 * baseline, pairs, follow-up without baseline, follow-up rate), `:change` (improved, no
 * meaningful change, deteriorated, with the pairs as the line's total so secondary suppression
 * protects it, and the share improved).
 */
export function outcomeCountFigures(measure: string, analysis: OutcomeAnalysisView): Figure[] {
  const s = analysis.stats;
  const cohort = `${measure}:cohort`;
  const change = `${measure}:change`;
  const withBaseline = exactCount(s.withBaseline) ?? 0;
  const pairs = exactCount(s.pairs) ?? 0;
  const pairsKey = figureKey({ metric: O1_TABLE, breakdown: cohort, group: 'pairs' });
  const figures: Figure[] = [
    count(O1_TABLE, cohort, 'with_baseline', withBaseline),
    count(O1_TABLE, cohort, 'pairs', pairs),
    count(O1_TABLE, cohort, 'follow_up_without_baseline', exactCount(s.followUpWithoutBaseline) ?? 0),
    percent(O1_TABLE, cohort, 'follow_up_rate', pairs, withBaseline, undefined, pairsKey),
  ];
  const m = s.meaningfulChange.value;
  if (m === null) {
    for (const g of ['improved', 'no_meaningful_change', 'deteriorated', TOTAL])
      figures.push({ ...count(O1_TABLE, change, g, 0), value: null, withheldReason: 'no_data' });
    figures.push({ ...percent(O1_TABLE, change, 'share_improved', 0, 0), withheldReason: 'no_data' });
    return figures;
  }
  const improved = exactCount(m.improved) ?? 0;
  figures.push(
    count(O1_TABLE, change, 'improved', improved),
    count(O1_TABLE, change, 'no_meaningful_change', exactCount(m.noMeaningfulChange) ?? 0),
    count(O1_TABLE, change, 'deteriorated', exactCount(m.deteriorated) ?? 0),
    count(O1_TABLE, change, TOTAL, pairs),
    percent(O1_TABLE, change, 'share_improved', improved, pairs, undefined, figureKey({ metric: O1_TABLE, breakdown: change, group: 'improved' })),
  );
  return figures;
}

const round2 = (v: number): number => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
};

/**
 * An outcome analysis's mean scores (table `:scores`), disclosed as the cohort report does
 * (discloseCohortStats): withheld on fewer than MIN_PAIRS_FOR_RELEASE pairs, else rounded to 2 places.
 */
export function outcomeScoreFigures(measure: string, analysis: OutcomeAnalysisView): ReturnFigure[] {
  const s = analysis.stats;
  const pairs = exactCount(s.pairs) ?? 0;
  const breakdown = `${measure}:scores`;
  const figure = (group: string, stat: { value: number | null; reason: StatReason | null }, ci?: { lower: number; upper: number }): ReturnFigure => {
    const base = { report: 'outcomes' as const, metric: OUTCOME_METRIC, breakdown, group, unit: 'score' as const };
    if (stat.value === null) return { ...base, value: null, ci95Lower: null, ci95Upper: null, withheldReason: stat.reason ?? 'no_data' };
    if (pairs < MIN_PAIRS_FOR_RELEASE) return { ...base, value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'small_cohort_withheld' };
    return {
      ...base,
      value: round2(stat.value),
      ci95Lower: ci === undefined ? null : round2(ci.lower),
      ci95Upper: ci === undefined ? null : round2(ci.upper),
      withheldReason: null,
    };
  };
  const t = s.tTest.value;
  return [
    figure('mean_baseline', s.meanBaseline),
    figure('mean_follow_up', s.meanFollowUp),
    t === null
      ? figure('mean_change', { value: null, reason: s.tTest.reason })
      : figure('mean_change', { value: t.meanChange, reason: null }, { lower: t.ci95Lower, upper: t.ci95Upper }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Merging (docs/design/quarterly-return.md)

/** Units a hub may add across deployments: counts (already rounded) and whole-time equivalents. */
const ADDITIVE_UNITS: ReadonlySet<ReturnUnit> = new Set(['count', 'fte']);

/** Reasons that mean "no figure", not "hidden": they do not make a merged cell withheld on their own. */
const NOT_HIDDEN: ReadonlySet<ReturnWithheldReason> = new Set(['no_data']);

interface Parts {
  numerator: { breakdown: string; group: string };
  denominator: { breakdown: string; group: string };
  /** 100 for a percentage. */
  scale: number;
}

/**
 * The counts a share is made of, where the return carries them, so a hub can recompute it from
 * merged counts. Shares with no rule here (medians, rates against a list, shares whose parts
 * are not in the return) are not mergeable and come out withheld. A new report's shares can be
 * added here.
 */
export function partsOf(f: Pick<ReturnFigure, 'metric' | 'breakdown' | 'group' | 'unit'>): Parts | null {
  if (f.unit !== 'percent') return null;
  const pct = (nb: string, ng: string, db: string, dg: string): Parts => ({
    numerator: { breakdown: nb, group: ng },
    denominator: { breakdown: db, group: dg },
    scale: 100,
  });
  if (f.metric === 'D3' && f.breakdown === TOTAL && f.group === TOTAL) return pct('people', 're_referred', 'people', 'discharged');
  if (f.metric === 'F1' && f.breakdown === 'stage_of_referred') return pct('stage', f.group, 'stage', 'referred');
  if (f.metric === 'F5' && f.breakdown === 'contacts_share') return pct('contacts', f.group, 'contacts', TOTAL);
  if (f.metric === OUTCOME_METRIC && f.breakdown.endsWith(':cohort') && f.group === 'follow_up_rate') {
    return pct(f.breakdown, 'pairs', f.breakdown, 'with_baseline');
  }
  if (f.metric === OUTCOME_METRIC && f.breakdown.endsWith(':change') && f.group === 'share_improved') return pct(f.breakdown, 'improved', f.breakdown, TOTAL);
  return null;
}

const mergeKey = (f: Pick<ReturnFigure, 'report' | 'metric' | 'breakdown' | 'group'>) => `${f.report}\u0000${f.metric}\u0000${f.breakdown}\u0000${f.group}`;
const tableKey = (f: Pick<ReturnFigure, 'report' | 'metric' | 'breakdown'>) => `${f.report}\u0000${f.metric}\u0000${f.breakdown}`;

function withheldFigure(f: ReturnFigure, reason: ReturnWithheldReason): ReturnFigure {
  return { ...f, value: null, ci95Lower: null, ci95Upper: null, withheldReason: reason };
}

function contributorsOf(r: QuarterlyReturn): string[] {
  return r.deployment.contributors ?? [r.deployment.id];
}

function mismatch(message: string, what: string): AppError<'invalid_input'> {
  return new AppError('invalid_input', message, { mismatch: what });
}

/**
 * Merges two quarterly returns of the same quarter from different deployments, as a hub does,
 * using only what the returns publish:
 * - counts (and FTE) are added only where both returns released them; a cell withheld in either
 *   stays withheld (with that return's reason) — nothing is ever subtracted or estimated;
 * - a table found in only one return is withheld (`not_in_every_return`); within a table found in
 *   both, a group only one return has (its own practices, services) is carried over unchanged;
 * - shares are recomputed from the merged, released counts they are made of (partsOf), else
 *   withheld; medians, means, rates against a list and intervals are not additive (`not_mergeable`);
 * - a metric whose definition versions differ is withheld (`definition_mismatch`).
 * Refuses returns of different schemas or quarters, and returns that share a deployment or an
 * organisation (that would count the same people twice).
 */
export function mergeReturns(
  a: QuarterlyReturn,
  b: QuarterlyReturn,
  opts: { deployment?: { id: string; name: string }; generatedAt?: string } = {},
): QuarterlyReturn {
  if (a.schema !== RETURN_SCHEMA_ID || b.schema !== RETURN_SCHEMA_ID) throw mismatch('Both returns must follow the same schema version', 'schema');
  if (a.period !== b.period) throw mismatch('Both returns must be for the same quarter', 'period');
  const contributorsA = contributorsOf(a);
  const contributorsB = contributorsOf(b);
  if (contributorsA.some((c) => contributorsB.includes(c))) throw mismatch('The returns share a deployment: its people would be counted twice', 'deployment');
  const orgKey = (o: ReturnOrganisation) => (o.odsCode === null ? [] : [`${o.kind}:${o.odsCode}`]);
  const orgsA = new Set(a.organisations.flatMap(orgKey));
  if (b.organisations.flatMap(orgKey).some((k) => orgsA.has(k)))
    throw mismatch('The returns cover the same organisation: its people would be counted twice', 'organisations');

  // Definitions: the same version in both, else the metric is withheld.
  const definitions: Record<string, ReturnDefinition> = {};
  const mismatched = new Set<string>();
  for (const [id, d] of Object.entries(a.definitions)) definitions[id] = d;
  for (const [id, d] of Object.entries(b.definitions)) {
    const other = definitions[id];
    if (other === undefined) definitions[id] = d;
    else if (other.version !== d.version) {
      mismatched.add(id);
      definitions[id] = {
        title: other.title,
        definition: `The merged returns used different versions of this definition (${other.version} and ${d.version}): its figures are withheld.`,
        version: `${other.version}+${d.version}`,
      };
    }
  }

  const all = (r: QuarterlyReturn) => r.sections.flatMap((s) => s.figures);
  const byKeyA = new Map(all(a).map((f) => [mergeKey(f), f]));
  const byKeyB = new Map(all(b).map((f) => [mergeKey(f), f]));
  const tablesA = new Set(all(a).map(tableKey));
  const tablesB = new Set(all(b).map(tableKey));
  const order: ReturnFigure[] = [...all(a), ...all(b).filter((f) => !byKeyA.has(mergeKey(f)))];

  // First pass: everything but the recomputed shares.
  const merged = new Map<string, ReturnFigure>();
  for (const first of order) {
    const key = mergeKey(first);
    const fa = byKeyA.get(key);
    const fb = byKeyB.get(key);
    merged.set(key, mergeFigure(first, fa, fb, mismatched.has(first.metric), tablesA.has(tableKey(first)) && tablesB.has(tableKey(first))));
  }
  // Second pass: shares from the merged counts they are made of.
  for (const [key, f] of merged) {
    const fa = byKeyA.get(key);
    const fb = byKeyB.get(key);
    if (fa === undefined || fb === undefined || f.withheldReason !== null || f.value !== null) continue;
    merged.set(key, recomputeShare(f, merged));
  }

  const figures = [...merged.values()];
  const contributors = [...contributorsA, ...contributorsB];
  return {
    schema: RETURN_SCHEMA_ID,
    period: a.period,
    dates: a.dates,
    generatedAt: opts.generatedAt ?? (a.generatedAt > b.generatedAt ? a.generatedAt : b.generatedAt),
    deployment: { ...(opts.deployment ?? { id: 'hub', name: `Merged return of ${contributors.length} deployments` }), contributors },
    organisations: [...a.organisations, ...b.organisations],
    disclosure: 'suppressed',
    suppression: a.suppression,
    definitions,
    labels: { ...b.labels, ...a.labels },
    notes: [
      ...new Set([
        ...a.notes,
        ...b.notes,
        'Merged by a hub: released counts added; cells withheld in any return stay withheld; shares recomputed from merged counts where their parts are published; medians, means, list rates and intervals withheld (not_mergeable).',
      ]),
    ],
    sections: returnSections(figures),
  };
}

/** Merges one figure, except shares that can be recomputed (left value-less, without a reason, for the second pass). */
function mergeFigure(
  first: ReturnFigure,
  fa: ReturnFigure | undefined,
  fb: ReturnFigure | undefined,
  definitionMismatch: boolean,
  inBothReturns: boolean,
): ReturnFigure {
  if (definitionMismatch) return withheldFigure(first, 'definition_mismatch');
  if (!inBothReturns) return withheldFigure(first, 'not_in_every_return');
  // A group only one deployment has (its own practice, service): the other contributes nothing.
  if (fa === undefined || fb === undefined) return { ...first };
  if (fa.unit !== fb.unit) return withheldFigure(first, 'definition_mismatch');
  const hidden = [fa, fb].find((f) => f.withheldReason !== null && !NOT_HIDDEN.has(f.withheldReason));
  if (hidden !== undefined) return withheldFigure(first, hidden.withheldReason ?? 'not_mergeable');
  if (ADDITIVE_UNITS.has(first.unit)) {
    if (fa.value === null && fb.value === null) return withheldFigure(first, 'no_data');
    const sum = (fa.value ?? 0) + (fb.value ?? 0);
    return { ...first, value: first.unit === 'count' ? sum : round2(sum), ci95Lower: null, ci95Upper: null, withheldReason: null };
  }
  if (partsOf(first) !== null) return { ...first, value: null, ci95Lower: null, ci95Upper: null, withheldReason: null };
  if (fa.value === null && fb.value === null) return withheldFigure(first, 'no_data');
  return withheldFigure(first, 'not_mergeable');
}

function recomputeShare(f: ReturnFigure, merged: ReadonlyMap<string, ReturnFigure>): ReturnFigure {
  const parts = partsOf(f);
  if (parts === null) return withheldFigure(f, 'not_mergeable');
  const part = (p: { breakdown: string; group: string }) =>
    merged.get(mergeKey({ report: f.report, metric: f.metric, breakdown: p.breakdown, group: p.group }));
  const num = part(parts.numerator);
  const den = part(parts.denominator);
  if (num === undefined || den === undefined) return withheldFigure(f, 'not_mergeable');
  if (num.value === null || den.value === null) {
    const reason = [num, den].find((p) => p.withheldReason !== null)?.withheldReason;
    return withheldFigure(f, reason ?? 'not_mergeable');
  }
  if (den.value === 0) return withheldFigure(f, 'no_data');
  return { ...f, value: Math.round((parts.scale * num.value * 10) / den.value) / 10, ci95Lower: null, ci95Upper: null, withheldReason: null };
}
