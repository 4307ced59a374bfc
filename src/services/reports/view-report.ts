import type { ReportName } from '../../domain/insight/reports.ts';
import type { ReportQuery, ReportView } from '../../domain/schemas/reports.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { buildReport } from './shared/build-report.ts';
import { actorReportDisclosure, reportAuditSummary } from './shared/report-context.ts';

/**
 * A report on screen (lead, PCN lead, commissioner), for the organisations in the reader's scope:
 * exact for leads and PCN leads unless they ask for the suppressed version, always suppressed for
 * commissioners. Aggregate, but audited: who looked at which figures is worth knowing.
 */
export async function viewReport(deps: ServiceDeps, actor: Actor, name: ReportName, q: ReportQuery): Promise<ReportView> {
  const disclosure = actorReportDisclosure(actor, 'view', q.disclosure);
  return runUseCase(deps, actor, {
    permission: 'report:view',
    action: 'report.viewed',
    entityType: 'report',
    entityId: name,
    work: (tx) => buildReport(deps, tx, actor, name, q, disclosure),
    audit: (r) => ({ summary: reportAuditSummary(name, q, r.period.code, disclosure) }),
  });
}
