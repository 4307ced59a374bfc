import { stringify } from 'csv-stringify/sync';
import type { QuarterlyReturn } from '../../../domain/insight/quarterly-return.ts';
import { REPORT_CSV_COLUMNS } from '../../../domain/schemas/reports.ts';

/**
 * The return's tidy CSV columns: the report CSV's, led by what a hub needs to stack the files of
 * many deployments into one table (the quarter, the deployment, the section and the report).
 */
export const RETURN_CSV_COLUMNS = ['period', 'deployment', 'section', 'report', ...REPORT_CSV_COLUMNS] as const;

/** The return as tidy CSV, one statistic per row; cells starting with = + - @ are escaped against formula injection. */
export function returnCsv(r: QuarterlyReturn): string {
  const rows = r.sections.flatMap((s) =>
    s.figures.map((f) => ({
      period: r.period,
      deployment: r.deployment.id,
      section: s.id,
      report: f.report,
      metric: f.metric,
      breakdown: f.breakdown,
      group: f.group,
      unit: f.unit,
      value: f.value,
      ci95_lower: f.ci95Lower,
      ci95_upper: f.ci95Upper,
      withheld_reason: f.withheldReason,
      disclosure: r.disclosure,
      definition_version: r.definitions[f.metric]?.version ?? null,
    })),
  );
  return stringify(rows, { header: true, columns: [...RETURN_CSV_COLUMNS], escape_formulas: true });
}
