import { AppError } from '../../domain/errors.ts';
import type { RejectEditInput } from '../../domain/schemas/directory.ts';
import { decideServiceEdit, findServiceEdit } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { changedFields, editWithContext, type EditWithContext } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** A lead (or administrator) turns down a held edit with a reason the owner sees; the listing stays as it is. */
export async function rejectServiceEdit(deps: ServiceDeps, actor: Actor, editId: string, input: RejectEditInput): Promise<EditWithContext> {
  return runUseCase(deps, actor, {
    permission: 'service:approve',
    action: 'service.edit_rejected',
    entityType: 'service_edit',
    entityId: editId,
    work: async (tx, access) => {
      const edit = await findServiceEdit(tx, editId);
      if (edit === undefined) throw new AppError('not_found', 'No such edit');
      const decided = await decideServiceEdit(tx, editId, {
        status: 'rejected',
        by: access.userId,
        at: deps.clock.now().toISOString(),
        reason: input.reason,
      });
      if (!decided) throw new AppError('invalid_transition', 'This change has already been decided', { from: edit.status, command: 'reject' });
      const fresh = await findServiceEdit(tx, editId);
      if (fresh === undefined) throw new AppError('internal', 'Edit vanished');
      return editWithContext(tx, fresh);
    },
    // The reason is free text: kept on the edit, never in the audit trail.
    audit: (e) => ({ summary: { serviceId: e.edit.serviceId, fields: changedFields(e.edit.changes) } }),
  });
}
