import { AppError } from '../../domain/errors.ts';
import type { CohortRunView } from '../../domain/schemas/proactive.ts';
import { findCohortRun, listCohortMembers } from '../../db/repositories/proactive/cohorts.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { cohortScopeOf, presentRun } from './shared/cohort-view.ts';

/**
 * A saved cohort run with the people it found (NHS numbers): a person-level read of practice
 * data, audited as `cohort.viewed` with the run id (which names exactly who was shown) and the
 * count. A run is visible only when every practice it read is in the actor's scope.
 */
export async function getCohortRun(deps: ServiceDeps, actor: Actor, runId: string): Promise<CohortRunView> {
  return runUseCase(deps, actor, {
    permission: 'cohort:run',
    action: 'cohort.viewed',
    entityType: 'cohort_run',
    entityId: runId,
    audit: (run) => ({ summary: { people: run.members.length, blocked: run.blocked } }),
    work: async (tx, access) => {
      const run = await findCohortRun(tx, runId, cohortScopeOf(access));
      if (run === undefined) throw new AppError('not_found', 'No such cohort run');
      return presentRun(run, await listCohortMembers(tx, runId));
    },
  });
}
