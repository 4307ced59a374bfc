import type { DischargeMessage } from '../../domain/schemas/cases.ts';
import { requireCase } from './shared/case-access.ts';
import { messageBackFor } from './shared/message-back.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The message back to the GP and the referrer for a discharged case (PRSB "message back"), built
 * from the case as it stands and honouring the sharing choice the person made at discharge (when
 * none was recorded, the narrower `coded_only`): with the full choice it carries the wellbeing
 * outcomes, baseline → latest with bands. The web app renders it for printing.
 */
export async function getDischargeMessage(deps: ServiceDeps, actor: Actor, id: string): Promise<DischargeMessage & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.discharge_message_viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      return { ...(await messageBackFor(tx, deps, c)), personId: c.person.id };
    },
    audit: (m) => ({ personId: m.personId, summary: { sharingChoice: m.sharingChoice, codes: m.gpRecordCodes.map((g) => g.code) } }),
  });
}
