import { computeServiceFigures, type ServiceFigures } from '../../domain/community-referral.ts';
import { AppError } from '../../domain/errors.ts';
import { findService, listServiceReferralFacts } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A service's figures: referrals received, acceptance rate (accepted-or-later / answered), median
 * response time in hours and a count per status. The median is computed in code from the fetched
 * durations so both databases give the same answer. Aggregate, not personal: only refusals are audited.
 */
export async function getServiceStats(deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceFigures & { serviceId: string }> {
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.listed',
    entityType: 'service',
    entityId: serviceId,
    auditSuccess: false,
    work: async (tx) => {
      const service = await findService(tx, serviceId);
      if (service === undefined) throw new AppError('not_found', 'No such service');
      return { serviceId, ...computeServiceFigures(await listServiceReferralFacts(tx, serviceId)) };
    },
  });
}
