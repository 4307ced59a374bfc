import { AppError } from '../../domain/errors.ts';
import { findPersonDetails, type PersonDetails } from '../../db/repositories/people/person-details.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** A person's full record and address history, if their practice is in the actor's scope. Audited. */
export async function getPersonDetails(deps: ServiceDeps, actor: Actor, id: string): Promise<PersonDetails> {
  return runUseCase(deps, actor, {
    permission: 'person:read',
    action: 'person.viewed',
    entityType: 'person',
    entityId: id,
    personId: id,
    work: async (tx, access) => {
      const person = await findPersonDetails(tx, id, access.people);
      if (person === undefined) throw new AppError('not_found', 'No such person');
      return person;
    },
    audit: () => ({ summary: { view: 'details' } }),
  });
}
