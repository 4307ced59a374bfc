import { AppError } from '../../domain/errors.ts';
import { findUserVisibleTo, listScopeIds, type User } from '../../db/repositories/identity/users.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** One user, if the actor may see them; otherwise not_found. */
export async function getUser(deps: ServiceDeps, actor: Actor, id: string): Promise<User & { organisationIds: string[] }> {
  return runUseCase(deps, actor, {
    permission: 'user:read',
    action: 'user.viewed',
    entityType: 'user',
    entityId: id,
    work: async (tx, access) => {
      const user = await findUserVisibleTo(tx, id, access.organisations);
      if (user === undefined) throw new AppError('not_found', 'No such user');
      const scopes = await listScopeIds(tx, [id]);
      return { ...user, organisationIds: scopes.get(id) ?? [] };
    },
  });
}
