import type { REPORT_CSV_COLUMNS, ReportView } from '../../../domain/schemas/reports.ts';

/** The tidy rows of a report (shared with the quarterly return's CSV). */
export function reportCsvRows(report: ReportView): Record<(typeof REPORT_CSV_COLUMNS)[number], string | number | null>[] {
  const versions = new Map(report.definitions.map((d) => [d.id, d.version]));
  return report.figures.map((f) => ({
    metric: f.metric,
    breakdown: f.breakdown,
    group: f.group,
    unit: f.unit,
    value: f.value,
    ci95_lower: f.ci95Lower,
    ci95_upper: f.ci95Upper,
    withheld_reason: f.withheldReason,
    disclosure: report.disclosure,
    definition_version: versions.get(f.metric) ?? null,
  }));
}
