import { DEPLOYMENT_WIDE_ROLES } from '../../domain/permissions.ts';
import type { Actor } from './context.ts';

/** Whose records an actor sees: everything (operator, admin, auditor) or their own scope. */
export function visibilityOf(actor: Actor): { all: true } | { userId: string } {
  if (actor.kind === 'system' || DEPLOYMENT_WIDE_ROLES.includes(actor.role)) return { all: true };
  return { userId: actor.userId };
}
