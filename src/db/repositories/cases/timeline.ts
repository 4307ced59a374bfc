import { type Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { type UserRef } from './cases.ts';

// ---- the timeline ----

export interface TimelineEventRecord {
  id: string;
  at: string;
  kind: string;
  actor: UserRef | null;
  data: Record<string, unknown>;
}

/** A case's timeline, oldest first. */
export async function listTimeline(db: Kysely<DB>, referralId: string): Promise<TimelineEventRecord[]> {
  const rows = await db
    .selectFrom('case_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.actor_user_id', 'e.data', 'u.display_name'])
    .where('e.referral_id', '=', referralId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => {
    const data: unknown = JSON.parse(r.data);
    return {
      id: r.id,
      at: r.at,
      kind: r.kind,
      actor: r.actor_user_id === null ? null : { id: r.actor_user_id, displayName: r.display_name },
      data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    };
  });
}
