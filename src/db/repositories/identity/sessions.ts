import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/roles.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';

export interface SessionRow {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  revokedAt: string | null;
  user: { id: string; email: string; displayName: string; role: Role; disabled: boolean };
}

export async function insertSession(
  db: Kysely<DB>,
  s: { id: string; userId: string; csrfToken: string; at: string; idleExpiresAt: string; absoluteExpiresAt: string },
): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.at,
      last_seen_at: s.at,
      idle_expires_at: s.idleExpiresAt,
      absolute_expires_at: s.absoluteExpiresAt,
      revoked_at: null,
    })
    .execute();
}

export async function findSession(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  const r = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.idle_expires_at',
      's.absolute_expires_at',
      's.revoked_at',
      'u.email',
      'u.display_name',
      'u.role',
      'u.disabled',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    id: r.id,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    idleExpiresAt: r.idle_expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    revokedAt: r.revoked_at,
    user: { id: r.user_id, email: r.email, displayName: r.display_name, role: r.role as Role, disabled: fromDbBool(r.disabled) },
  };
}

export async function touchSession(db: Kysely<DB>, id: string, at: string, idleExpiresAt: string): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: at, idle_expires_at: idleExpiresAt }).where('id', '=', id).execute();
}

export async function revokeSession(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('user_session').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of a user (on disable or password reset). Returns how many. */
export async function revokeUserSessions(db: Kysely<DB>, userId: string, at: string): Promise<number> {
  const rows = await db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}
