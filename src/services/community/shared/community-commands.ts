import { nextCommunityStatus, type CommunityReferralCommand, type CommunityReferralStatus, type DeclineReason } from '../../../domain/community-referral.ts';
import { AppError, conflict } from '../../../domain/errors.ts';
import { updateCommunityReferralStatus, type CommunityReferral } from '../../../db/repositories/community/community-referrals.ts';
import { appendCaseEvent } from '../../cases/shared/case-events.ts';
import type { Actor, ServiceDeps, Tx } from '../../kernel/context.ts';
import { createNotification, type NotificationKind } from '../../kernel/notifications.ts';

/** What the case's link worker hears about each change (the rest they see on the case). */
const LINK_WORKER_NOTICE: Partial<Record<CommunityReferralCommand, NotificationKind>> = {
  accept: 'community_referral_accepted',
  decline: 'community_referral_declined',
  expire: 'community_referral_no_response',
};

/**
 * One step of the closed loop, shared by the provider's replies, the link worker's cancel and the
 * expiry job, inside the caller's transaction: checks the state machine, writes the new status if
 * nobody changed the referral since `expectedVersion` was read, adds the case-timeline event and
 * tells the link worker. Answers `invalid_transition` or `conflict`.
 */
export async function applyCommunityCommand(
  tx: Tx,
  deps: ServiceDeps,
  actor: Actor,
  cr: CommunityReferral,
  command: CommunityReferralCommand,
  opts: { expectedVersion: number; declineReason?: DeclineReason },
): Promise<{ from: CommunityReferralStatus; to: CommunityReferralStatus }> {
  if (opts.expectedVersion !== cr.version) {
    throw conflict.staleVersion(cr.version, 'Someone else changed this referral since you opened it. Reload to see the latest.');
  }
  const to = nextCommunityStatus(cr.status, command);
  if (to === null)
    throw new AppError('invalid_transition', `A referral that is ${cr.status.replace(/_/g, ' ')} cannot be changed that way`, { status: cr.status, command });
  const at = deps.clock.now().toISOString();
  // The provider's first answer (accept or decline) is the response time the figures measure.
  const answered = cr.status === 'sent' && (command === 'accept' || command === 'decline');
  const declineReason = command === 'decline' ? (opts.declineReason ?? 'other') : command === 'expire' ? 'no_response' : undefined;
  const updated = await updateCommunityReferralStatus(tx, {
    id: cr.id,
    expectedVersion: opts.expectedVersion,
    status: to,
    at,
    ...(declineReason === undefined ? {} : { declineReason }),
    ...(answered ? { respondedAt: at } : {}),
  });
  if (!updated) throw conflict.staleVersion(undefined, 'Someone else changed this referral since you opened it. Reload to see the latest.');
  await appendCaseEvent(tx, deps.clock, actor, cr.caseId, {
    kind: `community_referral_${to}`,
    data: {
      communityReferralId: cr.id,
      serviceId: cr.serviceId,
      from: cr.status,
      to,
      declineReason: declineReason ?? null,
    },
  });
  const notice = LINK_WORKER_NOTICE[command];
  if (notice !== undefined && cr.linkWorkerId !== null) await createNotification(tx, deps.clock, actor, cr.linkWorkerId, notice, cr.caseId);
  return { from: cr.status, to };
}
