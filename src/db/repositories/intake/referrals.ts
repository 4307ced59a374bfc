import type { Kysely } from 'kysely';
import { OPEN_STATUSES, type CaseStatus } from '../../../domain/case-lifecycle.ts';
import { isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import type { OrganisationKind } from '../../../domain/roles.ts';
import type { ReferralSource, Urgency } from '../../../domain/schemas/referrals.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { visibleReferralIds, type ReferralViewer } from '../scope/referral-scope.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';
import { nameOrder } from '../../name-order.ts';

/** The referral facts intake and triage work with (not the case's later content). */
export interface ReferralRecord {
  id: string;
  reference: string;
  personId: string;
  practiceId: string;
  source: ReferralSource;
  referrerUserId: string | null;
  urgency: Urgency;
  safeguarding: boolean;
  status: CaseStatus;
  statusReason: string | null;
  linkWorkerId: string | null;
  allocatedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  version: number;
}

/** Need codes from the stored JSON; anything unknown (a retired code) is dropped from views. */
export function parseNeeds(text: string): NeedCode[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is NeedCode => typeof x === 'string' && isNeedCode(x)) : [];
  } catch {
    return [];
  }
}

function selectReferrals(db: Kysely<DB>) {
  return db
    .selectFrom('referral as r')
    .select([
      'r.id',
      'r.reference',
      'r.person_id',
      'r.practice_id',
      'r.source',
      'r.referrer_user_id',
      'r.urgency',
      'r.safeguarding',
      'r.status',
      'r.status_reason',
      'r.link_worker_id',
      'r.allocated_at',
      'r.closed_at',
      'r.created_at',
      'r.version',
    ]);
}
type ReferralRow = Awaited<ReturnType<ReturnType<typeof selectReferrals>['executeTakeFirstOrThrow']>>;

const toReferral = (r: ReferralRow): ReferralRecord => ({
  id: r.id,
  reference: r.reference,
  personId: r.person_id,
  practiceId: r.practice_id,
  source: r.source as ReferralSource,
  referrerUserId: r.referrer_user_id,
  urgency: r.urgency as Urgency,
  safeguarding: fromDbBool(r.safeguarding),
  status: r.status as CaseStatus,
  statusReason: r.status_reason,
  linkWorkerId: r.link_worker_id,
  allocatedAt: r.allocated_at,
  closedAt: r.closed_at,
  createdAt: r.created_at,
  version: Number(r.version),
});

export interface NewReferralRow {
  id: string;
  reference: string;
  personId: string;
  practiceId: string;
  source: ReferralSource;
  referrerUserId: string | null;
  referrerOrgId: string | null;
  referrerContact: string | null;
  needs: readonly NeedCode[];
  reasonText: string | null;
  urgency: Urgency;
  consentGiven: boolean;
  safeguarding: boolean;
  riskText: string | null;
  contactNotes: string | null;
}

/**
 * Inserts a new referral in status `referred`. Returns false, writing nothing, when the reference is
 * already taken (`ON CONFLICT DO NOTHING`: a failed statement would abort a PostgreSQL transaction,
 * so the caller draws a new reference and tries again instead of catching an error).
 */
