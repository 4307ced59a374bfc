import { AppError } from '../../../domain/errors.ts';
import { londonDate } from '../../../domain/worklist.ts';
import {
  FIT_NOTE_ADJUSTMENTS,
  joinCodes,
  WORK_MOVEMENTS,
  type EmploymentStatus,
  type FitNoteAdjustment,
  type FitNoteState,
  type WorkMovement,
  type WorkStage,
} from '../../../domain/work.ts';
import { findWorkRecord, insertWorkRecord, updateWorkRecordAtVersion, type WorkRecordValues } from '../../../db/repositories/cases/work.ts';
import { isUniqueViolation, toDbBool } from '../../../db/values.ts';
import type { Tx } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { staleVersion } from './case-access.ts';

/** What every work record may say (the discharge command's `work` has the same shape, less the follow-up's answer). */
export interface WorkStatusFields {
  employmentStatus?: EmploymentStatus | null;
  offSickSince?: string | null;
  fitNoteState?: FitNoteState | null;
  adjustments?: readonly FitNoteAdjustment[];
  returnedToWorkOn?: string | null;
  movement?: readonly WorkMovement[];
  inWork?: boolean | null;
}

/**
 * Checks the dates of a work status against the calendar and the episode (meaning, not shape):
 * none in the future, a return to work not before the referral. `invalid_input` with field errors.
 */
export function checkWorkDates(w: WorkStatusFields, episode: { referredAt: string }, now: Date): void {
  const today = londonDate(now);
  const referredOn = londonDate(new Date(episode.referredAt));
  const fields: Record<string, string> = {};
  if (w.offSickSince != null && w.offSickSince > today) fields['offSickSince'] = 'The date they went off sick must be today or in the past';
  if (w.returnedToWorkOn != null) {
    if (w.returnedToWorkOn > today) fields['returnedToWorkOn'] = 'The return to work must be today or in the past';
    else if (w.returnedToWorkOn < referredOn) fields['returnedToWorkOn'] = 'The return to work must be on or after the referral';
  }
  if (Object.keys(fields).length > 0) throw new AppError('invalid_input', Object.values(fields)[0] ?? 'Check the dates', { fields });
}

/** The stored columns of a work status. */
export function workValues(w: WorkStatusFields): WorkRecordValues {
  return {
    employment_status: w.employmentStatus ?? null,
    off_sick_since: w.offSickSince ?? null,
    fit_note_state: w.fitNoteState ?? null,
    adjustments: joinCodes(w.adjustments ?? [], FIT_NOTE_ADJUSTMENTS),
    in_work: w.inWork === undefined || w.inWork === null ? null : toDbBool(w.inWork),
    returned_to_work_on: w.returnedToWorkOn ?? null,
    movement: joinCodes(w.movement ?? [], WORK_MOVEMENTS),
  };
}

/**
 * Writes one stage of a case's work record in the caller's transaction: the first time from
 * version 0, again in place from the version the user saw (a stale one is `conflict`, nothing
 * written). Returns the record's new version.
 */
export async function writeWorkRecord(
  tx: Tx,
  w: { referralId: string; personId: string; stage: WorkStage; followUpWeeks: number; version: number; recordedBy: string; fields: WorkStatusFields },
  at: string,
): Promise<number> {
  const existing = await findWorkRecord(tx, w.referralId, w.stage, w.followUpWeeks);
  const current = existing?.version ?? 0;
  if (current !== w.version) throw staleVersion('work record', current);
  const values = workValues(w.fields);
  if (existing === undefined) {
    try {
      await insertWorkRecord(
        tx,
        { id: newId(), referralId: w.referralId, personId: w.personId, stage: w.stage, followUpWeeks: w.followUpWeeks, recordedBy: w.recordedBy, values },
        at,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw staleVersion('work record');
      throw err;
    }
    return 1;
  }
  if (!(await updateWorkRecordAtVersion(tx, existing.id, existing.version, { recordedBy: w.recordedBy, values }, at))) throw staleVersion('work record');
  return existing.version + 1;
}
