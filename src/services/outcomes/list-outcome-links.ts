import type { OutcomeTimepoint } from '../../domain/instruments/index.ts';
import { listOutcomeLinksOfCase } from '../../db/repositories/outcomes/self-completion-links.ts';
import { requireCase } from '../cases/shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { findInstrument } from './shared/outcome-records.ts';
import { runUseCase } from '../kernel/use-case.ts';

export type OutcomeLinkStatus = 'waiting' | 'completed' | 'expired';

export interface OutcomeLinkListItem {
  id: string;
  instrument: string;
  instrumentName: string;
  timepoint: OutcomeTimepoint;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  status: OutcomeLinkStatus;
}

/**
 * The self-completion links made on a case in the actor's scope, newest first, with where each
 * stands: waiting for answers, completed, or no longer usable (expired or replaced by a newer link
 * — the two are the same to anyone holding the link, and here). Never the token: it is not stored.
 */
export async function listOutcomeLinks(deps: ServiceDeps, actor: Actor, caseId: string): Promise<OutcomeLinkListItem[]> {
  return runUseCase(deps, actor, {
    permission: 'outcome:read',
    action: 'outcome.viewed',
    entityType: 'referral',
    entityId: caseId,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, caseId);
      const now = deps.clock.now().toISOString();
      const links = await listOutcomeLinksOfCase(tx, c.id);
      const names = new Map<string, string>();
      for (const l of links) {
        const key = `${l.instrumentCode}@${l.instrumentVersion}`;
        if (!names.has(key)) names.set(key, (await findInstrument(tx, l.instrumentCode, l.instrumentVersion))?.name ?? l.instrumentCode);
      }
      const items = links.map((l): OutcomeLinkListItem => ({
        id: l.id,
        instrument: l.instrumentCode,
        instrumentName: names.get(`${l.instrumentCode}@${l.instrumentVersion}`) ?? l.instrumentCode,
        timepoint: l.timepoint as OutcomeTimepoint,
        createdAt: l.createdAt,
        expiresAt: l.expiresAt,
        usedAt: l.usedAt,
        status: l.usedAt !== null ? 'completed' : l.expiresAt > now ? 'waiting' : 'expired',
      }));
      return { items, personId: c.person.id };
    },
    audit: (r) => ({ personId: r.personId, summary: { view: 'outcome_links', count: r.items.length } }),
  }).then((r) => r.items);
}
