import { listPracticeMessages as listRows, type PracticeMessageRow } from '../../db/repositories/cases/practice-messages.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The practice inbox: the discharged cases at the practices the signed-in GP practice user
 * covers, most recently closed first, each with the message back to open. The listing is audited
 * with its count.
 */
export async function listPracticeMessages(deps: ServiceDeps, actor: Actor, limit: number): Promise<PracticeMessageRow[]> {
  return runUseCase(deps, actor, {
    permission: 'discharge_message:read',
    action: 'case.listed',
    entityType: 'case',
    work: (tx, access) => listRows(tx, access.userId, limit),
    audit: (rows) => ({ summary: { view: 'practice_messages', count: rows.length } }),
  });
}
