import { COMMUNITY_REFERRAL_STATUSES } from '../../domain/community-referral.ts';
import { AppError } from '../../domain/errors.ts';
import type { RespondCommunityReferralInput } from '../../domain/schemas/community.ts';
import { findCommunityReferral, findCommunityReferralForProvider, findInboxRow, type InboxRow } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { applyCommunityCommand } from './shared/community-commands.ts';

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
