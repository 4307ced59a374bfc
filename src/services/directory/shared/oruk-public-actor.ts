import { AppError } from '../../../domain/errors.ts';
import type { Actor, RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { runUseCase } from '../../kernel/use-case.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { AuditAction } from '../../../domain/audit.ts';

/**
 * The anonymous reader of the open directory API (/oruk): no sign-in, like the public
 * self-referral form. It reads published directory data only, so it is a system actor.
 */
export function orukPublicActor(meta: RequestMeta): Actor {
  return { kind: 'system', label: 'oruk-public', meta };
}

/**
 * Runs one public directory read: permission `service:read`, one (read) transaction, success not
 * audited (published listings, nothing personal). An unknown id is answered `not_found` here,
 * outside runUseCase, on purpose: runUseCase audits a not_found as a denial, and an open API
 * must not let anyone write audit rows by asking for ids that do not exist.
 */
export async function readOrukDirectory<T>(
  deps: ServiceDeps,
  meta: RequestMeta,
  action: AuditAction,
  entityType: string,
  work: (tx: Transaction<DB>) => Promise<T | undefined>,
): Promise<T> {
  const result = await runUseCase(deps, orukPublicActor(meta), { permission: 'service:read', action, entityType, auditSuccess: false, work });
  if (result === undefined) throw new AppError('not_found', `No such ${entityType.replace(/_/g, ' ')} in the directory`);
  return result;
}
