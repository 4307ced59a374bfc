import type { Transaction } from 'kysely';
import type { AuditAction, AuditSummary } from '../../domain/audit.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/permissions.ts';
import type { DB } from '../../db/schema.ts';
import { appendAudit } from './audit-append.ts';
import { accessOf, type Access } from './access.ts';
import type { Actor, ServiceDeps } from './context.ts';

export interface UseCase<T> {
  /** The one named permission checked before anything else. */
  permission: Permission;
  action: AuditAction;
  entityType: string;
  /** What the actor asked for, known before the work runs (recorded on denials too). */
  entityId?: string | null;
  personId?: string | null;
  /** The work, given the transaction and the actor's access (computed once, here). */
  work: (tx: Transaction<DB>, access: Access) => Promise<T>;
  /**
   * Whether success is audited. Writes and person-level reads always are; reads of non-personal
   * records (organisations) set this false, and then only refusals are recorded.
   */
  auditSuccess?: boolean;
  /** What the success event records, from the result; coded values only. */
  audit?: (result: T) => { entityId?: string | null; personId?: string | null; summary?: AuditSummary; shownPersonIds?: readonly string[] };
}

/** True when this actor holds the permission (the command-line operator holds all). */
export function actorCan(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || can(actor, permission);
}

/**
 * The shape every use case follows: authorise → work in one transaction → audit in that same
 * transaction. A refusal (no permission, or a record outside scope answering not_found) is itself
 * audited, in a transaction of its own because the work's transaction has rolled back.
 */
export async function runUseCase<T>(deps: ServiceDeps, actor: Actor, uc: UseCase<T>): Promise<T> {
  if (!actorCan(actor, uc.permission)) {
    await recordDenial(deps, actor, uc, 'forbidden');
    throw new AppError('forbidden', 'You do not have permission to do that');
  }
  const access = accessOf(actor);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const result = await uc.work(tx, access);
      if (uc.auditSuccess === false) return result;
      const extra = uc.audit?.(result) ?? {};
      await appendAudit(tx, deps.clock, actor, {
        action: uc.action,
        outcome: 'success',
        entityType: uc.entityType,
        entityId: extra.entityId ?? uc.entityId ?? null,
        personId: extra.personId ?? uc.personId ?? null,
        ...(extra.summary === undefined ? {} : { summary: extra.summary }),
        ...(extra.shownPersonIds === undefined ? {} : { shownPersonIds: extra.shownPersonIds }),
      });
      return result;
    });
  } catch (err) {
    if (isAppError(err) && (err.code === 'not_found' || err.code === 'forbidden')) {
      await recordDenial(deps, actor, uc, err.code);
    }
    throw err;
  }
}

/**
 * The permission check of a use case on its own, for use cases that must refuse before doing
 * slow work outside their transaction (hashing a password). Audits the refusal like runUseCase.
 */
export async function requirePermission(
  deps: ServiceDeps,
  actor: Actor,
  uc: Pick<UseCase<unknown>, 'permission' | 'action' | 'entityType' | 'entityId' | 'personId'>,
): Promise<void> {
  if (actorCan(actor, uc.permission)) return;
  await recordDenial(deps, actor, uc, 'forbidden');
  throw new AppError('forbidden', 'You do not have permission to do that');
}

async function recordDenial(
  deps: ServiceDeps,
  actor: Actor,
  uc: Pick<UseCase<unknown>, 'permission' | 'action' | 'entityType' | 'entityId' | 'personId'>,
  reason: string,
): Promise<void> {
  await deps.db.transaction().execute((tx) =>
    appendAudit(tx, deps.clock, actor, {
      action: 'access.denied',
      outcome: 'denied',
      entityType: uc.entityType,
      entityId: uc.entityId ?? null,
      personId: uc.personId ?? null,
      summary: { attempted: uc.action, permission: uc.permission, reason },
    }),
  );
}
