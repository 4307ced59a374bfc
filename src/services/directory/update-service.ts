import type { UpdateServiceInput } from '../../domain/schemas/directory.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { applyServiceUpdate, type UpdateServiceResult } from './shared/service-update.ts';

/** The listing's owner (or a lead/administrator) changes it; the rules are in applyServiceUpdate. */
export async function updateService(deps: ServiceDeps, actor: Actor, serviceId: string, input: UpdateServiceInput): Promise<UpdateServiceResult> {
  return applyServiceUpdate(deps, actor, serviceId, input);
}
