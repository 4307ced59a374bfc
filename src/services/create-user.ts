import { AppError } from '../domain/errors.ts';
import { ROLE_SCOPE_KINDS } from '../domain/roles.ts';
import type { CreateUserInput } from '../domain/schemas/users.ts';
import { findOrganisationsByIds } from '../db/repositories/organisations.ts';
import { insertUser, type User } from '../db/repositories/users.ts';
import { isUniqueViolation } from '../db/values.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { newId } from './ids.ts';
import { hashNewPassword } from './passwords.ts';
import { runUseCase } from './use-case.ts';

/** Creates a staff account with a role and the organisations it covers. */
export async function createUser(deps: ServiceDeps, actor: Actor, input: CreateUserInput): Promise<User & { organisationIds: string[] }> {
  const id = newId();
  // Hash outside the transaction: it is slow on purpose and must not hold the write lock.
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
        throw new AppError('invalid_input', 'One or more organisations do not exist', { fields: { organisationIds: 'Unknown organisation' } });
      }
      const allowed = ROLE_SCOPE_KINDS[input.role];
      const wrong = orgs.filter((o) => !allowed.includes(o.kind));
      if (wrong.length > 0) {
        throw new AppError('invalid_input', `A ${input.role} may cover only: ${allowed.join(', ') || 'nothing (deployment-wide role)'}`, {
          fields: { organisationIds: 'Wrong kind of organisation for this role' },
        });
      }
      if (allowed.length > 0 && orgs.length === 0) {
        throw new AppError('invalid_input', `A ${input.role} must cover at least one organisation`, { fields: { organisationIds: 'Choose at least one' } });
      }
      try {
        const user = await insertUser(tx, { id, email: input.email, displayName: input.displayName, role: input.role, passwordHash, at: deps.clock.now().toISOString() }, organisationIds);
        return { ...user, organisationIds };
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', 'A user with that email address already exists', { fields: { email: 'Already in use' } });
        throw err;
      }
    },
    audit: (u) => ({ summary: { role: u.role, organisations: u.organisationIds } }),
  });
}
