import { stringify } from 'csv-stringify/sync';
import type { OutcomeAnalysisView, OutcomeReportQuery, OutcomeReportView } from '../../domain/schemas/outcome-reports.ts';
import { actorDisclosure, buildOutcomeReport, outcomeFilterSummary } from './shared/outcome-report.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export const OUTCOME_CSV_COLUMNS = [
  'instrument',
  'instrument_version',
  'item',
  'statistic',
  'value',
  'ci95_lower',
  'ci95_upper',
  'from_band',
  'to_band',
  'withheld_reason',
  'disclosure',
] as const;

type Cell = string | number | null;
type Row = Record<(typeof OUTCOME_CSV_COLUMNS)[number], Cell>;

/**
 * The cohort report as CSV, one statistic per row (long format, so it opens cleanly in a
 * spreadsheet and every figure carries its measure): the filters first, then per measure the
 * counts, means, tests and band transitions. Suppressed exactly as on screen for commissioners,
 * and for PCN leads too (an exported file is how figures leave the PCN). Withheld statistics are
 * rows with an empty value and the reason. Cells starting with = + - @ are escaped against formula
 * injection (csv-stringify `escape_formulas`, as in the audit export).
 */
export async function exportOutcomesCsv(deps: ServiceDeps, actor: Actor, q: OutcomeReportQuery): Promise<{ csv: string; disclosure: string }> {
  const disclosure = actorDisclosure(actor, 'export', q.disclosure);
  const report = await runUseCase(deps, actor, {
    permission: 'outcome:analyse',
    action: 'outcome.cohort_exported',
    entityType: 'outcome_cohort',
    entityId: q.instrument,
    work: (tx) => buildOutcomeReport(tx, actor, q, disclosure),
    audit: () => ({ summary: outcomeFilterSummary(q, disclosure) }),
  });
  const csv = stringify(outcomeCsvRows(report), { header: true, columns: [...OUTCOME_CSV_COLUMNS], escape_formulas: true });
  return { csv, disclosure };
}

/** The rows of the export (exported for tests of the layout). */
export function outcomeCsvRows(report: OutcomeReportView): Row[] {
  const base = { instrument: report.instrument.code, instrument_version: report.instrument.version, disclosure: report.disclosure };
  const empty = { item: null, value: null, ci95_lower: null, ci95_upper: null, from_band: null, to_band: null, withheld_reason: null };
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(report.filters)) {
    rows.push({ ...base, ...empty, statistic: `filter_${key}`, value: value ?? '' });
  }
  for (const a of report.analyses) rows.push(...analysisRows(a, base, empty));
  return rows;
}

function analysisRows(
  a: OutcomeAnalysisView,
  base: Pick<Row, 'instrument' | 'instrument_version' | 'disclosure'>,
  empty: Omit<Row, 'instrument' | 'instrument_version' | 'disclosure' | 'statistic'>,
): Row[] {
  const s = a.stats;
  const rows: Row[] = [];
  const add = (statistic: string, value: Cell, extra: Partial<Row> = {}) => rows.push({ ...base, ...empty, item: a.item, statistic, value, ...extra });
  const addStat = <T>(statistic: string, st: { value: T | null; reason: string | null }, pick: (v: T) => Cell, extra: (v: T) => Partial<Row> = () => ({})) => {
    if (st.value === null) add(statistic, null, { withheld_reason: st.reason });
    else add(statistic, pick(st.value), extra(st.value));
  };
  add('people_with_baseline', s.withBaseline);
  add('people_followed_up', s.pairs);
  add('follow_ups_without_baseline', s.followUpWithoutBaseline);
  addStat('follow_up_rate', s.followUpRate, (v) => v);
  addStat('mean_baseline', s.meanBaseline, (v) => v);
  addStat('mean_follow_up', s.meanFollowUp, (v) => v);
  addStat(
    'mean_change',
    s.tTest,
    (t) => t.meanChange,
    (t) => ({ ci95_lower: t.ci95Lower, ci95_upper: t.ci95Upper }),
  );
  addStat('sd_change', s.tTest, (t) => t.sdChange);
  addStat('paired_t', s.tTest, (t) => t.t);
  addStat('paired_t_df', s.tTest, (t) => t.df);
  addStat('paired_t_p', s.tTest, (t) => t.pValue);
  addStat('cohens_dz', s.cohensDz, (v) => v);
  addStat('wilcoxon_v', s.wilcoxon, (w) => w.statistic);
  addStat('wilcoxon_p', s.wilcoxon, (w) => w.pValue);
  addStat('wilcoxon_method', s.wilcoxon, (w) => w.method);
  addStat('change_basis', s.meaningfulChange, (m) => m.basis);
  addStat('meaningful_change_threshold', s.meaningfulChange, (m) => m.threshold);
  addStat('improved', s.meaningfulChange, (m) => m.improved);
  addStat('no_meaningful_change', s.meaningfulChange, (m) => m.noMeaningfulChange);
  addStat('deteriorated', s.meaningfulChange, (m) => m.deteriorated);
  addStat('share_improved', s.meaningfulChange, (m) => m.shareImproved);
  addStat('baseline_mean_followed_up', s.attrition, (v) => v.meanBaselineFollowedUp);
  addStat('baseline_mean_lost', s.attrition, (v) => v.meanBaselineLost);
  addStat('baseline_mean_difference', s.attrition, (v) => v.difference);
  addStat('people_lost', s.attrition, (v) => v.lost);
  const b = s.bandTransitions.value;
  if (b === null) add('band_transition', null, { withheld_reason: s.bandTransitions.reason });
  else {
    b.counts.forEach((row, i) => row.forEach((c, j) => add('band_transition', c, { from_band: b.bands[i] ?? null, to_band: b.bands[j] ?? null })));
    add('band_unbanded', b.unbanded);
  }
  return rows;
}
