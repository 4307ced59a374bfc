import type { EditListQuery } from '../../domain/schemas/directory.ts';
import { listServiceEdits as listRows } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { editWithContext, type EditWithContext } from './shared/directory-access.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** The approval queue: held listing edits, oldest first, with the values they would replace. Not personal: only refusals are audited. */
export async function listServiceEdits(deps: ServiceDeps, actor: Actor, query: EditListQuery): Promise<EditWithContext[]> {
  return runUseCase(deps, actor, {
    permission: 'service:approve',
    action: 'service.edits_listed',
    entityType: 'service_edit',
    auditSuccess: false,
    work: async (tx) => {
      const out: EditWithContext[] = [];
      for (const e of await listRows(tx, query.status, 200)) out.push(await editWithContext(tx, e));
      return out;
    },
  });
}
