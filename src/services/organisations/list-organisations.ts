import { listOrganisations as listRows, type Organisation } from '../../db/repositories/organisations/organisations.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** The organisations the actor covers (all of them for deployment-wide roles). Not personal: not audited. */
export async function listOrganisations(deps: ServiceDeps, actor: Actor): Promise<Organisation[]> {
  return runUseCase(deps, actor, {
    permission: 'organisation:read',
    action: 'organisation.listed',
    entityType: 'organisation',
    auditSuccess: false,
    work: (tx, access) => listRows(tx, access.organisations),
  });
}
