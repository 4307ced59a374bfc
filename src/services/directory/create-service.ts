import { AppError } from '../../domain/errors.ts';
import type { CreateServiceInput } from '../../domain/schemas/community.ts';
import { findService, insertService, isInDirectScope, type Service } from '../../db/repositories/community/community-referrals.ts';
import { findOrganisation } from '../../db/repositories/organisations/organisations.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Adds a listing to the directory by hand (imports add the rest): providers for their own VCSE
 * organisation; leads, administrators and the operator for any VCSE organisation.
 */
export async function createService(deps: ServiceDeps, actor: Actor, input: CreateServiceInput): Promise<Service> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'service:manage',
    action: 'service.created',
    entityType: 'service',
    entityId: id,
    work: async (tx) => {
      const org = await findOrganisation(tx, input.organisationId);
      const ownOnly = actor.kind === 'user' && actor.role === 'provider';
      const allowed = org?.kind === 'vcse' && (!ownOnly || (await isInDirectScope(tx, actor.userId, org.id)));
      if (!allowed) {
        const message = ownOnly ? 'Choose your own organisation' : 'Choose a voluntary or community (VCSE) organisation';
        throw new AppError('invalid_input', message, { fields: { organisationId: message } });
      }
      await insertService(
        tx,
        {
          id,
          organisationId: org.id,
          name: input.name,
          description: input.description ?? null,
          needs: [...new Set(input.needs)],
          takesReferrals: input.takesReferrals,
        },
        deps.clock.now().toISOString(),
      );
      const service = await findService(tx, id);
      if (service === undefined) throw new AppError('internal', 'Service vanished after insert');
      return service;
    },
    audit: (s) => ({ summary: { organisationId: s.organisationId, needs: s.needs, takesReferrals: s.takesReferrals } }),
  });
}
