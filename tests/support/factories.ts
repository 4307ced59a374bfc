import type { OrganisationKind, Role } from '../../src/domain/roles.ts';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { systemActor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { createOrganisation } from '../../src/services/organisations/create-organisation.ts';
import { createPerson } from '../../src/services/people/create-person.ts';
import { createUser } from '../../src/services/identity/create-user.ts';
import { newId } from '../../src/services/kernel/ids.ts';

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

/**
 * A referral (case) straight into the table, for tests of later pathway steps that should not
 * depend on the intake use cases. Status and link worker as given; a fresh reference each time.
 */
export async function makeReferral(
  deps: ServiceDeps,
  person: { id: string; practiceId: string },
  extra: {
    status?: string;
    linkWorkerId?: string | null;
    needs?: string[];
    referrerUserId?: string | null;
    source?: string;
    urgency?: string;
    safeguarding?: boolean;
  } = {},
) {
  const n = next();
  const at = deps.clock.now().toISOString();
  const id = newId();
  await deps.db
    .insertInto('referral')
    .values({
      id,
      reference: `LW-T${String(n).padStart(3, '0')}-TEST`.slice(0, 12),
      person_id: person.id,
      practice_id: person.practiceId,
      source: extra.source ?? 'gp',
      referrer_user_id: extra.referrerUserId ?? null,
      referrer_org_id: null,
      referrer_contact: null,
      needs: JSON.stringify(extra.needs ?? ['loneliness']),
      reason_text: null,
      urgency: extra.urgency ?? 'routine',
      consent_given: 1,
      consent_recorded_at: at,
      safeguarding: extra.safeguarding === true ? 1 : 0,
      risk_text: null,
      status: extra.status ?? 'referred',
      status_reason: null,
      link_worker_id: extra.linkWorkerId ?? null,
      allocated_at: extra.linkWorkerId == null ? null : at,
      first_contact_at: null,
      accepted_at: null,
      closed_at: null,
      contact_attempts: 0,
      sharing_choice: null,
      next_review_on: null,
      last_contact_at: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return { id };
}
