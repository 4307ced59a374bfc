import { AppError } from '../../domain/errors.ts';
import { setServiceState } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { getManageableService, loadServiceDetail, type ServiceDetail } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Brings an archived listing back into the directory, matching and /oruk. */
export async function restoreService(deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceDetail> {
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.restored',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx) => {
      const service = await getManageableService(tx, actor, serviceId);
      if (!service.archived) throw new AppError('invalid_transition', 'This listing is not archived', { from: 'listed', command: 'restore' });
      await setServiceState(tx, serviceId, { archived: false }, deps.clock.now().toISOString(), true);
      return loadServiceDetail(tx, deps, actor, serviceId);
    },
    audit: (d) => ({ summary: { organisationId: d.record.organisationId, version: d.record.version } }),
  });
}
