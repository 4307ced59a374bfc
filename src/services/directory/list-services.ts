import type { ServiceListQuery } from '../../domain/schemas/community.ts';
import { listServices as listRows, type Service } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Community services that are not archived, optionally by need, organisation or referral route. Not personal: only refusals are audited. */
export async function listServices(deps: ServiceDeps, actor: Actor, query: ServiceListQuery = {}): Promise<Service[]> {
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.listed',
    entityType: 'service',
    auditSuccess: false,
    work: (tx) =>
      listRows(tx, {
        need: query.need,
        organisationId: query.organisationId,
        takesReferrals: query.takesReferrals === undefined ? undefined : query.takesReferrals === 'true',
      }),
  });
}
