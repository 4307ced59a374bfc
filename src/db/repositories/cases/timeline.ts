import { type Kysely } from 'kysely';
import type { CaseEvent } from '../../../domain/case-events.ts';
import type { DB } from '../../schema.ts';
import { type UserRef } from './cases.ts';

/** A step on the timeline: the CaseEvent the use case wrote, with when and by whom. */
export type TimelineEventRecord = CaseEvent & {
  id: string;
  at: string;
  actor: UserRef | null;
};

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
    // Only appendCaseEvent writes this table, and it takes a CaseEvent: the row is one by construction.
    const event = { kind: r.kind, data: typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {} } as CaseEvent;
    return { ...event, id: r.id, at: r.at, actor: r.actor_user_id === null ? null : { id: r.actor_user_id, displayName: r.display_name } };
  });
}
