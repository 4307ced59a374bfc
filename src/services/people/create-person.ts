import { AppError, conflict } from '../../domain/errors.ts';
import type { CreatePersonInput } from '../../domain/schemas/person.ts';
import { findOrganisation, findOrganisationInScope } from '../../db/repositories/organisations/organisations.ts';
import { findPersonInScope, insertPerson, type Person } from '../../db/repositories/people/persons.ts';
import { isUniqueViolation } from '../../db/values.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Registers a person at one of the actor's practices. A repeated NHS number is a conflict. */
export async function createPerson(deps: ServiceDeps, actor: Actor, input: CreatePersonInput): Promise<Person> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'person:create',
    action: 'person.created',
    entityType: 'person',
    entityId: id,
    personId: id,
    work: async (tx) => {
      const practice =
        actor.kind === 'system' ? await findOrganisation(tx, input.practiceId) : await findOrganisationInScope(tx, input.practiceId, actor.userId);
      if (practice?.kind !== 'practice') {
        throw new AppError('invalid_input', 'Choose one of the GP practices you cover', { fields: { practiceId: 'Choose one of the GP practices you cover' } });
      }
      try {
        await insertPerson(
          tx,
          {
            id,
            nhsNumber: input.nhsNumber ?? null,
            givenName: input.givenName,
            familyName: input.familyName,
            dateOfBirth: input.dateOfBirth,
            postcode: input.postcode ?? null,
            practiceId: input.practiceId,
          },
          deps.clock.now().toISOString(),
        );
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict.because('nhs_number_taken', 'A person with that NHS number is already registered', {
            fields: { nhsNumber: 'A person with that NHS number is already registered' },
          });
        throw err;
      }
      const person = await findPersonInScope(tx, id, null);
      if (person === undefined) throw new AppError('internal', 'Person vanished after insert');
      return person;
    },
    audit: (p) => ({ summary: { practiceId: p.practiceId, hasNhsNumber: p.nhsNumber !== null, hasPostcode: p.postcode !== null } }),
  });
}
