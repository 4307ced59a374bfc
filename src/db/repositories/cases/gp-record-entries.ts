import { type Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

// ---- GP-record entries ----

export interface GpRecordEntryRecord {
  id: string;
  code: string;
  description: string;
  recordedOn: string;
  filedAt: string | null;
}

export async function listGpRecordEntries(db: Kysely<DB>, referralId: string): Promise<GpRecordEntryRecord[]> {
  const rows = await db
    .selectFrom('gp_record_entry')
    .select(['id', 'code', 'description', 'recorded_on', 'filed_at'])
    .where('referral_id', '=', referralId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, description: r.description, recordedOn: r.recorded_on, filedAt: r.filed_at }));
}

export async function hasGpRecordEntry(db: Kysely<DB>, referralId: string, code: string): Promise<boolean> {
  const r = await db.selectFrom('gp_record_entry').select('id').where('referral_id', '=', referralId).where('code', '=', code).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertGpRecordEntry(
  db: Kysely<DB>,
  e: { id: string; referralId: string; personId: string; practiceId: string; code: string; description: string; recordedOn: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('gp_record_entry')
    .values({
      id: e.id,
      referral_id: e.referralId,
      person_id: e.personId,
      practice_id: e.practiceId,
      code: e.code,
      description: e.description,
      recorded_on: e.recordedOn,
      filed_at: null,
      filed_by: null,
      created_at: at,
    })
    .execute();
}

export interface GpEntryExportRecord {
  id: string;
  practice: { id: string; odsCode: string | null };
  person: { id: string; nhsNumber: string | null; givenName: string; familyName: string; dateOfBirth: string };
  reference: string;
  code: string;
  description: string;
  recordedOn: string;
  filedAt: string | null;
}

/**
 * GP-record entries at the practices a user covers (all for the operator), oldest first:
 * pending (not yet filed in the GP system), filed, or all.
 */
export async function listGpEntriesForPractices(
  db: Kysely<DB>,
  f: { userId: string | null; practiceId: string | null; status: 'pending' | 'filed' | 'all'; limit: number | null },
): Promise<GpEntryExportRecord[]> {
  let q = db
    .selectFrom('gp_record_entry as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .innerJoin('organisation as o', 'o.id', 'e.practice_id')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .select([
      'e.id',
      'e.practice_id',
      'o.ods_code',
      'p.id as person_id',
      'p.nhs_number',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'r.reference',
      'e.code',
      'e.description',
      'e.recorded_on',
      'e.filed_at',
    ]);
  if (f.userId !== null) q = q.where('e.practice_id', 'in', orgIdsInScope(db, f.userId));
  if (f.practiceId !== null) q = q.where('e.practice_id', '=', f.practiceId);
  if (f.status === 'pending') q = q.where('e.filed_at', 'is', null);
  if (f.status === 'filed') q = q.where('e.filed_at', 'is not', null);
  q = q.orderBy('e.recorded_on').orderBy('e.created_at').orderBy('e.id');
  if (f.limit !== null) q = q.limit(f.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    practice: { id: r.practice_id, odsCode: r.ods_code },
    person: { id: r.person_id, nhsNumber: r.nhs_number, givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
    reference: r.reference,
    code: r.code,
    description: r.description,
    recordedOn: r.recorded_on,
    filedAt: r.filed_at,
  }));
}

/** How many of these entry ids are at practices the user covers (all for the operator). */
export async function countGpEntriesInScope(db: Kysely<DB>, ids: readonly string[], userId: string | null): Promise<number> {
  let q = db
    .selectFrom('gp_record_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', ids);
  if (userId !== null) q = q.where('practice_id', 'in', orgIdsInScope(db, userId));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Marks the still-pending ones of these entries filed; returns how many changed. */
export async function markGpEntriesFiled(db: Kysely<DB>, ids: readonly string[], by: string, at: string): Promise<number> {
  const res = await db
    .updateTable('gp_record_entry')
    .set({ filed_at: at, filed_by: by })
    .where('id', 'in', ids)
    .where('filed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
