import { AppError } from '../../domain/errors.ts';
import type { DischargeMessage } from '../../domain/schemas/cases.ts';
import { findDischargedCaseAtPractices } from '../../db/repositories/cases/cases.ts';
import { messageBackFor } from './shared/message-back.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * One message back in the practice inbox: for a discharged case at a practice the signed-in GP
 * practice user covers (any other case, or one not discharged, answers `not_found`), as the
 * person chose to share it. Audited against the person.
 */
export async function getPracticeMessage(deps: ServiceDeps, actor: Actor, id: string): Promise<DischargeMessage & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'discharge_message:read',
    action: 'case.discharge_message_viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await findDischargedCaseAtPractices(tx, id, access.userId);
      if (c === undefined) throw new AppError('not_found', 'No such message');
      return { ...(await messageBackFor(tx, deps, c)), personId: c.person.id };
    },
    audit: (m) => ({ personId: m.personId, summary: { via: 'practice_inbox', sharingChoice: m.sharingChoice } }),
  });
}
