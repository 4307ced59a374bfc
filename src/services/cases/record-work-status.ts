import { AppError, invalidInput } from '../../domain/errors.ts';
import { londonDate } from '../../domain/worklist.ts';
import { canRecordWorkStage, followUpDueOn, type FollowUpWeeks } from '../../domain/work.ts';
import type { RecordWorkStatusInput } from '../../domain/schemas/work.ts';
import { findWorkRecord, type WorkRecordRecord } from '../../db/repositories/cases/work.ts';
import { requireCase } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';
import { checkWorkDates, writeWorkRecord } from './shared/work-records.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Records a person's work status on their case (INSIGHT.md "Work as a pathway"): the baseline
 * while they are supported, the status at discharge once the case is closed (usually given with
 * the discharge itself), and the follow-ups 13 and 26 weeks after a return to work — the one thing
 * recorded on a discharged case. Each stage is one record, re-recorded in place from the version
 * the user saw (`conflict` when stale). A stage the case's status does not allow is
 * `invalid_transition`; a follow-up with no return to work on record (or given with it) is
 * `invalid_input` reason `no_return_to_work`, and one before its week is `follow_up_not_due`.
 * Dates in the future, or a return before the referral, are field errors. Nothing is written on
 * any refusal.
 */
export async function recordWorkStatus(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: RecordWorkStatusInput,
): Promise<{ caseId: string; personId: string; record: WorkRecordRecord }> {
  return runUseCase(deps, actor, {
    permission: 'case:update',
    action: 'case.work_recorded',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      if (!canRecordWorkStage(input.stage, c.status)) {
        throw new AppError('invalid_transition', `That cannot be recorded on a case that is ${c.status.replace(/_/g, ' ')}`, {
          status: c.status,
          activity: `work_${input.stage}`,
        });
      }
      const now = deps.clock.now();
      checkWorkDates(input, { referredAt: c.createdAt }, now);
      const weeks = input.stage === 'follow_up' ? input.weeks : 0;
      if (input.stage === 'follow_up') {
        const discharge = await findWorkRecord(tx, id, 'discharge', 0);
        const other = await findWorkRecord(tx, id, 'follow_up', weeks === 13 ? 26 : 13);
        const returnedOn = discharge?.returnedToWorkOn ?? input.returnedToWorkOn ?? other?.returnedToWorkOn ?? null;
        if (returnedOn === null) {
          throw invalidInput.because('no_return_to_work', 'Record the date they went back to work first: follow-ups count from it', {
            fields: { returnedToWorkOn: 'Give the date they went back to work' },
          });
        }
        const dueOn = followUpDueOn(returnedOn, weeks as FollowUpWeeks);
        if (dueOn > londonDate(now)) {
          throw invalidInput.because('follow_up_not_due', `The ${weeks}-week follow-up is not due yet`, { dueOn });
        }
      }
      const at = now.toISOString();
      await writeWorkRecord(
        tx,
        {
          referralId: id,
          personId: c.person.id,
          stage: input.stage,
          followUpWeeks: weeks,
          version: input.version,
          recordedBy: access.recordedBy,
          fields: input,
        },
        at,
      );
      const record = await findWorkRecord(tx, id, input.stage, weeks);
      if (record === undefined) throw new Error('work record vanished after save');
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'work_recorded',
        data: {
          stage: record.stage,
          followUpWeeks: record.followUpWeeks,
          employmentStatus: record.employmentStatus,
          fitNoteState: record.fitNoteState,
          inWork: record.inWork,
          returnedToWork: record.returnedToWorkOn !== null,
        },
      });
      return { caseId: id, personId: c.person.id, record };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: {
        stage: r.record.stage,
        followUpWeeks: r.record.followUpWeeks,
        version: r.record.version,
        employmentStatus: r.record.employmentStatus,
        fitNoteState: r.record.fitNoteState,
        inWork: r.record.inWork,
        returnedToWork: r.record.returnedToWorkOn !== null,
      },
    }),
  });
}
