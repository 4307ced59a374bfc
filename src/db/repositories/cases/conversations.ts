import { type Kysely } from 'kysely';
import type { BarrierCode } from '../../../domain/barriers.ts';
import type { NeedCode } from '../../../domain/needs.ts';
import type { DB } from '../../schema.ts';
import { type UserRef, parseJsonArray } from './cases.ts';

// ---- the "what matters" conversation ----

export interface ConversationRecord {
  needs: { code: NeedCode; words: string | null }[];
  strengths: string | null;
  interests: string | null;
  barriers: BarrierCode[];
  notes: string | null;
  updatedAt: string;
  updatedBy: UserRef;
  version: number;
}

export async function findConversation(db: Kysely<DB>, referralId: string): Promise<ConversationRecord | undefined> {
  const r = await db
    .selectFrom('conversation as c')
    .leftJoin('app_user as u', 'u.id', 'c.updated_by')
    .select(['c.needs', 'c.strengths', 'c.interests', 'c.barriers', 'c.notes', 'c.updated_at', 'c.updated_by', 'c.version', 'u.display_name'])
    .where('c.referral_id', '=', referralId)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    needs: parseJsonArray(r.needs) as ConversationRecord['needs'],
    strengths: r.strengths,
    interests: r.interests,
    barriers: parseJsonArray(r.barriers) as BarrierCode[],
    notes: r.notes,
    updatedAt: r.updated_at,
    updatedBy: { id: r.updated_by, displayName: r.display_name },
    version: Number(r.version),
  };
}

export interface ConversationContent {
  needs: { code: NeedCode; words: string | null }[];
  strengths: string | null;
  interests: string | null;
  barriers: BarrierCode[];
  notes: string | null;
}

export async function insertConversation(db: Kysely<DB>, referralId: string, c: ConversationContent, by: string, at: string): Promise<void> {
  await db
    .insertInto('conversation')
    .values({
      referral_id: referralId,
      needs: JSON.stringify(c.needs),
      strengths: c.strengths,
      interests: c.interests,
      barriers: JSON.stringify(c.barriers),
      notes: c.notes,
      updated_at: at,
      updated_by: by,
      version: 1,
    })
    .execute();
}

/** Replaces the conversation if it is still at the version the caller read; false otherwise. */
export async function updateConversationAtVersion(
  db: Kysely<DB>,
  referralId: string,
  expectedVersion: number,
  c: ConversationContent,
  by: string,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('conversation')
    .set((eb) => ({
      needs: JSON.stringify(c.needs),
      strengths: c.strengths,
      interests: c.interests,
      barriers: JSON.stringify(c.barriers),
      notes: c.notes,
      updated_at: at,
      updated_by: by,
      version: eb('version', '+', 1),
    }))
    .where('referral_id', '=', referralId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
