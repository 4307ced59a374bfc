import { AppError, conflict } from '../../../domain/errors.ts';
import { ALWAYS_LIVE_FIELDS, type ServiceChanges, type UpdateServiceInput } from '../../../domain/schemas/directory.ts';
import { applyServiceChanges, decideServiceEdit, findPendingEdit, findServiceEdit, insertServiceEdit } from '../../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps, Tx } from '../../kernel/context.ts';
import {
  changedFields,
  editsHeldFor,
  editWithContext,
  getManageableService,
  loadServiceDetail,
  type EditWithContext,
  type ServiceDetail,
} from './directory-access.ts';
import { newId } from '../../kernel/ids.ts';
import type { Access } from '../../kernel/access.ts';
import { runUseCase } from '../../kernel/use-case.ts';

export interface UpdateServiceResult {
  /** applied: live now; pending: held for a lead (capacity and waiting time applied anyway). */
  outcome: 'applied' | 'pending';
  service: ServiceDetail;
  edit: EditWithContext | null;
}

/** Splits a change into what always goes live (capacity, waiting time) and the rest. */
export function splitChanges(input: ServiceChanges): { live: ServiceChanges; held: ServiceChanges } {
  const live: Record<string, unknown> = {};
  const held: Record<string, unknown> = {};
  for (const f of changedFields(input)) (ALWAYS_LIVE_FIELDS.includes(f) ? live : held)[f] = input[f];
  return { live: live, held: held };
}

export const staleVersion = (): AppError<'conflict'> =>
  conflict.staleVersion(undefined, 'Someone else changed this listing while you were editing. Reload it to see their changes, then make yours again.');

/**
 * The listing's owner (or a lead/administrator) changes it. Optimistic versioning: a stale
 * `expectedVersion` answers conflict and writes nothing. When LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL
 * is on, a provider's changes wait for a lead as one pending edit (a newer one supersedes it) —
 * except capacity and waiting time, which always go live because they must be kept current.
 * Changing needs marks them 'corrected', so a re-import never overwrites them. Shared by the
 * update and the needs-correction use cases (a held correction is a held edit like any other).
 */
export async function applyServiceUpdate(deps: ServiceDeps, actor: Actor, serviceId: string, input: UpdateServiceInput): Promise<UpdateServiceResult> {
  const { expectedVersion, ...changes } = input;
  const { live, held } = splitChanges(changes);
  const hold = editsHeldFor(deps, actor) && changedFields(held).length > 0;
  const editId = hold ? newId() : null;
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: hold ? 'service.edit_submitted' : 'service.updated',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx, access) => {
      const service = await getManageableService(tx, actor, serviceId);
      if (service.archived) throw new AppError('invalid_transition', 'Restore this listing before changing it', { from: 'archived', command: 'update' });
      if (service.version !== expectedVersion) throw staleVersion();
      const at = deps.clock.now().toISOString();
      const applyNow = hold ? live : { ...live, ...held };
      let version = service.version;
      if (changedFields(applyNow).length > 0) {
        if (!(await applyServiceChanges(tx, serviceId, version, applyNow, newId, at))) throw staleVersion();
        version += 1;
      }
      let edit: EditWithContext | null = null;
      if (editId !== null) edit = await holdEdit(tx, access, serviceId, editId, version, held, at);
      return { outcome: hold ? ('pending' as const) : ('applied' as const), service: await loadServiceDetail(tx, deps, actor, serviceId), edit };
    },
    audit: (r) => ({
      summary: {
        fields: changedFields(changes),
        held: r.outcome === 'pending' ? changedFields(held) : [],
        ...(r.edit === null ? {} : { editId: r.edit.edit.id }),
        version: r.service.record.version,
      },
    }),
  });
}

async function holdEdit(
  tx: Tx,
  access: Access,
  serviceId: string,
  editId: string,
  baseVersion: number,
  held: ServiceChanges,
  at: string,
): Promise<EditWithContext> {
  // One pending edit per listing: the newer one replaces what its author (or a colleague) sent before.
  const previous = await findPendingEdit(tx, serviceId);
  if (previous !== undefined) await decideServiceEdit(tx, previous.id, { status: 'superseded', by: access.userId, at, reason: null });
  await insertServiceEdit(tx, { id: editId, serviceId, baseVersion, changes: held, submittedBy: access.recordedBy, submittedAt: at });
  const edit = await findServiceEdit(tx, editId);
  if (edit === undefined) throw new AppError('internal', 'Edit vanished after insert');
  return editWithContext(tx, edit);
}
