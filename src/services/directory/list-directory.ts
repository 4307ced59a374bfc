import { AppError } from '../../domain/errors.ts';
import { isStale, lastKnownGood, staleBefore } from '../../domain/freshness.ts';
import type { DirectoryListQuery } from '../../domain/schemas/directory.ts';
import { listDirectory as listRows, type DirectoryRow } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { actorCan, runUseCase } from '../kernel/use-case.ts';

export interface DirectoryItem extends DirectoryRow {
  lastKnownGoodAt: string;
  stale: boolean;
}

export interface DirectoryPage {
  items: DirectoryItem[];
  total: number;
  staleMonths: number;
}

/**
 * The directory for staff: listings by name, searched by words and filtered by need, capacity,
 * freshness, the caller's own organisations (providers) or archived state (those who manage
 * listings), each with its stale flag, open problems and whether an edit waits for approval.
 * Not personal: only refusals are audited.
 */
export async function listDirectory(deps: ServiceDeps, actor: Actor, query: DirectoryListQuery): Promise<DirectoryPage> {
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.listed',
    entityType: 'service',
    auditSuccess: false,
    work: async (tx) => {
      const archived = query.archived === 'true';
      if (archived && !actorCan(actor, 'service:manage')) throw new AppError('forbidden', 'You do not have permission to do that');
      const now = deps.clock.now();
      const months = deps.config.directoryStaleMonths;
      const { rows, total } = await listRows(tx, {
        q: query.q,
        need: query.need,
        capacity: query.capacity,
        stale: query.stale === undefined ? undefined : { only: query.stale === 'true', staleBefore: staleBefore(now, months).toISOString() },
        ownedBy: query.mine === 'true' && actor.kind === 'user' ? actor.userId : undefined,
        archived,
        limit: query.limit,
        offset: query.offset,
      });
      const items = rows.map((r) => {
        const facts = { lastVerifiedAt: r.lastVerifiedAt, assuredDate: r.assuredDate, createdAt: r.createdAt };
        return { ...r, lastKnownGoodAt: lastKnownGood(facts), stale: isStale(facts, now, months) };
      });
      return { items, total, staleMonths: months };
    },
  });
}
