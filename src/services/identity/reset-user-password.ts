import { AppError } from '../../domain/errors.ts';
import { revokeUserSessions } from '../../db/repositories/identity/sessions.ts';
import { clearThrottle } from '../../db/repositories/identity/sign-in-throttle.ts';
import { throttleKeyFor } from './shared/throttle-key.ts';
import { findUser, listScopeIds, updateUser, type User } from '../../db/repositories/identity/users.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { hashNewPassword } from './shared/passwords.ts';
import { requirePermission, runUseCase } from '../kernel/use-case.ts';

/** Sets a new password (it must meet the policy) and ends the user's live sessions. */
export async function resetUserPassword(deps: ServiceDeps, actor: Actor, id: string, password: string): Promise<User & { organisationIds: string[] }> {
  // Refuse before hashing (see create-user.ts).
  await requirePermission(deps, actor, { permission: 'user:manage', action: 'user.password_reset', entityType: 'user', entityId: id });
  const passwordHash = await hashNewPassword(password);
  return runUseCase(deps, actor, {
    permission: 'user:manage',
    action: 'user.password_reset',
    entityType: 'user',
    entityId: id,
    work: async (tx) => {
      if ((await findUser(tx, id)) === undefined) throw new AppError('not_found', 'No such user');
      const at = deps.clock.now().toISOString();
      const user = await updateUser(tx, id, { passwordHash }, at);
      if (user === undefined) throw new AppError('not_found', 'No such user');
      // An administrator's reset is also how a locked-out user gets back in.
      await clearThrottle(tx, throttleKeyFor(user.email));
      const organisationIds = (await listScopeIds(tx, [id])).get(id) ?? [];
      return { user: { ...user, organisationIds }, revoked: await revokeUserSessions(tx, id, at) };
    },
    audit: ({ revoked }) => ({ summary: { sessionsRevoked: revoked } }),
  }).then((r) => r.user);
}
