import type { PlanGoal } from '../../domain/plan.ts';
import type { SavePlanInput } from '../../domain/schemas/cases.ts';
import { joinCodes, WORK_BARRIERS } from '../../domain/work.ts';
import { currentPlanVersionNumber, findPlanVersion, insertPlanVersion, type PlanVersionRecord } from '../../db/repositories/cases/plans.ts';
import { updateCaseAtVersion } from '../../db/repositories/cases/cases.ts';
import { isUniqueViolation } from '../../db/values.ts';
import { requireActivity, requireCase, requireVersion, staleVersion } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Saves the personalised plan as a new version (every version is kept; the highest is current):
 * goals in the person's words with steps, target dates, status and the 0–10 progress rating of
 * this review. `basedOnVersion` must be the current version (0 for the first plan), else
 * `conflict`. The review date becomes the case's next follow-up, which Today watches. The work goal
 * and barriers are optional ("not a goal now" is an answer); a save that leaves `work` out keeps
 * the last version's, so a client that knows nothing of work never erases it.
 */
export async function savePlan(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: SavePlanInput,
): Promise<PlanVersionRecord & { personId: string; caseVersion: number }> {
  return runUseCase(deps, actor, {
    permission: 'case:update',
    action: 'case.plan_saved',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireActivity(c, 'plan');
      const current = await currentPlanVersionNumber(tx, id);
      requireVersion(current, input.basedOnVersion, 'plan');
      const now = deps.clock.now().toISOString();
      const goals: PlanGoal[] = input.goals.map((g) => ({
        id: g.id ?? newId(),
        text: g.text,
        steps: g.steps.map((s) => ({ text: s.text, who: s.who, done: s.done })),
        targetDate: g.targetDate,
        status: g.status,
        progress: g.progress,
      }));
      const version = current + 1;
      const work =
        input.work === undefined
          ? ((await findPlanVersion(tx, id, current))?.work ?? { goal: null, barriers: [] })
          : { goal: input.work.goal, barriers: input.work.barriers };
      try {
        await insertPlanVersion(
          tx,
          {
            id: newId(),
            referralId: id,
            version,
            goals,
            reviewOn: input.reviewOn,
            createdBy: access.recordedBy,
            work: { goal: work.goal, barriers: joinCodes(work.barriers, WORK_BARRIERS) },
          },
          now,
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw staleVersion('plan');
        throw err;
      }
      if (!(await updateCaseAtVersion(tx, id, c.version, { next_review_on: input.reviewOn }, now))) throw staleVersion();
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'plan_saved',
        data: {
          version,
          goals: goals.length,
          rated: goals.filter((g) => g.progress !== null).length,
          reviewOn: input.reviewOn,
          workGoal: work.goal,
        },
      });
      const saved = await findPlanVersion(tx, id, version);
      if (saved === undefined) throw new Error('plan version vanished after save');
      return { ...saved, personId: c.person.id, caseVersion: c.version + 1 };
    },
    audit: (r) => ({ personId: r.personId, summary: { version: r.version, goals: r.goals.length, hasReviewDate: r.reviewOn !== null, workGoal: r.work.goal } }),
  });
}
