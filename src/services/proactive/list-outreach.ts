import { londonDate } from '../../domain/insight/periods.ts';
import type { ListOutreachQuery } from '../../domain/schemas/outreach.ts';
import { listOutreachRows } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { maxAttemptsOf, outreachList, outreachScope, type OutreachList } from './shared/outreach.ts';

/**
 * The outreach worklist (link workers and leads): everyone in outreach at the practices the actor
 * covers (by run and state when asked), what needs doing next first — reviews, invitations,
 * replies awaited, then the closed — with the counts of each group. Person-level practice data,
 * so the read is audited with its counts. Practice clinicians have their own list of who waits
 * for review (list-outreach-reviews).
 */
export async function listOutreach(deps: ServiceDeps, actor: Actor, q: ListOutreachQuery): Promise<OutreachList> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.listed',
    entityType: 'outreach',
    entityId: q.run ?? null,
    work: async (tx, access) => {
      const rows = await listOutreachRows(tx, outreachScope(access), { runId: q.run, states: q.state === undefined ? undefined : [q.state] });
      return outreachList(rows, londonDate(deps.clock.now()), maxAttemptsOf(deps), q.limit);
    },
    audit: (r) => ({ summary: { run: q.run ?? null, state: q.state ?? null, total: r.total, shown: r.items.length, ...r.counts } }),
  });
}
