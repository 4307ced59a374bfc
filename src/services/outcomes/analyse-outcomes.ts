import type { OutcomeReportQuery, OutcomeReportView } from '../../domain/schemas/outcome-reports.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { actorDisclosure, buildOutcomeReport, outcomeFilterSummary } from './shared/outcome-report.ts';

/**
 * Cohort outcome analysis (issue 5 part 6): pre/post statistics for one instrument over the cases
 * in the actor's scope that match the filters, suppressed for commissioners (DOMAIN.md §6).
 * Aggregate, but audited: who looked at which cohort is worth knowing.
 */
export async function analyseOutcomes(deps: ServiceDeps, actor: Actor, q: OutcomeReportQuery): Promise<OutcomeReportView> {
  const disclosure = actorDisclosure(actor, 'view', q.disclosure);
  return runUseCase(deps, actor, {
    permission: 'outcome:analyse',
    action: 'outcome.cohort_viewed',
    entityType: 'outcome_cohort',
    entityId: q.instrument,
    work: (tx) => buildOutcomeReport(tx, actor, q, disclosure),
    audit: () => ({ summary: outcomeFilterSummary(q, disclosure) }),
  });
}
