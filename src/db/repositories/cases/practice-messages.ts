import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

/** A discharged case in the practice inbox: enough to pick the message back to read. */
export interface PracticeMessageRow {
  id: string;
  reference: string;
  personId: string;
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
  practice: { id: string; name: string };
  closedAt: string;
  dischargeReason: string | null;
  sharingChoice: string | null;
  referrerName: string | null;
}

/**
 * Discharged cases at the user's practices (`null`: every practice, for the operator), most
 * recently closed first: the practice inbox of messages back.
 */
export async function listPracticeMessages(db: Kysely<DB>, userId: string | null, limit: number): Promise<PracticeMessageRow[]> {
  let q = db
    .selectFrom('referral as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('organisation as o', 'o.id', 'r.practice_id')
    .leftJoin('app_user as ru', 'ru.id', 'r.referrer_user_id')
    .select([
      'r.id',
      'r.reference',
      'r.closed_at',
      'r.status_reason',
      'r.sharing_choice',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.nhs_number',
      'o.id as practice_id',
      'o.name as practice_name',
      'ru.display_name as referrer_name',
    ])
    .where('r.status', '=', 'discharged')
    .where('r.closed_at', 'is not', null);
  if (userId !== null) q = q.where('r.practice_id', 'in', orgIdsInScope(db, userId));
  const rows = await q.orderBy('r.closed_at', 'desc').orderBy('r.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    personId: r.person_id,
    person: { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth, nhsNumber: r.nhs_number },
    practice: { id: r.practice_id, name: r.practice_name },
    closedAt: r.closed_at ?? '',
    dischargeReason: r.status_reason,
    sharingChoice: r.sharing_choice,
    referrerName: r.referrer_name,
  }));
}
