import { nextOutreachState } from '../../domain/proactive/outreach.ts';
import type { ReviewOutreachInput } from '../../domain/schemas/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

/**
 * Records the clinician's safety review of a person found by a cohort (a GP or nurse at the
 * practice, or a lead): `cleared` to invite, or `not_suitable` with a coded reason, which closes
 * the outreach. Only from `identified`.
 */
export async function reviewOutreach(deps: ServiceDeps, actor: Actor, id: string, input: ReviewOutreachInput): Promise<OutreachItem> {
  return runUseCase(deps, actor, {
    permission: 'outreach:review',
    action: 'outreach.reviewed',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const state = nextOutreachState(o, { kind: 'review', outcome: input.outcome });
      const at = deps.clock.now().toISOString();
      await writeOutreachChange(
        tx,
        o,
        input.version,
        { state, review_outcome: input.outcome, review_reason: input.reason ?? null, reviewed_by: access.recordedBy, reviewed_at: at },
        at,
      );
      return loadOutreachItem(tx, deps, access, id);
    },
    audit: (r) => ({ summary: { outcome: r.reviewOutcome, reason: r.reviewReason } }),
  });
}
