import type { ProblemListQuery } from '../../domain/schemas/directory.ts';
import { listServiceProblems as listRows, type ServiceProblem } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Problems reported with listings: a provider sees those on their own organisations' services,
 * leads and administrators all. Open ones oldest first. Not personal: only refusals are audited.
 */
export async function listServiceProblems(deps: ServiceDeps, actor: Actor, query: ProblemListQuery): Promise<ServiceProblem[]> {
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.problems_listed',
    entityType: 'service_problem',
    auditSuccess: false,
    work: (tx) =>
      listRows(tx, {
        status: query.status,
        serviceId: query.serviceId,
        ownedBy: actor.kind === 'user' && actor.role === 'provider' ? actor.userId : undefined,
        limit: 500,
      }),
  });
}
