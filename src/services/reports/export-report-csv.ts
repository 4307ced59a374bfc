import { stringify } from 'csv-stringify/sync';
import type { ReportName } from '../../domain/insight/reports.ts';
import { REPORT_CSV_COLUMNS, type ReportQuery } from '../../domain/schemas/reports.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { buildReport } from './shared/build-report.ts';
import { reportCsvRows } from './shared/report-csv.ts';
import { actorReportDisclosure, reportAuditSummary } from './shared/report-context.ts';

/**
 * A report as tidy CSV, one statistic per row (metric, breakdown, group, unit, value, 95%
 * interval, why withheld, disclosure, definition version). A file is how figures leave the PCN:
 * suppressed for commissioners and PCN leads (unless a lead asks otherwise), and audited.
 * Cells starting with = + - @ are escaped against formula injection.
 */
export async function exportReportCsv(
  deps: ServiceDeps,
  actor: Actor,
  name: ReportName,
  q: ReportQuery,
): Promise<{ csv: string; disclosure: string; period: string }> {
  const disclosure = actorReportDisclosure(actor, 'export', q.disclosure);
  const report = await runUseCase(deps, actor, {
    permission: 'report:view',
    action: 'report.exported',
    entityType: 'report',
    entityId: name,
    work: (tx) => buildReport(deps, tx, actor, name, q, disclosure),
    audit: (r) => ({ summary: reportAuditSummary(name, q, r.period.code, disclosure) }),
  });
  const csv = stringify(reportCsvRows(report), { header: true, columns: [...REPORT_CSV_COLUMNS], escape_formulas: true });
  return { csv, disclosure, period: report.period.code };
}
