import { canRecord, type CaseActivity } from '../../../domain/case-lifecycle.ts';
import { AppError, conflict } from '../../../domain/errors.ts';
import { findCaseInScope, type CaseRecord } from '../../../db/repositories/cases/cases.ts';
import type { Access } from '../../kernel/access.ts';
import type { Tx } from '../../kernel/context.ts';

/** A case in the actor's scope, or `not_found` (a case outside scope does not exist for them). */
export async function requireCase(tx: Tx, access: Access, id: string): Promise<CaseRecord> {
  const c = await findCaseInScope(tx, id, access.referrals);
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
export function staleVersion(what = 'case', currentVersion?: number): AppError<'conflict'> {
  return conflict.staleVersion(
    currentVersion,
    `Someone else changed this ${what} since you opened it. Reload to see their changes; what you entered has not been saved.`,
  );
}

/** The version check every case write starts with: a stale version is a conflict, nothing changes. */
export function requireVersion(current: number, given: number, what = 'case'): void {
  if (current !== given) throw staleVersion(what, current);
}
