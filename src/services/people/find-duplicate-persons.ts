import { findDuplicates } from '../../domain/duplicates.ts';
import { AppError } from '../../domain/errors.ts';
import type { DuplicateCandidateView } from '../../domain/schemas/person-details.ts';
import { findPersonIdentity, listDuplicatePool } from '../../db/repositories/people/person-details.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { duplicateCandidateView } from '../intake/shared/referral-intake.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Possible duplicates of a person among the people the actor covers (same date of birth, close
 * name, same postcode; rules in domain/duplicates.ts), for a lead to review and merge. People
 * outside the actor's scope are never considered, so nothing about them is revealed. Audited.
 */
export async function findDuplicatePersons(deps: ServiceDeps, actor: Actor, personId: string): Promise<DuplicateCandidateView[]> {
  return runUseCase(deps, actor, {
    permission: 'person:read',
    action: 'person.duplicates_checked',
    entityType: 'person',
    entityId: personId,
    personId,
    work: async (tx, access) => {
      const scope = access.people;
      const person = await findPersonIdentity(tx, personId, scope);
      if (person === undefined) throw new AppError('not_found', 'No such person');
      if (person.mergedIntoId !== null) return [];
      const pool = (await listDuplicatePool(tx, [person.dateOfBirth], { scope })).filter((p) => p.id !== person.id);
      return findDuplicates(person, pool).map((m) => duplicateCandidateView(m.person, m.reasons));
    },
    audit: (candidates) => ({ summary: { count: candidates.length }, shownPersonIds: candidates.map((c) => c.personId) }),
  });
}