export async function insertReferral(db: Kysely<DB>, r: NewReferralRow, at: string): Promise<boolean> {
  const row = await db
    .insertInto('referral')
    .values({
      id: r.id,
      reference: r.reference,
      person_id: r.personId,
      practice_id: r.practiceId,
      source: r.source,
      referrer_user_id: r.referrerUserId,
      referrer_org_id: r.referrerOrgId,
      referrer_contact: r.referrerContact,
      needs: JSON.stringify(r.needs),
      reason_text: r.reasonText,
      urgency: r.urgency,
      consent_given: toDbBool(r.consentGiven),
      consent_recorded_at: r.consentGiven ? at : null,
      safeguarding: toDbBool(r.safeguarding),
      risk_text: r.riskText,
      contact_notes: r.contactNotes,
      status: 'referred',
      status_reason: null,
      link_worker_id: null,
      allocated_at: null,
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
    .onConflict((oc) => oc.column('reference').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A referral the viewer may see at all (scoped in SQL), or undefined. */
export async function findVisibleReferral(db: Kysely<DB>, id: string, viewer: ReferralViewer): Promise<ReferralRecord | undefined> {
  const r = await selectReferrals(db).where('r.id', '=', id).where('r.id', 'in', visibleReferralIds(db, viewer)).executeTakeFirst();
  return r === undefined ? undefined : toReferral(r);
}

/**
 * Optimistic status change: applies only if the referral is still at `expected.version` and
 * `expected.status`. Returns whether it changed (false: someone else changed it first).
 */
export async function updateReferralIfVersion(
  db: Kysely<DB>,
  id: string,
  expected: { version: number; status: CaseStatus },
  changes: { status: CaseStatus; statusReason?: string | null; linkWorkerId?: string; allocatedAt?: string; closedAt?: string },
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('referral')
    .set((eb) => ({
      status: changes.status,
      ...(changes.statusReason === undefined ? {} : { status_reason: changes.statusReason }),
      ...(changes.linkWorkerId === undefined ? {} : { link_worker_id: changes.linkWorkerId }),
      ...(changes.allocatedAt === undefined ? {} : { allocated_at: changes.allocatedAt }),
      ...(changes.closedAt === undefined ? {} : { closed_at: changes.closedAt }),
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expected.version)
    .where('status', '=', expected.status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** One row of the triage board, before suggestions and checks are added. */
export interface TriageRow {
  id: string;
  reference: string;
  createdAt: string;
  source: ReferralSource;
  urgency: Urgency;
  safeguarding: boolean;
  needs: NeedCode[];
  reasonText: string | null;
  riskText: string | null;
  contactNotes: string | null;
  consentGiven: boolean;
  practiceId: string;
  practiceName: string;
  person: { id: string; givenName: string; familyName: string; dateOfBirth: string; postcode: string | null; nhsNumber: string | null };
  referrerName: string | null;
  referrerOrganisationName: string | null;
  referrerContact: string | null;
  version: number;
}

/** Referrals waiting for triage (status `referred`) that the viewer may see: urgent and safeguarding first, oldest first within each. */
export async function listTriageRows(db: Kysely<DB>, viewer: ReferralViewer, filter: { practiceId?: string | undefined; limit: number }): Promise<TriageRow[]> {
  let q = db
    .selectFrom('referral as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('organisation as o', 'o.id', 'r.practice_id')
    .leftJoin('app_user as u', 'u.id', 'r.referrer_user_id')
    .leftJoin('organisation as ro', 'ro.id', 'r.referrer_org_id')
    .select([
      'r.id',
      'r.reference',
      'r.created_at',
      'r.source',
      'r.urgency',
      'r.safeguarding',
      'r.needs',
      'r.reason_text',
      'r.risk_text',
      'r.contact_notes',
      'r.consent_given',
      'r.practice_id',
      'o.name as practice_name',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.postcode',
      'p.nhs_number',
      'u.display_name as referrer_name',
      'ro.name as referrer_org_name',
      'r.referrer_contact',
      'r.version',
    ])
    .where('r.status', '=', 'referred')
    .where('r.id', 'in', visibleReferralIds(db, viewer));
  if (filter.practiceId !== undefined) q = q.where('r.practice_id', '=', filter.practiceId);
  // Board order (domain/triage-order.ts, triageTier): urgent or safeguarding, then soon, then
  // routine; oldest first within each. In SQL, so the limit keeps the most pressing.
  const rows = await q
    .orderBy((eb) =>
      eb
        .case()
        .when(eb.or([eb('r.urgency', '=', 'urgent'), eb('r.safeguarding', '=', 1)]))
        .then(0)
        .when('r.urgency', '=', 'soon')
        .then(1)
        .else(2)
        .end(),
    )
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    createdAt: r.created_at,
    source: r.source as ReferralSource,
    urgency: r.urgency as Urgency,
    safeguarding: fromDbBool(r.safeguarding),
    needs: parseNeeds(r.needs),
    reasonText: r.reason_text,
    riskText: r.risk_text,
    contactNotes: r.contact_notes,
    consentGiven: fromDbBool(r.consent_given),
    practiceId: r.practice_id,
    practiceName: r.practice_name,
    person: {
      id: r.person_id,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      postcode: r.postcode,
      nhsNumber: r.nhs_number,
    },
    referrerName: r.referrer_name,
    referrerOrganisationName: r.referrer_org_name,
    referrerContact: r.referrer_contact,
    version: Number(r.version),
  }));
}

/** How many referrals wait for triage in the viewer's scope, and how many are urgent or safeguarding. */
export async function countTriage(
  db: Kysely<DB>,
  viewer: ReferralViewer,
  practiceId?: string,
): Promise<{ waiting: number; urgent: number; safeguarding: number }> {
  let q = db
    .selectFrom('referral as r')
    .select(['r.urgency', 'r.safeguarding', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.status', '=', 'referred')
    .where('r.id', 'in', visibleReferralIds(db, viewer));
  if (practiceId !== undefined) q = q.where('r.practice_id', '=', practiceId);
  const rows = await q.groupBy(['r.urgency', 'r.safeguarding']).execute();
  const out = { waiting: 0, urgent: 0, safeguarding: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    out.waiting += n;
    if (r.urgency === 'urgent') out.urgent += n;
    if (fromDbBool(r.safeguarding)) out.safeguarding += n;
  }
  return out;
}

/**
 * Enabled users of a role whose scope covers each practice: the practice itself, its PCN or its ICB
 * named in their scope (the same three levels as `orgIdsInScope`).
 */
export async function listUsersCovering(
  db: Kysely<DB>,
  practiceIds: readonly string[],
  role: 'link_worker' | 'lead',
): Promise<{ userId: string; displayName: string; practiceId: string }[]> {
  if (practiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_scope as us', 'us.user_id', 'u.id')
    .innerJoin('organisation as pr', (join) =>
      join.on((eb) =>
        eb.or([
          eb('pr.id', '=', eb.ref('us.organisation_id')),
          eb('pr.parent_id', '=', eb.ref('us.organisation_id')),
          eb('pr.parent_id', 'in', eb.selectFrom('organisation as mid').select('mid.id').whereRef('mid.parent_id', '=', 'us.organisation_id')),
        ]),
      ),
    )
    .select(['u.id', 'u.display_name', 'pr.id as practice_id'])
    .where('u.role', '=', role)
    .where('u.disabled', '=', 0)
    .where('pr.id', 'in', [...practiceIds])
    .distinct()
    .execute();
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, practiceId: r.practice_id }));
}

/** Enabled link workers covering each practice (who may be allocated its referrals). */
export function listLinkWorkersCovering(
  db: Kysely<DB>,
  practiceIds: readonly string[],
): Promise<{ userId: string; displayName: string; practiceId: string }[]> {
  return listUsersCovering(db, practiceIds, 'link_worker');
}

/** True when an enabled lead covers the practice, so a referral made there reaches a triage board. */
export async function practiceHasTriage(db: Kysely<DB>, practiceId: string): Promise<boolean> {
  return (await listUsersCovering(db, [practiceId], 'lead')).length > 0;
}

/** Open cases (OPEN_STATUSES) per link worker; those with none are absent from the map. */
export async function countOpenCaseloads(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('referral')
    .select(['link_worker_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('link_worker_id', 'in', [...new Set(userIds)])
    .where('status', 'in', [...OPEN_STATUSES])
    .groupBy('link_worker_id')
    .execute();
  for (const r of rows) if (r.link_worker_id !== null) map.set(r.link_worker_id, Number(r.n));
  return map;
}

/** The first organisation of the given kinds in a user's own scope (a partner's organisation). */
export async function findOwnOrganisation(
  db: Kysely<DB>,
  userId: string,
  kinds: readonly OrganisationKind[],
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('user_scope as us')
    .innerJoin('organisation as o', 'o.id', 'us.organisation_id')
    .select(['o.id', 'o.name'])
    .where('us.user_id', '=', userId)
    .where('o.kind', 'in', [...kinds])
    .orderBy('o.name')
    .executeTakeFirst();
}

/** The practices a user covers (for a referrer: their own practice or practices). */
export async function listPracticesInScope(db: Kysely<DB>, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'practice')
    .where('id', 'in', orgIdsInScope(db, userId))
    .orderBy(nameOrder('name'))
    .orderBy('name')
    .execute();
}

/**
 * The GP practices a social prescribing service runs at — those an enabled lead covers — for the
 * public self-referral form (name and id only). A practice nobody triages is left out, so nobody
 * can send a referral there that no one will ever see.
 */
export async function listPracticesWithTriage(db: Kysely<DB>): Promise<{ id: string; name: string }[]> {
  const all = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'practice')
    .orderBy(nameOrder('name'))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const covered = new Set(
    (
      await listUsersCovering(
        db,
        all.map((p) => p.id),
        'lead',
      )
    ).map((c) => c.practiceId),
  );
  return all.filter((p) => covered.has(p.id));
}

/** One of the referrer's own referrals, as their view needs it. */
export interface ReferrerViewRow {
  id: string;
  personId: string;
  reference: string;
  createdAt: string;
  source: ReferralSource;
  urgency: Urgency;
  needs: NeedCode[];
  person: { givenName: string; familyName: string; dateOfBirth: string };
  practiceId: string;
  practiceName: string;
  status: CaseStatus;
  statusReason: string | null;
  linkWorkerName: string | null;
  allocatedAt: string | null;
  closedAt: string | null;
}

function selectReferrerView(db: Kysely<DB>, viewer: ReferralViewer) {
  return db
    .selectFrom('referral as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('organisation as o', 'o.id', 'r.practice_id')
    .leftJoin('app_user as lw', 'lw.id', 'r.link_worker_id')
    .select([
      'r.id',
      'r.person_id',
      'r.reference',
      'r.created_at',
      'r.source',
      'r.urgency',
      'r.needs',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'r.practice_id',
      'o.name as practice_name',
      'r.status',
      'r.status_reason',
      'lw.display_name as link_worker_name',
      'r.allocated_at',
      'r.closed_at',
    ])
    .where('r.id', 'in', visibleReferralIds(db, viewer));
}
type ReferrerViewDbRow = Awaited<ReturnType<ReturnType<typeof selectReferrerView>['executeTakeFirstOrThrow']>>;

const toReferrerView = (r: ReferrerViewDbRow): ReferrerViewRow => ({
  id: r.id,
  personId: r.person_id,
  reference: r.reference,
  createdAt: r.created_at,
  source: r.source as ReferralSource,
  urgency: r.urgency as Urgency,
  needs: parseNeeds(r.needs),
  person: { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
  practiceId: r.practice_id,
  practiceName: r.practice_name,
  status: r.status as CaseStatus,
  statusReason: r.status_reason,
  linkWorkerName: r.link_worker_name,
  allocatedAt: r.allocated_at,
  closedAt: r.closed_at,
});

/** The referrals a referrer made (visibleReferralIds gives referrers exactly their own), newest first. */
export async function listReferrerView(db: Kysely<DB>, viewer: ReferralViewer, limit: number): Promise<ReferrerViewRow[]> {
  const rows = await selectReferrerView(db, viewer).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map(toReferrerView);
}

export async function findReferrerView(db: Kysely<DB>, id: string, viewer: ReferralViewer): Promise<ReferrerViewRow | undefined> {
  const r = await selectReferrerView(db, viewer).where('r.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toReferrerView(r);
}

/** The coded data of each referral's `referral_created` timeline event. */
export async function findCreationEventData(db: Kysely<DB>, referralIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const map = new Map<string, Record<string, unknown>>();
  if (referralIds.length === 0) return map;
  const rows = await db
    .selectFrom('case_event')
    .select(['referral_id', 'data'])
    .where('referral_id', 'in', [...referralIds])
    .where('kind', '=', 'referral_created')
    .execute();
  for (const r of rows) {
    try {
      const data: unknown = JSON.parse(r.data);
      if (data !== null && typeof data === 'object') map.set(r.referral_id, data as Record<string, unknown>);
    } catch {
      // an unreadable event carries no checks
    }
  }
  return map;
}

/** Moves every referral of one person to another (a merge); returns the ids moved. */
export async function moveReferralsToPerson(db: Kysely<DB>, fromPersonId: string, toPersonId: string, at: string): Promise<string[]> {
  const ids = (await db.selectFrom('referral').select('id').where('person_id', '=', fromPersonId).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await db
    .updateTable('referral')
    .set((eb) => ({ person_id: toPersonId, updated_at: at, version: eb('version', '+', 1) }))
    .where('person_id', '=', fromPersonId)
    .execute();
  return ids;
}
