import { AppError, conflict } from '../../domain/errors.ts';
import type { StartOutreachInput } from '../../domain/schemas/outreach.ts';
import { findRunForOutreach, insertOutreachRows, listRunMembersForOutreach } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { outreachScope } from './shared/outreach.ts';

export interface OutreachStarted {
  runId: string;
  started: number;
  skipped: { optedOut: number; doNotContact: number; inAnotherRun: number; alreadyStarted: number };
}

/**
 * Starts outreach for a cohort run: each member at a practice the actor covers becomes an
 * outreach in state `identified`, waiting for a clinician's safety review. Refused with
 * `conflict` (`fairness_unresolved`) while the run's fairness check blocks it and no reason has
 * been recorded. Skips people who opted out (by NHS number and practice), people marked
 * do-not-contact in the practice data, and people already in an open outreach of another run.
 * Starting again adds only members not yet started (idempotent).
 */
export async function startOutreach(deps: ServiceDeps, actor: Actor, input: StartOutreachInput): Promise<OutreachStarted> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.started',
    entityType: 'cohort_run',
    entityId: input.runId,
    work: async (tx, access) => {
      const scope = outreachScope(access);
      const run = await findRunForOutreach(tx, input.runId, scope);
      if (run === undefined) throw new AppError('not_found', 'No such cohort run');
      if (run.blocked && (run.fairnessReason === null || run.fairnessReason.trim() === '')) {
        throw conflict.because(
          'fairness_unresolved',
          'The fairness check found a group under-represented in this cohort. Record why before starting outreach',
          { runId: run.id },
        );
      }
      const members = await listRunMembersForOutreach(tx, run.id, scope);
      const skipped = { optedOut: 0, doNotContact: 0, inAnotherRun: 0, alreadyStarted: 0 };
      const toStart: { id: string; practicePersonId: string; practiceId: string; nhsNumber: string }[] = [];
      for (const m of members) {
        if (m.alreadyStarted) skipped.alreadyStarted += 1;
        else if (m.optedOut) skipped.optedOut += 1;
        else if (m.doNotContact) skipped.doNotContact += 1;
        else if (m.inOtherOpenRun) skipped.inAnotherRun += 1;
        else toStart.push({ id: newId(), practicePersonId: m.practicePersonId, practiceId: m.practiceId, nhsNumber: m.nhsNumber });
      }
      const started = await insertOutreachRows(tx, run.id, toStart, deps.clock.now().toISOString());
      skipped.alreadyStarted += toStart.length - started;
      return { runId: run.id, started, skipped };
    },
    audit: (r) => ({ summary: { started: r.started, ...r.skipped } }),
  });
}
