import { type Kysely } from 'kysely';
import type { ContactType } from '../../../domain/contacts.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { type UserRef } from './cases.ts';

// ---- contacts ----

export interface ContactRecord {
  id: string;
  at: string;
  type: ContactType;
  durationMinutes: number | null;
  successful: boolean;
  notes: string | null;
  createdBy: UserRef;
}

export async function insertContact(
  db: Kysely<DB>,
  c: {
    id: string;
    referralId: string;
    at: string;
    type: ContactType;
    durationMinutes: number | null;
    successful: boolean;
    notes: string | null;
    createdBy: string;
  },
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('contact')
    .values({
      id: c.id,
      referral_id: c.referralId,
      at: c.at,
      type: c.type,
      duration_minutes: c.durationMinutes,
      successful: toDbBool(c.successful),
      notes: c.notes,
      created_by: c.createdBy,
      created_at: createdAt,
    })
    .execute();
}

/** A case's contacts, newest first. */
export async function listContacts(db: Kysely<DB>, referralId: string): Promise<ContactRecord[]> {
  const rows = await db
    .selectFrom('contact as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .select(['c.id', 'c.at', 'c.type', 'c.duration_minutes', 'c.successful', 'c.notes', 'c.created_by', 'u.display_name'])
    .where('c.referral_id', '=', referralId)
    .orderBy('c.at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    type: r.type as ContactType,
    durationMinutes: r.duration_minutes === null ? null : Number(r.duration_minutes),
    successful: fromDbBool(r.successful),
    notes: r.notes,
    createdBy: { id: r.created_by, displayName: r.display_name },
  }));
}

/** Successful contacts and all attempts on a case. */
export async function countContacts(db: Kysely<DB>, referralId: string): Promise<{ successful: number; total: number }> {
  const r = await db
    .selectFrom('contact')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('successful').as('successful')])
    .where('referral_id', '=', referralId)
    .executeTakeFirstOrThrow();
  return { successful: Number(r.successful ?? 0), total: Number(r.total) };
}
