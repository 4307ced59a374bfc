import { canRecord, type CaseActivity } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { findCaseInScope, type CaseRecord } from '../../db/repositories/cases/cases.ts';
import type { ReferralViewer } from '../../db/repositories/scope/referral-scope.ts';
import type { Actor, Tx } from '../kernel/context.ts';

/** Who is asking, in the terms referral scoping speaks (the operator sees every case). */
export function referralViewerOf(actor: Actor): ReferralViewer {
  return actor.kind === 'system' ? { userId: null, role: 'system' } : { userId: actor.userId, role: actor.role };
}

/** The acting user's id for `created_by` columns; the operator is recorded by label. */
export function actorUserId(actor: Actor): string {
  return actor.kind === 'user' ? actor.userId : `system:${actor.label}`;
}

/** A case in the actor's scope, or `not_found` (a case outside scope does not exist for them). */
export async function requireCase(tx: Tx, actor: Actor, id: string): Promise<CaseRecord> {
  const c = await findCaseInScope(tx, id, referralViewerOf(actor));
  if (c === undefined) throw new AppError('not_found', 'No such case');
  return c;
}

/** Refuses an activity the case's status does not allow (a closed case is read-only). */
export function requireActivity(c: CaseRecord, activity: CaseActivity): void {
  if (!canRecord(c.status, activity)) {
    throw new AppError('invalid_transition', `That cannot be recorded on a case that is ${c.status.replace(/_/g, ' ')}`, { status: c.status, activity });
  }
}

/** The answer to a write from a stale version: `409 conflict`, and nothing is written. */
export function staleVersion(what = 'case', currentVersion?: number): AppError {
  return new AppError(
    'conflict',
    `Someone else changed this ${what} since you opened it. Reload to see their changes; what you entered has not been saved.`,
    currentVersion === undefined ? undefined : { currentVersion },
  );
}

/** The version check every case write starts with: a stale version is a conflict, nothing changes. */
export function requireVersion(current: number, given: number, what = 'case'): void {
  if (current !== given) throw staleVersion(what, current);
}
