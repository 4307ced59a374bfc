import { listPracticeExtracts as listExtracts, type PracticeExtractSummary } from '../../db/repositories/proactive/practice-data.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The practice data extracts the actor may see — a practice's staff their own practice's, a link
 * worker or lead the practices they cover (scoped in SQL), the operator all — as summaries: the
 * practice, the extract date and counts, never person-level data. Audited as a read.
 */
export async function listPracticeExtracts(deps: ServiceDeps, actor: Actor): Promise<PracticeExtractSummary[]> {
  return runUseCase(deps, actor, {
    permission: 'practice_data:read',
    action: 'practice_data.listed',
    entityType: 'practice_extract',
    audit: (list) => ({ summary: { extracts: list.length } }),
    work: (tx, access) => listExtracts(tx, access.people),
  });
}
