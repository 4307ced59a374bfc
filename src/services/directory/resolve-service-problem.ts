import { AppError } from '../../domain/errors.ts';
import { findServiceProblem, resolveServiceProblem as resolveRow, type ServiceProblem } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { mayManage } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** The listing's owner (or a lead/administrator) marks a reported problem dealt with. Another organisation's problem answers not_found. */
export async function resolveServiceProblem(deps: ServiceDeps, actor: Actor, problemId: string): Promise<ServiceProblem> {
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.problem_resolved',
    entityType: 'service_problem',
    entityId: problemId,
    work: async (tx, access) => {
      const problem = await findServiceProblem(tx, problemId);
      if (problem === undefined || !(await mayManage(tx, actor, problem.organisationId))) throw new AppError('not_found', 'No such problem');
      if (!(await resolveRow(tx, problemId, access.userId, deps.clock.now().toISOString()))) {
        throw new AppError('invalid_transition', 'This problem is resolved already', { from: problem.status, command: 'resolve' });
      }
      const fresh = await findServiceProblem(tx, problemId);
      if (fresh === undefined) throw new AppError('internal', 'Problem vanished');
      return fresh;
    },
    audit: (p) => ({ summary: { serviceId: p.serviceId, kind: p.kind } }),
  });
}
