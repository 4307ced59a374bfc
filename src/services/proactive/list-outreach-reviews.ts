import { londonDate } from '../../domain/insight/periods.ts';
import type { ListOutreachQuery } from '../../domain/schemas/outreach.ts';
import { listOutreachRows } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { maxAttemptsOf, outreachList, outreachScope, type OutreachList } from './shared/outreach.ts';

/**
 * What waits for a clinician's safety review at the practices the actor covers (a GP or nurse sees
 * their own practice): people found by a cohort and not yet reviewed, highest score first. Not
 * the link workers' whole worklist — invitations and replies are not the reviewer's business.
 * Person-level practice data, so the read is audited with its count.
 */
export async function listOutreachReviews(deps: ServiceDeps, actor: Actor, q: ListOutreachQuery): Promise<OutreachList> {
  return runUseCase(deps, actor, {
    permission: 'outreach:review',
    action: 'outreach.listed',
    entityType: 'outreach',
    entityId: q.run ?? null,
    work: async (tx, access) => {
      const rows = await listOutreachRows(tx, outreachScope(access), { runId: q.run, states: ['identified'] });
      return outreachList(rows, londonDate(deps.clock.now()), maxAttemptsOf(deps), q.limit);
    },
    audit: (r) => ({ summary: { view: 'reviews', run: q.run ?? null, total: r.total, shown: r.items.length } }),
  });
}
