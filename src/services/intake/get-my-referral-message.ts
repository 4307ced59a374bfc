import { AppError } from '../../domain/errors.ts';
import type { DischargeMessage } from '../../domain/schemas/cases.ts';
import { findCaseInScope } from '../../db/repositories/cases/cases.ts';
import { messageBackFor } from '../cases/shared/message-back.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The message back for a referral the signed-in referrer or partner made, once the case is
 * discharged (`invalid_transition` before): the same message the GP practice receives, as the
 * person chose to share it. Someone else's referral answers `not_found`. Audited against the person.
 */
export async function getMyReferralMessage(deps: ServiceDeps, actor: Actor, id: string): Promise<DischargeMessage & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'referral:read_own',
    action: 'case.discharge_message_viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      // For referrers and partners the referral scope is "the ones they made".
      const c = await findCaseInScope(tx, id, access.referrals);
      if (c === undefined) throw new AppError('not_found', 'No such referral');
      return { ...(await messageBackFor(tx, deps, c)), personId: c.person.id };
    },
    audit: (m) => ({ personId: m.personId, summary: { via: 'my_referrals', sharingChoice: m.sharingChoice } }),
  });
}
