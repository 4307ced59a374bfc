import { AppError } from '../../domain/errors.ts';
import { findOrganisation, findOrganisationInScope, type Organisation } from '../../db/repositories/organisations/organisations.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** One organisation in the actor's scope; not_found (audited as a denial) otherwise. */
export async function getOrganisation(deps: ServiceDeps, actor: Actor, id: string): Promise<Organisation> {
  return runUseCase(deps, actor, {
    permission: 'organisation:read',
    action: 'organisation.viewed',
    entityType: 'organisation',
    entityId: id,
    auditSuccess: false,
    work: async (tx, access) => {
      const v = access.organisations;
      const org = 'all' in v ? await findOrganisation(tx, id) : await findOrganisationInScope(tx, id, v.userId);
      if (org === undefined) throw new AppError('not_found', 'No such organisation');
      return org;
    },
  });
}
