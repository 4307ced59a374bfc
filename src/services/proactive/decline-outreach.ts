import { nextOutreachState } from '../../domain/proactive/outreach.ts';
import type { DeclineOutreachInput } from '../../domain/schemas/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

/** Records that the person declined the offer, with the coded reason (a reply, so it counts as a response). */
export async function declineOutreach(deps: ServiceDeps, actor: Actor, id: string, input: DeclineOutreachInput): Promise<OutreachItem> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.declined',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const state = nextOutreachState(o, { kind: 'decline' });
      const at = deps.clock.now().toISOString();
      await writeOutreachChange(tx, o, input.version, { state, decline_code: input.code, responded_at: o.respondedAt ?? at }, at);
      return loadOutreachItem(tx, deps, access, id);
    },
    audit: (r) => ({ summary: { code: r.declineCode } }),
  });
}
