import { AppError } from '../../domain/errors.ts';
import { revokeUserSessions } from '../../db/repositories/identity/sessions.ts';
import { findUser, listScopeIds, updateUser, type User } from '../../db/repositories/identity/users.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Disables (revoking every live session at once) or re-enables an account. One use case for both
 * directions because they are the same change to the same field; the audit action tells them apart.
 */
export async function setUserDisabled(deps: ServiceDeps, actor: Actor, id: string, disabled: boolean): Promise<User & { organisationIds: string[] }> {
  return runUseCase(deps, actor, {
    permission: 'user:manage',
    action: disabled ? 'user.disabled' : 'user.enabled',
    entityType: 'user',
    entityId: id,
    work: async (tx) => {
      if (disabled && actor.kind === 'user' && actor.userId === id) {
        throw new AppError('invalid_input', 'You cannot disable your own account');
      }
      const existing = await findUser(tx, id);
      if (existing === undefined) throw new AppError('not_found', 'No such user');
      const at = deps.clock.now().toISOString();
      const user = await updateUser(tx, id, { disabled }, at);
      const revoked = disabled ? await revokeUserSessions(tx, id, at) : 0;
      if (user === undefined) throw new AppError('not_found', 'No such user');
      const organisationIds = (await listScopeIds(tx, [id])).get(id) ?? [];
      return { user: { ...user, organisationIds }, revoked };
    },
    audit: ({ revoked }) => ({ summary: { sessionsRevoked: revoked } }),
  }).then((r) => r.user);
}
