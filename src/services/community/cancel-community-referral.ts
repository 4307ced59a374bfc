import { AppError } from '../../domain/errors.ts';
import type { CancelCommunityReferralInput } from '../../domain/schemas/community.ts';
import { findCommunityReferral, findCommunityReferralOnVisibleCase, type CommunityReferral } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { applyCommunityCommand } from './shared/community-commands.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The link worker withdraws a referral the provider has not started (sent or accepted), e.g. the
 * person changed their mind. A case outside the actor's scope answers not_found. Audited as a
 * change of the referral's status (`community_referral.responded`, command `cancel`): the audit
 * vocabulary has no separate cancel action yet.
 */
export async function cancelCommunityReferral(deps: ServiceDeps, actor: Actor, id: string, input: CancelCommunityReferralInput): Promise<CommunityReferral> {
  return runUseCase(deps, actor, {
    permission: 'community_referral:create',
    action: 'community_referral.cancelled',
    entityType: 'community_referral',
    entityId: id,
    work: async (tx, access) => {
      const cr = await findCommunityReferralOnVisibleCase(tx, id, access.referrals);
      if (cr === undefined) throw new AppError('not_found', 'No such referral');
      const step = await applyCommunityCommand(tx, deps, actor, cr, 'cancel', { expectedVersion: input.version });
      const after = await findCommunityReferral(tx, id);
      if (after === undefined) throw new AppError('internal', 'Referral vanished after update');
      return { after, step };
    },
    audit: ({ after, step }) => ({ personId: after.personId, summary: { command: 'cancel', from: step.from, to: step.to, serviceId: after.serviceId } }),
  }).then((r) => r.after);
}
