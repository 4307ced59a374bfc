import { AppError } from '../../domain/errors.ts';
import { findPersonInScope, type Person } from '../../db/repositories/people/persons.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** A person's record, if their practice is in the actor's scope; the read is audited. */
export async function getPerson(deps: ServiceDeps, actor: Actor, id: string): Promise<Person> {
  return runUseCase(deps, actor, {
    permission: 'person:read',
    action: 'person.viewed',
    entityType: 'person',
    entityId: id,
    personId: id,
    work: async (tx) => {
      const person = await findPersonInScope(tx, id, actor.kind === 'user' ? actor.userId : null);
      if (person === undefined) throw new AppError('not_found', 'No such person');
      return person;
    },
  });
}
