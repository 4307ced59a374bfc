import type { Kysely } from 'kysely';
import type { ThrottleState } from '../../../domain/sign-in-throttle.ts';
import type { DB } from '../../schema.ts';

export type Throttle = ThrottleState;

export async function findThrottle(db: Kysely<DB>, key: string): Promise<Throttle | undefined> {
  const r = await db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    key: r.key,
    failures: Number(r.failures),
    lockouts: Number(r.lockouts),
    windowStartedAt: r.window_started_at,
    lockedUntil: r.locked_until,
  };
}

export async function saveThrottle(db: Kysely<DB>, t: Throttle): Promise<void> {
  const values = {
    key: t.key,
    failures: t.failures,
    lockouts: t.lockouts,
    window_started_at: t.windowStartedAt,
    locked_until: t.lockedUntil,
  };
  await db
    .insertInto('sign_in_throttle')
    .values(values)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: values.failures,
        lockouts: values.lockouts,
        window_started_at: values.window_started_at,
        locked_until: values.locked_until,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
