import { type Kysely } from 'kysely';
import type { DB } from '../../schema.ts';

// ---- notifications ----

export interface NotificationRecord {
  id: string;
  kind: string;
  referralId: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listNotifications(db: Kysely<DB>, userId: string, unreadOnly: boolean, limit: number): Promise<NotificationRecord[]> {
  let q = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, referralId: r.referral_id, createdAt: r.created_at, readAt: r.read_at }));
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
export async function findOwnNotification(db: Kysely<DB>, id: string, userId: string): Promise<NotificationRecord | undefined> {
  const r = await db.selectFrom('notification').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return r === undefined ? undefined : { id: r.id, kind: r.kind, referralId: r.referral_id, createdAt: r.created_at, readAt: r.read_at };
}

export async function markNotificationRead(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}
