import { listPracticesWithTriage } from '../../db/repositories/intake/referrals.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { selfReferralActor } from '../intake/shared/self-referral-actor.ts';

/**
 * The GP practices where the service runs (an enabled lead covers them), by name, for the public
 * self-referral form (no sign-in). Names and ids only: public facts. Not audited on success (no personal data), like other organisation reads.
 */
export async function listPublicPractices(deps: ServiceDeps, meta: RequestMeta): Promise<{ id: string; name: string }[]> {
  return runUseCase(deps, selfReferralActor(meta), {
    permission: 'organisation:read',
    action: 'organisation.listed',
    entityType: 'organisation',
    auditSuccess: false,
    work: (tx) => listPracticesWithTriage(tx),
  });
}
