import type { Clock } from '../../domain/clock.ts';
import type { Actor, Tx } from './context.ts';
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

/**
 * Adds an in-app notification for a user, in the caller's transaction. Holds no personal text.
 * Nobody is told of their own act (issue 14): when the recipient is the actor — a link worker who
 * takes a case on themselves, a referrer who is also the case's link worker — nothing is added.
 * Returns whether a notification was added.
 */
export async function createNotification(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  userId: string,
  kind: NotificationKind,
  referralId: string | null,
): Promise<boolean> {
  if (actor.kind === 'user' && actor.userId === userId) return false;
  await tx
    .insertInto('notification')
    .values({ id: newId(), user_id: userId, kind, referral_id: referralId, created_at: clock.now().toISOString(), read_at: null })
    .execute();
  return true;
}
