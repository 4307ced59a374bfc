import { AppError, conflict } from '../../../domain/errors.ts';
import { ageOn, londonDate } from '../../../domain/insight/periods.ts';
import { canInviteAgain, compareWorklist, DEFAULT_MAX_ATTEMPTS, nextActionOf, type NextAction } from '../../../domain/proactive/outreach.ts';
import {
  findOutreach,
  listOutreachRows,
  updateOutreach,
  type OutreachChange,
  type OutreachListRow,
  type OutreachRecord,
  type OutreachScope,
} from '../../../db/repositories/proactive/outreach.ts';
import type { Access } from '../../kernel/access.ts';
import type { ServiceDeps, Tx } from '../../kernel/context.ts';

// Helpers shared by the outreach use cases (issue 12). Not use cases themselves: each runs inside
// its caller's transaction.

/** The practices whose outreach the actor may reach: those they cover, or all for the operator. */
export function outreachScope(access: Access): OutreachScope {
  return access.userId === null ? { all: true } : { userId: access.userId };
}

/** The configured maximum number of invitations (3 unless set). */
export function maxAttemptsOf(deps: ServiceDeps): number {
  return deps.config.outreachMaxAttempts ?? DEFAULT_MAX_ATTEMPTS;
}

/** A worklist item: the row and what the worklist shows beside it (age today, next action). */
export interface OutreachItem extends OutreachListRow {
  age: number | null;
  nextAction: NextAction;
  canInvite: boolean;
  maxAttempts: number;
}

export function outreachItem(row: OutreachListRow, today: string, maxAttempts: number): OutreachItem {
  return {
    ...row,
    age: row.dateOfBirth === null ? null : ageOn(row.dateOfBirth, today),
    nextAction: nextActionOf(row),
    canInvite: canInviteAgain(row, maxAttempts),
    maxAttempts,
  };
}

/** The outreach in the actor's scope, or `not_found` (one outside scope does not exist for them). */
export async function getOutreachInScope(tx: Tx, access: Access, id: string): Promise<OutreachRecord> {
  const o = await findOutreach(tx, id, outreachScope(access));
  if (o === undefined) throw new AppError('not_found', 'No such outreach');
  return o;
}

/** Writes a change made from `seenVersion`; `conflict` (`stale_version`) when someone changed it since. */
export async function writeOutreachChange(tx: Tx, o: OutreachRecord, seenVersion: number, change: OutreachChange, at: string): Promise<void> {
  if (seenVersion !== o.version) throw conflict.staleVersion(o.version);
  if (!(await updateOutreach(tx, o.id, o.version, change, at))) throw conflict.staleVersion();
}

/** The outreach as the worklist shows it, after a change. */
export async function loadOutreachItem(tx: Tx, deps: ServiceDeps, access: Access, id: string): Promise<OutreachItem> {
  const [row] = await listOutreachRows(tx, outreachScope(access), { id });
  if (row === undefined) throw new AppError('not_found', 'No such outreach');
  return outreachItem(row, londonDate(deps.clock.now()), maxAttemptsOf(deps));
}

export interface OutreachList {
  items: OutreachItem[];
  counts: { [A in NextAction]: number };
  total: number;
  maxAttempts: number;
}

/** Rows as a worklist: what needs doing next first, the counts of each group, the first `limit` shown. */
export function outreachList(rows: readonly OutreachListRow[], today: string, maxAttempts: number, limit: number): OutreachList {
  const items = rows.map((r) => outreachItem(r, today, maxAttempts)).sort(compareWorklist);
  const counts = { review: 0, invite: 0, await_reply: 0, done: 0 };
  for (const i of items) counts[i.nextAction] += 1;
  return { items: items.slice(0, limit), counts, total: items.length, maxAttempts };
}
