import { AppError } from '../../domain/errors.ts';
import { countGpEntriesInScope, markGpEntriesFiled as markFiled } from '../../db/repositories/cases/gp-record-entries.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Marks GP-record entries as filed in the GP system, so they leave the pending export. All the ids
 * must be at practices the user covers, or nothing changes (`not_found`). Already-filed entries are
 * left as they were (filing twice is harmless); the answer counts the newly filed.
 */
export async function markGpEntriesFiled(deps: ServiceDeps, actor: Actor, ids: readonly string[]): Promise<{ filed: number }> {
  return runUseCase(deps, actor, {
    permission: 'gp_record:export',
    action: 'gp_record.filed',
    entityType: 'gp_record_entry',
    work: async (tx, access) => {
      const inScope = await countGpEntriesInScope(tx, ids, actor.kind === 'user' ? actor.userId : null);
      if (inScope !== ids.length) throw new AppError('not_found', 'Some of those entries do not exist or are not at your practices');
      return { filed: await markFiled(tx, ids, access.recordedBy, deps.clock.now().toISOString()) };
    },
    audit: (r) => ({ summary: { requested: ids.length, filed: r.filed } }),
  });
}
