import { AppError } from '../../domain/errors.ts';
import { findReferrerView, type ReferrerViewRow } from '../../db/repositories/intake/referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** One referral the referrer made, and where it is now; anyone else's answers not_found. Audited. */
export async function getReferralStatus(deps: ServiceDeps, actor: Actor, referralId: string): Promise<ReferrerViewRow> {
  return runUseCase(deps, actor, {
    permission: 'referral:read_own',
    action: 'referral.viewed',
    entityType: 'referral',
    entityId: referralId,
    work: async (tx, access) => {
      const row = await findReferrerView(tx, referralId, access.referrals);
      if (row === undefined) throw new AppError('not_found', 'No such referral');
      return row;
    },
    audit: (r) => ({ personId: r.personId, summary: { view: 'status', status: r.status } }),
  });
}
