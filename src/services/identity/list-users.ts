import type { Role } from '../../domain/roles.ts';
import { listScopeIds, listUsers as listUserRows, type User } from '../../db/repositories/identity/users.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Lists the users the actor may see (admins: all; leads: those in their PCNs). */
export async function listUsers(
  deps: ServiceDeps,
  actor: Actor,
  filter: { role?: Role | undefined; includeDisabled: boolean },
): Promise<(User & { organisationIds: string[] })[]> {
  return runUseCase(deps, actor, {
    permission: 'user:read',
    action: 'user.listed',
    entityType: 'user',
    work: async (tx, access) => {
      const users = await listUserRows(tx, access.organisations, filter);
      const scopes = await listScopeIds(
        tx,
        users.map((u) => u.id),
      );
      return users.map((u) => ({ ...u, organisationIds: scopes.get(u.id) ?? [] }));
    },
    audit: (users) => ({ summary: { count: users.length, ...(filter.role === undefined ? {} : { role: filter.role }) } }),
  });
}
