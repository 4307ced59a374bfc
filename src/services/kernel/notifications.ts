import type { Clock } from '../../domain/clock.ts';
import type { Tx } from './context.ts';
import { newId } from './ids.ts';

/** In-app notification kinds. The text shown is decided by the web app from the kind. */
export const NOTIFICATION_KINDS = [
  'case_allocated',
  'case_reassigned_away',
  'community_referral_accepted',
  'community_referral_declined',
  'community_referral_no_response',
  'community_referral_received',
  'outcome_self_completed',
  'referral_status_changed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Adds an in-app notification for a user, in the caller's transaction. Holds no personal text. */
export async function createNotification(tx: Tx, clock: Clock, userId: string, kind: NotificationKind, referralId: string | null): Promise<void> {
  await tx
    .insertInto('notification')
    .values({ id: newId(), user_id: userId, kind, referral_id: referralId, created_at: clock.now().toISOString(), read_at: null })
    .execute();
}
