import { type Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { visibleReferralIds, type ReferralViewer } from '../scope/referral-scope.ts';

// ---- notifications ----

export interface NotificationRecord {
  id: string;
  kind: string;
  referralId: string | null;
  createdAt: string;
  readAt: string | null;
  /**
   * Whose case it concerns: the case reference, and the person only when the viewer may see the
   * case (the same scope as their lists, referral-scope.ts); null when it is about no case.
   */
  case: { reference: string; person: { id: string; givenName: string; familyName: string } | null } | null;
}

/** The user's notifications with the case each concerns, the person's name only where the viewer may see that case. */
function selectNotifications(db: Kysely<DB>, viewer: ReferralViewer & { userId: string }) {
  return db
    .selectFrom('notification as n')
    .leftJoin('referral as r', 'r.id', 'n.referral_id')
    .leftJoin('person as p', 'p.id', 'r.person_id')
    .select(['n.id', 'n.kind', 'n.referral_id', 'n.created_at', 'n.read_at', 'r.reference', 'p.id as person_id', 'p.given_name', 'p.family_name'])
    .select((eb) => eb.case().when('n.referral_id', 'in', visibleReferralIds(db, viewer)).then(1).else(0).end().as('visible'))
    .where('n.user_id', '=', viewer.userId);
}

type Row = {
  id: string;
  kind: string;
  referral_id: string | null;
  created_at: string;
  read_at: string | null;
  reference: string | null;
  person_id: string | null;
  given_name: string | null;
  family_name: string | null;
  visible: number | string;
};

const toRecord = (r: Row): NotificationRecord => ({
  id: r.id,
  kind: r.kind,
  referralId: r.referral_id,
  createdAt: r.created_at,
  readAt: r.read_at,
  case:
    r.reference === null
      ? null
      : {
          reference: r.reference,
          person:
            Number(r.visible) === 1 && r.person_id !== null && r.given_name !== null && r.family_name !== null
              ? { id: r.person_id, givenName: r.given_name, familyName: r.family_name }
              : null,
        },
});

export async function listNotifications(
  db: Kysely<DB>,
  viewer: ReferralViewer & { userId: string },
  unreadOnly: boolean,
  limit: number,
): Promise<NotificationRecord[]> {
  let q = selectNotifications(db, viewer);
  if (unreadOnly) q = q.where('n.read_at', 'is', null);
  const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
  return rows.map(toRecord);
}

export async function countUnreadNotifications(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The user's own notification, or undefined (someone else's is as good as missing). */
export async function findOwnNotification(db: Kysely<DB>, id: string, viewer: ReferralViewer & { userId: string }): Promise<NotificationRecord | undefined> {
  const r = await selectNotifications(db, viewer).where('n.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toRecord(r);
}

export async function markNotificationRead(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}
