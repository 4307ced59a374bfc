import { AppError, conflict } from '../../domain/errors.ts';
import type { CohortRunView, FairnessReasonInput } from '../../domain/schemas/proactive.ts';
import { findCohortRun, listCohortMembers, recordFairnessReason as writeReason } from '../../db/repositories/proactive/cohorts.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { cohortScopeOf, presentRun } from './shared/cohort-view.ts';

/**
 * Records why a cohort run whose fairness check flagged a group may go ahead, which unblocks it
 * for outreach. Once only: the first reason stays. The reason's text is kept on the run, never in
 * the audit trail (free text); the event records the run and how many groups were flagged.
 */
export async function recordFairnessReason(deps: ServiceDeps, actor: Actor, runId: string, input: FairnessReasonInput): Promise<CohortRunView> {
  return runUseCase(deps, actor, {
    permission: 'cohort:run',
    action: 'cohort.fairness_reason_recorded',
    entityType: 'cohort_run',
    entityId: runId,
    audit: (run) => ({ summary: { flaggedGroups: run.fairness.flagged.length, people: run.people } }),
    work: async (tx, access) => {
      const scope = cohortScopeOf(access);
      const run = await findCohortRun(tx, runId, scope);
      if (run === undefined) throw new AppError('not_found', 'No such cohort run');
      if (run.fairnessReason !== null)
        throw conflict.because('fairness_reason_recorded', 'A reason has already been recorded for this cohort run', { recordedAt: run.fairnessReasonAt });
      if (!run.blocked) throw conflict.because('fairness_not_flagged', 'The fairness check of this cohort run flagged no group: there is nothing to explain');
      const written = await writeReason(tx, runId, { text: input.text, by: access.recordedBy, at: deps.clock.now().toISOString() });
      if (!written) throw conflict.because('fairness_reason_recorded', 'A reason has already been recorded for this cohort run');
      const after = await findCohortRun(tx, runId, scope);
      if (after === undefined) throw new AppError('not_found', 'No such cohort run');
      return presentRun(after, await listCohortMembers(tx, runId));
    },
  });
}
