import { AppError, conflict } from '../../domain/errors.ts';
import { ORGANISATION_KIND_LABELS, ROLE_LABELS, ROLE_SCOPE_KINDS } from '../../domain/roles.ts';
import { hoursProblem, hoursToMinutes, type CreateUserInput } from '../../domain/schemas/users.ts';
import { findOrganisationsByIds } from '../../db/repositories/organisations/organisations.ts';
import { insertUser, type User } from '../../db/repositories/identity/users.ts';
import { isUniqueViolation } from '../../db/values.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { hashNewPassword } from './shared/passwords.ts';
import { requirePermission, runUseCase } from '../kernel/use-case.ts';

/** Creates a staff account with a role, the organisations it covers and (link workers, leads) contracted hours. */
export async function createUser(deps: ServiceDeps, actor: Actor, input: CreateUserInput): Promise<User & { organisationIds: string[] }> {
  const id = newId();
  // Refuse before hashing: argon2 is slow on purpose, and a caller without the permission must
  // neither spend it nor learn anything about password rules. Hash outside the transaction so it
  // does not hold the write lock.
  await requirePermission(deps, actor, { permission: 'user:manage', action: 'user.created', entityType: 'user', entityId: id });
  const passwordHash = await hashNewPassword(input.password);
  const organisationIds = [...new Set(input.organisationIds)];
  return runUseCase(deps, actor, {
    permission: 'user:manage',
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    work: async (tx) => {
      const orgs = await findOrganisationsByIds(tx, organisationIds);
      if (orgs.length !== organisationIds.length) {
        throw new AppError('invalid_input', 'One or more organisations do not exist', {
          fields: { organisationIds: 'One of the organisations chosen does not exist' },
        });
      }
      const allowed = ROLE_SCOPE_KINDS[input.role];
      const wrong = orgs.filter((o) => !allowed.includes(o.kind));
      if (wrong.length > 0) {
        const message =
          allowed.length === 0
            ? `A ${ROLE_LABELS[input.role].toLowerCase()} covers the whole deployment: choose no organisations`
            : `A ${ROLE_LABELS[input.role].toLowerCase()} can cover only: ${allowed.map((k) => ORGANISATION_KIND_LABELS[k]).join(' or ')}`;
        throw new AppError('invalid_input', message, { fields: { organisationIds: message } });
      }
      const hours = hoursProblem(input.role, input.contractedHours);
      if (hours !== null) throw new AppError('invalid_input', hours, { fields: { contractedHours: hours } });
      if (allowed.length > 0 && orgs.length === 0) {
        throw new AppError('invalid_input', 'Choose at least one organisation this user covers', {
          fields: { organisationIds: 'Choose at least one organisation this user covers' },
        });
      }
      try {
        const user = await insertUser(
          tx,
          {
            id,
            email: input.email,
            displayName: input.displayName,
            role: input.role,
            passwordHash,
            at: deps.clock.now().toISOString(),
            contractedMinutes: hoursToMinutes(input.contractedHours),
          },
          organisationIds,
        );
        return { ...user, organisationIds };
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict.because('email_taken', 'A user with that email address already exists', {
            fields: { email: 'A user with that email address already exists' },
          });
        throw err;
      }
    },
    audit: (u) => ({ summary: { role: u.role, organisations: u.organisationIds, contractedMinutes: u.contractedMinutes } }),
  });
}
