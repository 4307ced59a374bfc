import { DEPLOYMENT_WIDE_ROLES } from '../../domain/permissions.ts';
import type { PersonScope } from '../../db/repositories/people/person-details.ts';
import type { ReferralViewer } from '../../db/repositories/scope/referral-scope.ts';
import type { Actor } from './context.ts';

/**
 * What an actor may reach, worked out once per use case by runUseCase and handed to its work and
 * from there to the repositories, which scope in SQL. The one place the actor → scope mapping lives.
 */
export interface Access {
  actor: Actor;
  /** The referrals (cases) the actor may see: a user by role and coverage, or the operator (all). */
  referrals: ReferralViewer;
  /** The people the actor may see: a user's practices, or everyone for the operator. */
  people: PersonScope;
  /** Users and organisations: everything for the operator and deployment-wide roles, else a user's own scope. */
  organisations: { all: true } | { userId: string };
  /** The acting user's id, or null for the command-line operator. */
  userId: string | null;
  /** Who to record in `created_by`-style columns: the user id, or `system:<label>` for the operator. */
  recordedBy: string;
}

/** The access of an actor (see Access). */
export function accessOf(actor: Actor): Access {
  if (actor.kind === 'system') {
    return {
      actor,
      referrals: { userId: null, role: 'system' },
      people: { all: true },
      organisations: { all: true },
      userId: null,
      recordedBy: `system:${actor.label}`,
    };
  }
  return {
    actor,
    referrals: { userId: actor.userId, role: actor.role },
    people: { userId: actor.userId },
    organisations: DEPLOYMENT_WIDE_ROLES.includes(actor.role) ? { all: true } : { userId: actor.userId },
    userId: actor.userId,
    recordedBy: actor.userId,
  };
}
