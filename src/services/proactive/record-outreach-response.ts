import { nextOutreachState } from '../../domain/proactive/outreach.ts';
import type { RecordResponseInput } from '../../domain/schemas/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, maxAttemptsOf, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

/**
 * Records that an invited person replied (then accept, decline or opt out follow), or — only once
 * every allowed invitation has been made — that they did not (`no_response`, which closes it).
 */
export async function recordOutreachResponse(deps: ServiceDeps, actor: Actor, id: string, input: RecordResponseInput): Promise<OutreachItem> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.response_recorded',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const state = nextOutreachState(o, { kind: input.outcome === 'responded' ? 'respond' : 'no_response' }, maxAttemptsOf(deps));
      const at = deps.clock.now().toISOString();
      await writeOutreachChange(tx, o, input.version, input.outcome === 'responded' ? { state, responded_at: at } : { state }, at);
      return loadOutreachItem(tx, deps, access, id);
    },
    audit: (r) => ({ summary: { outcome: r.state, attempts: r.attempts } }),
  });
}
