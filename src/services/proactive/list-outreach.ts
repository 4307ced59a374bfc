import { londonDate } from '../../domain/insight/periods.ts';
import { compareWorklist, type NextAction } from '../../domain/proactive/outreach.ts';
import type { ListOutreachQuery } from '../../domain/schemas/outreach.ts';
import { listOutreachRows } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { actorCan, runUseCase } from '../kernel/use-case.ts';
import { maxAttemptsOf, outreachItem, outreachScope, type OutreachItem } from './shared/outreach.ts';

export interface OutreachList {
  items: OutreachItem[];
  counts: { [A in NextAction]: number };
  total: number;
  maxAttempts: number;
}

/**
 * The outreach worklist: everyone in outreach at the practices the actor covers (by run and state
 * when asked), what needs doing next first — reviews, invitations, replies awaited, then the
 * closed — with the counts of each group. Person-level practice data, so the read is audited with
 * its counts. Link workers and leads read it to manage outreach (outreach:manage); practice
 * clinicians to review (outreach:review): the permission checked is the one the actor holds.
 */
export async function listOutreach(deps: ServiceDeps, actor: Actor, q: ListOutreachQuery): Promise<OutreachList> {
  return runUseCase(deps, actor, {
    permission: actorCan(actor, 'outreach:manage') ? 'outreach:manage' : 'outreach:review',
    action: 'outreach.listed',
    entityType: 'outreach',
    entityId: q.run ?? null,
    work: async (tx, access) => {
      const rows = await listOutreachRows(tx, outreachScope(access), { runId: q.run, states: q.state === undefined ? undefined : [q.state] });
      const today = londonDate(deps.clock.now());
      const max = maxAttemptsOf(deps);
      const items = rows.map((r) => outreachItem(r, today, max)).sort(compareWorklist);
      const counts = { review: 0, invite: 0, await_reply: 0, done: 0 };
      for (const i of items) counts[i.nextAction] += 1;
      return { items: items.slice(0, q.limit), counts, total: items.length, maxAttempts: max };
    },
    audit: (r) => ({ summary: { run: q.run ?? null, state: q.state ?? null, total: r.total, shown: r.items.length, ...r.counts } }),
  });
}
