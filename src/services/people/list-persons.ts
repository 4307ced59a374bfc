import { listPersonsInScope, type Person } from '../../db/repositories/people/persons.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** People at the actor's practices (scoped in SQL); the listing is audited with its count. */
export async function listPersons(deps: ServiceDeps, actor: Actor, limit: number): Promise<Person[]> {
  return runUseCase(deps, actor, {
    permission: 'person:read',
    action: 'person.listed',
    entityType: 'person',
    work: (tx) => listPersonsInScope(tx, actor.kind === 'user' ? actor.userId : null, limit),
    audit: (people) => ({ summary: { count: people.length }, shownPersonIds: people.map((p) => p.id) }),
  });
}
