import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { loadServiceDetail, type ServiceDetail } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A directory listing in full for staff: details, capacity and waiting time, freshness, needs with
 * the classifier's confidence and trigger words, open problems, the held edit (for its owner and
 * approvers), and where it came from. Archived listings stay readable (history, old referrals).
 * Directory data is not personal: only refusals are audited.
 */
export async function getService(deps: ServiceDeps, actor: Actor, serviceId: string): Promise<ServiceDetail> {
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.viewed',
    entityType: 'service',
    entityId: serviceId,
    auditSuccess: false,
    work: (tx) => loadServiceDetail(tx, deps, actor, serviceId),
  });
}
