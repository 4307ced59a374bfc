import type { OrganisationKind, Role } from '../../src/domain/roles.ts';
import type { Organisation } from '../../src/db/repositories/organisations.ts';
import { systemActor, type ServiceDeps } from '../../src/services/context.ts';
import { createOrganisation } from '../../src/services/create-organisation.ts';
import { createPerson } from '../../src/services/create-person.ts';
import { createUser } from '../../src/services/create-user.ts';

export const TEST_PASSWORD = 'a-long-test-passphrase-42';

let counter = 0;
const next = () => ++counter;

/** An organisation of the given kind (practices get a unique ODS code). */
export async function makeOrg(deps: ServiceDeps, kind: OrganisationKind, parent?: Organisation, extra: { listSize?: number } = {}): Promise<Organisation> {
  const n = next();
  return createOrganisation(deps, systemActor('test'), {
    kind,
    name: `Test ${kind} ${n}`,
    ...(kind === 'practice' || kind === 'pcn' || kind === 'icb' ? { odsCode: `T${String(n).padStart(5, '0')}${kind[0]?.toUpperCase() ?? ''}` } : {}),
    ...(parent === undefined ? {} : { parentId: parent.id }),
    ...extra,
  });
}

/** A small hierarchy: one ICB, two PCNs, two practices in each. */
export async function makeHierarchy(deps: ServiceDeps) {
  const icb = await makeOrg(deps, 'icb');
  const pcnA = await makeOrg(deps, 'pcn', icb);
  const pcnB = await makeOrg(deps, 'pcn', icb);
  const a1 = await makeOrg(deps, 'practice', pcnA, { listSize: 8000 });
  const a2 = await makeOrg(deps, 'practice', pcnA, { listSize: 9000 });
  const b1 = await makeOrg(deps, 'practice', pcnB, { listSize: 7000 });
  const b2 = await makeOrg(deps, 'practice', pcnB, { listSize: 6000 });
  const vcse = await makeOrg(deps, 'vcse');
  return { icb, pcnA, pcnB, a1, a2, b1, b2, vcse };
}

/** A user with a role covering the given organisations; signs in with TEST_PASSWORD. */
export async function makeUser(deps: ServiceDeps, role: Role, organisations: Organisation[] = []) {
  const n = next();
  return createUser(deps, systemActor('test'), {
    email: `${role}.${n}@test.linkwork.test`,
    displayName: `Test ${role} ${n}`,
    role,
    password: TEST_PASSWORD,
    organisationIds: organisations.map((o) => o.id),
  });
}

/** A person at a practice, with a synthetic 999-range NHS number when given. */
export async function makePerson(deps: ServiceDeps, practice: Organisation, extra: { nhsNumber?: string; postcode?: string } = {}) {
  const n = next();
  return createPerson(deps, systemActor('test'), {
    givenName: `Given${n}`,
    familyName: `Family${n}`,
    dateOfBirth: '1970-01-01',
    practiceId: practice.id,
    ...extra,
  });
}
