import { AppError } from '../../domain/errors.ts';
import { setServiceState } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { getManageableService, loadServiceDetail, type ServiceDetail } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Archives a listing instead of deleting it: it leaves the directory list, matching and /oruk, but
 * stays for history, so community referrals already made to it keep their service.
 */
export async function archiveService(deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceDetail> {
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.archived',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx) => {
      const service = await getManageableService(tx, actor, serviceId);
      if (service.archived) throw new AppError('invalid_transition', 'This listing is archived already', { from: 'archived', command: 'archive' });
      await setServiceState(tx, serviceId, { archived: true }, deps.clock.now().toISOString(), true);
      return loadServiceDetail(tx, deps, actor, serviceId);
    },
    audit: (d) => ({ summary: { organisationId: d.record.organisationId, version: d.record.version } }),
  });
}
