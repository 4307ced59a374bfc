import { AppError } from '../../domain/errors.ts';
import { setServiceState } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { getManageableService, loadServiceDetail, type ServiceDetail } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The owner confirms the listing is still right: last verified becomes now (and by whom), so it is
 * fresh for another LINKWORK_DIRECTORY_STALE_MONTHS. Not a content change: the version stays.
 */
export async function verifyService(deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceDetail> {
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.verified',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx, access) => {
      const service = await getManageableService(tx, actor, serviceId);
      if (service.archived) throw new AppError('invalid_transition', 'Restore this listing before confirming it', { from: 'archived', command: 'verify' });
      await setServiceState(
        tx,
        serviceId,
        { lastVerifiedAt: deps.clock.now().toISOString(), lastVerifiedBy: access.userId },
        deps.clock.now().toISOString(),
        false,
      );
      return loadServiceDetail(tx, deps, actor, serviceId);
    },
    audit: (d) => ({ summary: { organisationId: d.record.organisationId } }),
  });
}
