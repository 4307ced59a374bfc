import { extractsToPurge } from '../../domain/proactive/practice-data-retention.ts';
import { deletePracticeExtracts, listExtractDates } from '../../db/repositories/proactive/practice-data.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface PracticeDataPurge {
  extracts: number;
  people: number;
  events: number;
  /** The retention period applied, in days. */
  retentionDays: number;
}

/**
 * Deletes the practice data the retention rule no longer allows (docs/design/practice-data.md):
 * extracts older than the retention period (LINKWORK_PRACTICE_DATA_RETENTION_DAYS, by extract date
 * against today) and all but each practice's latest two. Audited with counts only, even when
 * nothing was due. `linkwork practice-data import` runs it after every import.
 */
export async function purgePracticeData(deps: ServiceDeps, actor: Actor): Promise<PracticeDataPurge> {
  return runUseCase(deps, actor, {
    permission: 'practice_data:import',
    action: 'practice_data.purged',
    entityType: 'practice_extract',
    audit: (r) => ({ summary: { extracts: r.extracts, people: r.people, events: r.events, retentionDays: r.retentionDays } }),
    work: async (tx) => {
      const retentionDays = deps.config.practiceDataRetentionDays;
      const today = deps.clock.now().toISOString().slice(0, 10);
      const due = extractsToPurge(await listExtractDates(tx), today, retentionDays);
      return { ...(await deletePracticeExtracts(tx, due)), retentionDays };
    },
  });
}
