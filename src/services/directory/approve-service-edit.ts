import { AppError, conflict } from '../../domain/errors.ts';
import { applyServiceChanges, decideServiceEdit, findServiceEdit, findServiceRecord } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { changedFields, editWithContext, type EditWithContext } from './shared/directory-access.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A lead (or administrator) approves a held edit: it goes live and the listing moves to its next
 * version. If the listing changed since the edit was made (its version is past the edit's base),
 * the answer is conflict (`details.reason: "stale_edit"`) and nothing changes: the lead rejects it
 * and the owner sends it again from the listing as it is now.
 */
export async function approveServiceEdit(deps: ServiceDeps, actor: Actor, editId: string): Promise<EditWithContext> {
  return runUseCase(deps, actor, {
    permission: 'service:approve',
    action: 'service.edit_approved',
    entityType: 'service_edit',
    entityId: editId,
    work: async (tx, access) => {
      const edit = await findServiceEdit(tx, editId);
      if (edit === undefined) throw new AppError('not_found', 'No such edit');
      if (edit.status !== 'pending')
        throw new AppError('invalid_transition', 'This change has already been decided', { from: edit.status, command: 'approve' });
      const service = await findServiceRecord(tx, edit.serviceId);
      if (service === undefined) throw new AppError('not_found', 'No such service');
      if (service.archived) throw new AppError('invalid_transition', 'The listing was archived: restore it first', { from: 'archived', command: 'approve' });
      const at = deps.clock.now().toISOString();
      if (service.version !== edit.baseVersion || !(await applyServiceChanges(tx, service.id, edit.baseVersion, edit.changes, newId, at))) {
        throw conflict.because('stale_edit', 'The listing has changed since this edit was made. Reject it and ask the provider to make the change again.', {
          baseVersion: edit.baseVersion,
          currentVersion: service.version,
        });
      }
      if (!(await decideServiceEdit(tx, editId, { status: 'approved', by: access.userId, at, reason: null }))) {
        throw new AppError('invalid_transition', 'This change has already been decided', { from: 'decided', command: 'approve' });
      }
      const decided = await findServiceEdit(tx, editId);
      if (decided === undefined) throw new AppError('internal', 'Edit vanished');
      return editWithContext(tx, decided);
    },
    audit: (e) => ({ summary: { serviceId: e.edit.serviceId, fields: changedFields(e.edit.changes), version: e.serviceVersion } }),
  });
}
