import {
  nextCommunityStatus,
  COMMUNITY_REFERRAL_STATUSES,
  type CommunityReferralCommand,
  type CommunityReferralStatus,
  type DeclineReason,
} from '../../domain/community-referral.ts';
import { AppError } from '../../domain/errors.ts';
import type { RespondCommunityReferralInput } from '../../domain/schemas/community.ts';
import type { ReferralViewer } from '../../db/repositories/scope/referral-scope.ts';
import {
  findCommunityReferral,
  findCommunityReferralForProvider,
  findInboxRow,
  updateCommunityReferralStatus,
  type CommunityReferral,
  type InboxRow,
} from '../../db/repositories/community/community-referrals.ts';
import { appendCaseEvent } from '../cases/case-events.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import { createNotification, type NotificationKind } from '../kernel/notifications.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Who is asking, for the SQL scope of cases. */
export function referralViewerOf(actor: Actor): ReferralViewer {
  return actor.kind === 'user' ? { userId: actor.userId, role: actor.role } : { userId: null, role: 'system' };
}

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
    throw new AppError('conflict', 'Someone else changed this referral since you opened it. Reload to see the latest.', { currentVersion: cr.version });
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
  if (!updated) throw new AppError('conflict', 'Someone else changed this referral since you opened it. Reload to see the latest.');
  await appendCaseEvent(tx, deps.clock, actor, cr.caseId, `community_referral_${to}`, {
    communityReferralId: cr.id,
    serviceId: cr.serviceId,
    from: cr.status,
    to,
    declineReason: declineReason ?? null,
  });
  const notice = LINK_WORKER_NOTICE[command];
  if (notice !== undefined && cr.linkWorkerId !== null) await createNotification(tx, deps.clock, cr.linkWorkerId, notice, cr.caseId);
  return { from: cr.status, to };
}

/**
 * The provider answers a referral to one of their organisation's services: accept, decline (with a
 * coded reason), mark started, attended, did not attend, completed. Someone else's referral
 * answers not_found; a stale version `conflict`; a move the closed loop forbids `invalid_transition`.
 */
export async function respondCommunityReferral(deps: ServiceDeps, actor: Actor, id: string, input: RespondCommunityReferralInput): Promise<InboxRow> {
  return runUseCase(deps, actor, {
    permission: 'community_referral:respond',
    action: 'community_referral.responded',
    entityType: 'community_referral',
    entityId: id,
    work: async (tx) => {
      const cr = actor.kind === 'user' ? await findCommunityReferralForProvider(tx, id, actor.userId) : await findCommunityReferral(tx, id);
      if (cr?.kind !== 'refer') throw new AppError('not_found', 'No such referral');
      const step = await applyCommunityCommand(tx, deps, actor, cr, input.command, {
        expectedVersion: input.version,
        ...(input.declineReason === undefined ? {} : { declineReason: input.declineReason }),
      });
      const row = await findInboxRow(tx, id, actor.kind === 'user' ? actor.userId : null, COMMUNITY_REFERRAL_STATUSES);
      if (row === undefined) throw new AppError('internal', 'Referral vanished after update');
      return { row, step, cr };
    },
    audit: ({ step, cr }) => ({
      personId: cr.personId,
      summary: { command: input.command, from: step.from, to: step.to, serviceId: cr.serviceId, declineReason: input.declineReason ?? null },
    }),
  }).then((r) => r.row);
}
