import type { Kysely } from 'kysely';
import {
  EMPLOYMENT_STATUSES,
  FIT_NOTE_ADJUSTMENTS,
  FIT_NOTE_STATES,
  splitCodes,
  WORK_MOVEMENTS,
  WORK_STAGES,
  type EmploymentStatus,
  type FitNoteAdjustment,
  type FitNoteState,
  type WorkRecord,
  type WorkStage,
} from '../../../domain/work.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';

/** A stored work record, as the domain reads it, with what the case page shows besides. */
export interface WorkRecordRecord extends WorkRecord {
  id: string;
  offSickSince: string | null;
  adjustments: FitNoteAdjustment[];
  version: number;
}

const oneOf = <T extends string>(vocabulary: readonly T[], v: string | null): T | null =>
  v !== null && (vocabulary as readonly string[]).includes(v) ? (v as T) : null;

function selectWork(db: Kysely<DB>) {
  return db
    .selectFrom('work_record')
    .select([
      'id',
      'referral_id',
      'stage',
      'follow_up_weeks',
      'recorded_at',
      'employment_status',
      'off_sick_since',
      'fit_note_state',
      'adjustments',
      'in_work',
      'returned_to_work_on',
      'movement',
      'version',
    ]);
}
/** The columns a work record is read from (also by the work report's own join). */
export interface WorkRow {
  id: string;
  stage: string;
  follow_up_weeks: number;
  recorded_at: string;
  employment_status: string | null;
  off_sick_since: string | null;
  fit_note_state: string | null;
  adjustments: string | null;
  in_work: number | null;
  returned_to_work_on: string | null;
  movement: string | null;
  version: number;
}

export const toWorkRecord = (r: WorkRow): WorkRecordRecord => ({
  id: r.id,
  stage: oneOf<WorkStage>(WORK_STAGES, r.stage) ?? 'baseline',
  followUpWeeks: Number(r.follow_up_weeks),
  recordedAt: r.recorded_at,
  employmentStatus: oneOf<EmploymentStatus>(EMPLOYMENT_STATUSES, r.employment_status),
  offSickSince: r.off_sick_since,
  fitNoteState: oneOf<FitNoteState>(FIT_NOTE_STATES, r.fit_note_state),
  adjustments: splitCodes(r.adjustments, FIT_NOTE_ADJUSTMENTS),
  inWork: r.in_work === null ? null : fromDbBool(r.in_work),
  returnedToWorkOn: r.returned_to_work_on,
  movement: splitCodes(r.movement, WORK_MOVEMENTS),
  version: Number(r.version),
});

/** A case's work records: baseline, discharge, then follow-ups by week. */
export async function listWorkRecords(db: Kysely<DB>, referralId: string): Promise<WorkRecordRecord[]> {
  const rows = await selectWork(db).where('referral_id', '=', referralId).execute();
  const order = (s: string) => WORK_STAGES.indexOf(s as WorkStage);
  return rows.map(toWorkRecord).sort((a, b) => order(a.stage) - order(b.stage) || a.followUpWeeks - b.followUpWeeks);
}

export async function findWorkRecord(db: Kysely<DB>, referralId: string, stage: WorkStage, followUpWeeks: number): Promise<WorkRecordRecord | undefined> {
  const r = await selectWork(db)
    .where('referral_id', '=', referralId)
    .where('stage', '=', stage)
    .where('follow_up_weeks', '=', followUpWeeks)
    .executeTakeFirst();
  return r === undefined ? undefined : toWorkRecord(r);
}

/** The stored columns of a work record (codes already joined, booleans as 0/1). */
export interface WorkRecordValues {
  employment_status: string | null;
  off_sick_since: string | null;
  fit_note_state: string | null;
  adjustments: string | null;
  in_work: number | null;
  returned_to_work_on: string | null;
  movement: string | null;
}

export async function insertWorkRecord(
  db: Kysely<DB>,
  w: { id: string; referralId: string; personId: string; stage: WorkStage; followUpWeeks: number; recordedBy: string; values: WorkRecordValues },
  at: string,
): Promise<void> {
  await db
    .insertInto('work_record')
    .values({
      id: w.id,
      referral_id: w.referralId,
      person_id: w.personId,
      stage: w.stage,
      follow_up_weeks: w.followUpWeeks,
      recorded_at: at,
      recorded_by: w.recordedBy,
      ...w.values,
      version: 1,
    })
    .execute();
}

/** Re-records a stage in place from the version the user saw; false when that version is stale. */
export async function updateWorkRecordAtVersion(
  db: Kysely<DB>,
  id: string,
  version: number,
  w: { recordedBy: string; values: WorkRecordValues },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('work_record')
    .set({ ...w.values, recorded_at: at, recorded_by: w.recordedBy, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
