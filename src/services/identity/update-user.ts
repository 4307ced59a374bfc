import { AppError } from '../../domain/errors.ts';
import { hoursProblem, hoursToMinutes, type UpdateUserInput } from '../../domain/schemas/users.ts';
import { findUser, listScopeIds, updateUser as writeUser, type User } from '../../db/repositories/identity/users.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * An administrator changes an account's details: for now a link worker's or lead's contracted
 * hours a week (the workload report's FTE). The audit event keeps the minutes before and after.
 */
export async function updateUser(deps: ServiceDeps, actor: Actor, id: string, input: UpdateUserInput): Promise<User & { organisationIds: string[] }> {
  return runUseCase(deps, actor, {
    permission: 'user:manage',
    action: 'user.updated',
    entityType: 'user',
    entityId: id,
    work: async (tx) => {
      const existing = await findUser(tx, id);
      if (existing === undefined) throw new AppError('not_found', 'No such user');
      const problem = hoursProblem(existing.role, input.contractedHours);
      if (problem !== null) throw new AppError('invalid_input', problem, { fields: { contractedHours: problem } });
      const user = await writeUser(tx, id, { contractedMinutes: hoursToMinutes(input.contractedHours) }, deps.clock.now().toISOString());
      if (user === undefined) throw new AppError('not_found', 'No such user');
      const organisationIds = (await listScopeIds(tx, [id])).get(id) ?? [];
      return { user: { ...user, organisationIds }, before: existing.contractedMinutes };
    },
    audit: ({ user, before }) => ({ summary: { contractedMinutesBefore: before, contractedMinutes: user.contractedMinutes } }),
  }).then((r) => r.user);
}
