import { nextOutreachState } from '../../domain/proactive/outreach.ts';
import type { OptOutInput } from '../../domain/schemas/outreach.ts';
import { insertOptOut } from '../../db/repositories/proactive/outreach.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { getOutreachInScope, loadOutreachItem, writeOutreachChange, type OutreachItem } from './shared/outreach.ts';

/**
 * Records that the person asked never to be contacted about this again: the outreach closes as
 * `opted_out` and their NHS number joins the practice's opt-out list, which every later
 * start-outreach honours.
 */
export async function optOutOfOutreach(deps: ServiceDeps, actor: Actor, id: string, input: OptOutInput): Promise<OutreachItem> {
  return runUseCase(deps, actor, {
    permission: 'outreach:manage',
    action: 'outreach.opted_out',
    entityType: 'outreach',
    entityId: id,
    work: async (tx, access) => {
      const o = await getOutreachInScope(tx, access, id);
      const from = o.state;
      const state = nextOutreachState(o, { kind: 'opt_out' });
      const at = deps.clock.now().toISOString();
      await writeOutreachChange(tx, o, input.version, { state }, at);
      await insertOptOut(tx, { nhsNumber: o.nhsNumber, practiceId: o.practiceId, at, by: access.recordedBy });
      return { item: await loadOutreachItem(tx, deps, access, id), from };
    },
    audit: (r) => ({ summary: { from: r.from } }),
  }).then((r) => r.item);
}
