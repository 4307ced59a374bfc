import { OPEN_STATUSES, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { parseCaseloadSearch } from '../../domain/caseload-search.ts';
import { AppError } from '../../domain/errors.ts';
import type { CaseloadQuery } from '../../domain/schemas/cases.ts';
import { listCaseload as listCaseloadRows } from '../../db/repositories/cases/caseload.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { summarise, type CaseSummary } from './shared/case-summary.ts';

/**
 * A caseload: a link worker's own cases (open ones by default), or for a lead the PCN's cases or
 * one link worker's. Filter by status, sort, and search by name, NHS number or reference; scoped in
 * SQL. The audit records the filter's shape and counts, never the search text (it may be a name).
 */
export async function listCaseload(deps: ServiceDeps, actor: Actor, q: CaseloadQuery): Promise<{ cases: CaseSummary[]; total: number }> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.listed',
    entityType: 'case',
    work: async (tx, access) => {
      let linkWorkerId: string | null = q.linkWorkerId ?? null;
      if (actor.kind === 'user' && actor.role === 'link_worker') {
        if (linkWorkerId !== null && linkWorkerId !== actor.userId) throw new AppError('forbidden', "Only a lead may look at another link worker's caseload");
        linkWorkerId = actor.userId;
      }
      const statuses: readonly CaseStatus[] | null = q.status === 'open' ? OPEN_STATUSES : q.status === 'all' ? null : [q.status];
      const search = q.q === undefined || q.q === '' ? null : parseCaseloadSearch(q.q);
      const r = await listCaseloadRows(tx, {
        viewer: access.referrals,
        linkWorkerId,
        statuses,
        search,
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        offset: q.offset,
      });
      return { cases: r.cases.map(summarise(deps)), total: r.total };
    },
    audit: (r) => ({
      summary: { count: r.cases.length, total: r.total, status: q.status, searched: q.q !== undefined && q.q !== '', linkWorkerId: q.linkWorkerId ?? null },
      shownPersonIds: r.cases.map((c) => c.person.id),
    }),
  });
}
