import { AppError } from '../../domain/errors.ts';
import type { CorrectNeedsInput } from '../../domain/schemas/directory.ts';
import { applyServiceChanges } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { editsHeldFor, getManageableService, loadServiceDetail } from './shared/directory-access.ts';
import { newId } from '../kernel/ids.ts';
import { applyServiceUpdate, staleVersion, type UpdateServiceResult } from './shared/service-update.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A curator corrects what a listing is classified as meeting: `needs` is replaced and marked
 * 'corrected', which an import never overwrites (the classifier's suggestions, with their
 * confidence and trigger words, stay beside it). When the actor's edits are held for approval
 * (a provider, with approval on), the correction is a held edit like any other.
 */
export async function correctServiceNeeds(deps: ServiceDeps, actor: Actor, serviceId: string, input: CorrectNeedsInput): Promise<UpdateServiceResult> {
  if (editsHeldFor(deps, actor)) return applyServiceUpdate(deps, actor, serviceId, { expectedVersion: input.expectedVersion, needs: input.needs });
  const needs = [...new Set(input.needs)];
  let previous: string[] = [];
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.classification_corrected',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx) => {
      const service = await getManageableService(tx, actor, serviceId);
      if (service.archived) throw new AppError('invalid_transition', 'Restore this listing before changing it', { from: 'archived', command: 'correct_needs' });
      if (service.version !== input.expectedVersion) throw staleVersion();
      previous = service.needs;
      if (!(await applyServiceChanges(tx, serviceId, service.version, { needs }, newId, deps.clock.now().toISOString()))) throw staleVersion();
      return { outcome: 'applied' as const, service: await loadServiceDetail(tx, deps, actor, serviceId), edit: null };
    },
    audit: (r) => ({
      summary: { from: previous, to: needs, classifiedAs: r.service.record.classification.map((c) => c.need), version: r.service.record.version },
    }),
  });
}
