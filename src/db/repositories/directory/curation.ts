import { sql, type Kysely, type Updateable } from 'kysely';
import { isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import {
  EDIT_STATUSES,
  NEEDS_SOURCES,
  PROBLEM_KINDS,
  PROBLEM_STATUSES,
  SERVICE_CAPACITIES,
  type EditStatus,
  type NeedsSource,
  type ProblemKind,
  type ProblemStatus,
  type ServiceCapacity,
  type ServiceChanges,
} from '../../../domain/schemas/directory.ts';
import type { DB, ServiceTable } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { nameOrder } from '../../name-order.ts';

// Directory curation: a listing in full, its owner's edits (live or held for approval), freshness
// and the problems link workers report. Every query is plain Kysely, the same on both databases.

export interface Classification {
  need: NeedCode;
  confidence: number;
  terms: string[];
}

/** A listing as the curation use cases need it (not a row: parsed, typed, booleans real). */
export interface ServiceRecord {
  id: string;
  version: number;
  organisationId: string;
  organisationName: string;
  organisationWebsite: string | null;
  name: string;
  description: string | null;
  url: string | null;
  email: string | null;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  feesDescription: string | null;
  applicationProcess: string | null;
  status: string;
  capacity: ServiceCapacity;
  waitingWeeks: number | null;
  takesReferrals: boolean;
  archived: boolean;
  lastVerifiedAt: string | null;
  lastVerifiedByName: string | null;
  assuredDate: string | null;
  missingFromSourceAt: string | null;
  source: string | null;
  externalId: string | null;
  needs: NeedCode[];
  needsSource: NeedsSource;
  classification: Classification[];
  createdAt: string;
  updatedAt: string;
}

/** The ORUK parts of a listing shown on its page (phones, places, times, costs, languages). */
export interface ServiceExtras {
  phones: { number: string; description: string | null }[];
  costs: { option: string | null; amount: number | null; currency: string | null; amountDescription: string | null }[];
  locations: { name: string | null; address: string | null; postcode: string | null; accessibility: string[] }[];
  schedules: { description: string | null; byday: string | null; opensAt: string | null; closesAt: string | null }[];
  languages: string[];
}

export interface DirectoryRow {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  description: string | null;
  needs: NeedCode[];
  capacity: ServiceCapacity;
  waitingWeeks: number | null;
  takesReferrals: boolean;
  status: string;
  archived: boolean;
  lastVerifiedAt: string | null;
  assuredDate: string | null;
  createdAt: string;
  missingFromSourceAt: string | null;
  openProblems: number;
  pendingEdit: boolean;
}

export interface ServiceEdit {
  id: string;
  serviceId: string;
  serviceName: string;
  organisationId: string;
  organisationName: string;
  status: EditStatus;
  baseVersion: number;
  changes: ServiceChanges;
  submittedById: string;
  submittedBy: string | null;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface ServiceProblem {
  id: string;
  serviceId: string;
  serviceName: string;
  organisationId: string;
  organisationName: string;
  kind: ProblemKind;
  note: string | null;
  status: ProblemStatus;
  reportedBy: string | null;
  reportedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

const parseNeeds = (text: string): NeedCode[] => {
  const v = parseJson(text);
  return Array.isArray(v) ? v.filter((x): x is NeedCode => typeof x === 'string' && isNeedCode(x)) : [];
};

/** The classifier's output, tolerant of anything malformed (skipped, never thrown). */
export function parseClassification(text: string): Classification[] {
  const v = parseJson(text);
  if (!Array.isArray(v)) return [];
  const out: Classification[] = [];
  for (const item of v) {
    if (item === null || typeof item !== 'object') continue;
    const { need, confidence, terms } = item as { need?: unknown; confidence?: unknown; terms?: unknown };
    if (typeof need !== 'string' || !isNeedCode(need)) continue;
    out.push({
      need,
      confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? confidence : 0,
      terms: Array.isArray(terms) ? terms.filter((t): t is string => typeof t === 'string') : [],
    });
  }
  return out;
}

const asCapacity = (v: string): ServiceCapacity => ((SERVICE_CAPACITIES as readonly string[]).includes(v) ? (v as ServiceCapacity) : 'open');
const asNeedsSource = (v: string): NeedsSource => ((NEEDS_SOURCES as readonly string[]).includes(v) ? (v as NeedsSource) : 'manual');
const asEditStatus = (v: string): EditStatus => ((EDIT_STATUSES as readonly string[]).includes(v) ? (v as EditStatus) : 'pending');
const asProblemKind = (v: string): ProblemKind => ((PROBLEM_KINDS as readonly string[]).includes(v) ? (v as ProblemKind) : 'other');
const asProblemStatus = (v: string): ProblemStatus => ((PROBLEM_STATUSES as readonly string[]).includes(v) ? (v as ProblemStatus) : 'open');

function parseChanges(text: string): ServiceChanges {
  const v = parseJson(text);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

// ---- one listing ----

function selectRecord(db: Kysely<DB>) {
  return db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .leftJoin('app_user as v', 'v.id', 's.last_verified_by')
    .select([
      's.id',
      's.version',
      's.organisation_id',
      'o.name as organisation_name',
      'o.website as organisation_website',
      's.name',
      's.description',
      's.url',
      's.email',
      's.eligibility_description',
      's.minimum_age',
      's.maximum_age',
      's.fees_description',
      's.application_process',
      's.status',
      's.capacity',
      's.waiting_weeks',
      's.takes_referrals',
      's.archived',
      's.last_verified_at',
      'v.display_name as verified_by_name',
      's.assured_date',
      's.missing_from_source_at',
      's.source',
      's.external_id',
      's.needs',
      's.needs_source',
      's.classification',
      's.created_at',
      's.updated_at',
    ]);
}
type RecordRow = Awaited<ReturnType<ReturnType<typeof selectRecord>['executeTakeFirstOrThrow']>>;

const toRecord = (r: RecordRow): ServiceRecord => ({
  id: r.id,
  version: Number(r.version),
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  organisationWebsite: r.organisation_website,
  name: r.name,
  description: r.description,
  url: r.url,
  email: r.email,
  eligibilityDescription: r.eligibility_description,
  minimumAge: r.minimum_age === null ? null : Number(r.minimum_age),
  maximumAge: r.maximum_age === null ? null : Number(r.maximum_age),
  feesDescription: r.fees_description,
  applicationProcess: r.application_process,
  status: r.status,
  capacity: asCapacity(r.capacity),
  waitingWeeks: r.waiting_weeks === null ? null : Number(r.waiting_weeks),
  takesReferrals: fromDbBool(r.takes_referrals),
  archived: fromDbBool(r.archived),
  lastVerifiedAt: r.last_verified_at,
  lastVerifiedByName: r.verified_by_name,
  assuredDate: r.assured_date,
  missingFromSourceAt: r.missing_from_source_at,
  source: r.source,
  externalId: r.external_id,
  needs: parseNeeds(r.needs),
  needsSource: asNeedsSource(r.needs_source),
  classification: parseClassification(r.classification),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A listing by id (archived ones included), or undefined. */
export async function findServiceRecord(db: Kysely<DB>, id: string): Promise<ServiceRecord | undefined> {
  const r = await selectRecord(db).where('s.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toRecord(r);
}

/** Phones, places (with address and accessibility), times, costs and languages of a listing. */
export async function findServiceExtras(db: Kysely<DB>, serviceId: string): Promise<ServiceExtras> {
  const phones = await db.selectFrom('phone').select(['number', 'description']).where('service_id', '=', serviceId).orderBy('id').execute();
  const costs = await db
    .selectFrom('cost_option')
    .select(['option', 'amount', 'currency', 'amount_description'])
    .where('service_id', '=', serviceId)
    .orderBy('id')
    .execute();
  const places = await db
    .selectFrom('service_at_location as sal')
    .innerJoin('location as l', 'l.id', 'sal.location_id')
    .select(['sal.id as sal_id', 'l.id as location_id', 'l.name'])
    .where('sal.service_id', '=', serviceId)
    .orderBy('sal.id')
    .execute();
  const locationIds = places.map((p) => p.location_id);
  const addresses =
    locationIds.length === 0
      ? []
      : await db
          .selectFrom('address')
          .select(['location_id', 'address_1', 'address_2', 'city', 'postal_code'])
          .where('location_id', 'in', locationIds)
          .orderBy('id')
          .execute();
  const access =
    locationIds.length === 0
      ? []
      : await db.selectFrom('accessibility').select(['location_id', 'description']).where('location_id', 'in', locationIds).orderBy('id').execute();
  const salIds = places.map((p) => p.sal_id);
  const schedules = await db
    .selectFrom('schedule')
    .select(['description', 'byday', 'opens_at', 'closes_at'])
    .where((eb) =>
      salIds.length === 0 ? eb('service_id', '=', serviceId) : eb.or([eb('service_id', '=', serviceId), eb('service_at_location_id', 'in', salIds)]),
    )
    .orderBy('id')
    .execute();
  const languages = await db.selectFrom('language').select(['name', 'code']).where('service_id', '=', serviceId).orderBy('id').execute();
  return {
    phones: phones.map((p) => ({ number: p.number, description: p.description })),
    costs: costs.map((c) => ({
      option: c.option,
      amount: c.amount === null ? null : Number(c.amount),
      currency: c.currency,
      amountDescription: c.amount_description,
    })),
    locations: places.map((p) => {
      const a = addresses.find((x) => x.location_id === p.location_id);
      return {
        name: p.name,
        address: a === undefined ? null : [a.address_1, a.address_2, a.city].filter((x) => x !== null && x !== '').join(', '),
        postcode: a?.postal_code ?? null,
        accessibility: access.filter((x) => x.location_id === p.location_id && x.description !== null).map((x) => x.description as string),
      };
    }),
    schedules: schedules.map((s) => ({ description: s.description, byday: s.byday, opensAt: s.opens_at, closesAt: s.closes_at })),
    languages: languages.map((l) => l.name ?? l.code ?? '').filter((l) => l !== ''),
  };
}

/** How many problems are open on a listing. */
export async function countOpenProblems(db: Kysely<DB>, serviceId: string): Promise<number> {
  const r = await db
    .selectFrom('service_problem')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- changing a listing ----

/** The columns an edit writes (phone lives in its own table and is written by replacePhone). */
function changeColumns(c: ServiceChanges): Updateable<ServiceTable> {
  const u: Updateable<ServiceTable> = {};
  if (c.name !== undefined) u.name = c.name;
  if (c.description !== undefined) u.description = c.description;
  if (c.eligibilityDescription !== undefined) u.eligibility_description = c.eligibilityDescription;
  if (c.minimumAge !== undefined) u.minimum_age = c.minimumAge;
  if (c.maximumAge !== undefined) u.maximum_age = c.maximumAge;
  if (c.feesDescription !== undefined) u.fees_description = c.feesDescription;
  if (c.capacity !== undefined) u.capacity = c.capacity;
  if (c.waitingWeeks !== undefined) u.waiting_weeks = c.waitingWeeks;
  if (c.takesReferrals !== undefined) u.takes_referrals = toDbBool(c.takesReferrals);
  if (c.needs !== undefined) {
    u.needs = JSON.stringify([...new Set(c.needs)]);
    // A person decided: a later import never overwrites a corrected classification.
    u.needs_source = 'corrected';
  }
  if (c.email !== undefined) u.email = c.email;
  if (c.url !== undefined) u.url = c.url;
  return u;
}

/**
 * Applies changes if the listing is still at `expectedVersion`, and moves it to the next version.
 * False when someone changed it meanwhile (nothing written).
 */
export async function applyServiceChanges(
  db: Kysely<DB>,
  id: string,
  expectedVersion: number,
  changes: ServiceChanges,
  newId: () => string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('service')
    .set({ ...changeColumns(changes), updated_at: at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (changes.phone !== undefined) await replacePhone(db, id, changes.phone, newId);
  return true;
}

/** The listing's main phone: the first number is replaced, added, or (null) all are removed. */
async function replacePhone(db: Kysely<DB>, serviceId: string, number: string | null, newId: () => string): Promise<void> {
  if (number === null) {
    await db.deleteFrom('phone').where('service_id', '=', serviceId).execute();
    return;
  }
  const first = await db.selectFrom('phone').select('id').where('service_id', '=', serviceId).orderBy('id').executeTakeFirst();
  if (first === undefined)
    await db
      .insertInto('phone')
      .values({
        id: newId(),
        service_id: serviceId,
        number,
        organisation_id: null,
        location_id: null,
        contact_id: null,
        extension: null,
        type: 'voice',
        description: null,
      })
      .execute();
  else await db.updateTable('phone').set({ number }).where('id', '=', first.id).execute();
}

/** The listing's main phone number now, or null. */
export async function findMainPhone(db: Kysely<DB>, serviceId: string): Promise<string | null> {
  const r = await db.selectFrom('phone').select('number').where('service_id', '=', serviceId).orderBy('id').executeTakeFirst();
  return r?.number ?? null;
}

/** Sets freshness and archive state (no content change); version rises when asked, so open edit forms notice. */
export async function setServiceState(
  db: Kysely<DB>,
  id: string,
  set: { archived?: boolean; lastVerifiedAt?: string; lastVerifiedBy?: string | null },
  at: string,
  bumpVersion: boolean,
): Promise<void> {
  const u: Updateable<ServiceTable> = { updated_at: at };
  if (set.archived !== undefined) u.archived = toDbBool(set.archived);
  if (set.lastVerifiedAt !== undefined) u.last_verified_at = set.lastVerifiedAt;
  if (set.lastVerifiedBy !== undefined) u.last_verified_by = set.lastVerifiedBy;
  let q = db.updateTable('service').set(u).where('id', '=', id);
  if (bumpVersion) q = q.set((eb) => ({ version: eb('version', '+', 1) }));
  await q.execute();
}

// ---- the directory list ----

export interface DirectoryFilter {
  q?: string | undefined;
  need?: NeedCode | undefined;
  capacity?: ServiceCapacity | undefined;
  /** Only stale (true) or only fresh (false) listings, by last known good before `staleBefore`. */
  stale?: { only: boolean; staleBefore: string } | undefined;
  /** Only services of organisations directly in this user's scope (a provider's own). */
  ownedBy?: string | undefined;
  archived: boolean;
  limit: number;
  offset: number;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Listings matching the filter, by name, a page at a time, with the total. */
export async function listDirectory(db: Kysely<DB>, f: DirectoryFilter): Promise<{ rows: DirectoryRow[]; total: number }> {
  let q = db.selectFrom('service as s').innerJoin('organisation as o', 'o.id', 's.organisation_id').where('s.archived', '=', toDbBool(f.archived));
  if (f.q !== undefined && f.q !== '') {
    // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
    for (const word of f.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
      const pattern = `%${escapeLike(word)}%`;
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('s.name')}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(${sql.ref('s.description')}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(${sql.ref('o.name')}) like ${pattern} escape '\\'`,
        ]),
      );
    }
  }
  if (f.need !== undefined) {
    const pattern = `%"${escapeLike(f.need)}"%`;
    q = q.where(sql<boolean>`${sql.ref('s.needs')} like ${pattern} escape '\\'`);
  }
  if (f.capacity !== undefined) q = q.where('s.capacity', '=', f.capacity);
  if (f.stale !== undefined) {
    const known = sql<string>`coalesce(${sql.ref('s.last_verified_at')}, ${sql.ref('s.assured_date')}, ${sql.ref('s.created_at')})`;
    q = q.where(known, f.stale.only ? '<' : '>=', f.stale.staleBefore);
  }
  if (f.ownedBy !== undefined) q = q.where('s.organisation_id', 'in', db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', f.ownedBy));

  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select([
      's.id',
      's.name',
      's.organisation_id',
      'o.name as organisation_name',
      's.description',
      's.needs',
      's.capacity',
      's.waiting_weeks',
      's.takes_referrals',
      's.status',
      's.archived',
      's.last_verified_at',
      's.assured_date',
      's.created_at',
      's.missing_from_source_at',
    ])
    .orderBy(nameOrder('s.name'))
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const problems =
    ids.length === 0
      ? []
      : await db
          .selectFrom('service_problem')
          .select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('service_id', 'in', ids)
          .where('status', '=', 'open')
          .groupBy('service_id')
          .execute();
  const pending =
    ids.length === 0
      ? []
      : await db.selectFrom('service_edit').select('service_id').distinct().where('service_id', 'in', ids).where('status', '=', 'pending').execute();
  const problemCount = new Map(problems.map((p) => [p.service_id, Number(p.n)]));
  const pendingIds = new Set(pending.map((p) => p.service_id));
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      description: r.description,
      needs: parseNeeds(r.needs),
      capacity: asCapacity(r.capacity),
      waitingWeeks: r.waiting_weeks === null ? null : Number(r.waiting_weeks),
      takesReferrals: fromDbBool(r.takes_referrals),
      status: r.status,
      archived: fromDbBool(r.archived),
      lastVerifiedAt: r.last_verified_at,
      assuredDate: r.assured_date,
      createdAt: r.created_at,
      missingFromSourceAt: r.missing_from_source_at,
      openProblems: problemCount.get(r.id) ?? 0,
      pendingEdit: pendingIds.has(r.id),
    })),
  };
}

// ---- held edits ----

function selectEdits(db: Kysely<DB>) {
  return db
    .selectFrom('service_edit as e')
    .innerJoin('service as s', 's.id', 'e.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .leftJoin('app_user as sub', 'sub.id', 'e.submitted_by')
    .leftJoin('app_user as dec', 'dec.id', 'e.decided_by')
    .select([
      'e.id',
      'e.service_id',
      's.name as service_name',
      's.organisation_id',
      'o.name as organisation_name',
      'e.status',
      'e.base_version',
      'e.changes',
      'e.submitted_by',
      'sub.display_name as submitted_by_name',
      'e.submitted_at',
      'dec.display_name as decided_by_name',
      'e.decided_at',
      'e.decision_reason',
    ]);
}
type EditRow = Awaited<ReturnType<ReturnType<typeof selectEdits>['executeTakeFirstOrThrow']>>;

const toEdit = (r: EditRow): ServiceEdit => ({
  id: r.id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  status: asEditStatus(r.status),
  baseVersion: Number(r.base_version),
  changes: parseChanges(r.changes),
  submittedById: r.submitted_by,
  submittedBy: r.submitted_by_name,
  submittedAt: r.submitted_at,
  decidedBy: r.decided_by_name,
  decidedAt: r.decided_at,
  decisionReason: r.decision_reason,
});

export async function insertServiceEdit(
  db: Kysely<DB>,
  e: { id: string; serviceId: string; baseVersion: number; changes: ServiceChanges; submittedBy: string; submittedAt: string },
): Promise<void> {
  await db
    .insertInto('service_edit')
    .values({
      id: e.id,
      service_id: e.serviceId,
      base_version: e.baseVersion,
      changes: JSON.stringify(e.changes),
      status: 'pending',
      submitted_by: e.submittedBy,
      submitted_at: e.submittedAt,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
    })
    .execute();
}

export async function findServiceEdit(db: Kysely<DB>, id: string): Promise<ServiceEdit | undefined> {
  const r = await selectEdits(db).where('e.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toEdit(r);
}

/** The listing's edit waiting for a decision, if any (at most one: a newer one supersedes). */
export async function findPendingEdit(db: Kysely<DB>, serviceId: string): Promise<ServiceEdit | undefined> {
  const r = await selectEdits(db)
    .where('e.service_id', '=', serviceId)
    .where('e.status', '=', 'pending')
    .orderBy('e.submitted_at', 'desc')
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
  return r === undefined ? undefined : toEdit(r);
}

/** The listing's most recently decided edit (approved or rejected), if any. */
export async function findLastDecidedEdit(db: Kysely<DB>, serviceId: string): Promise<ServiceEdit | undefined> {
  const r = await selectEdits(db)
    .where('e.service_id', '=', serviceId)
    .where('e.status', 'in', ['approved', 'rejected'])
    .orderBy('e.decided_at', 'desc')
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
  return r === undefined ? undefined : toEdit(r);
}

/** Edits by state, oldest pending first (a queue), or newest decided first. */
export async function listServiceEdits(db: Kysely<DB>, state: 'pending' | 'decided' | 'all', limit: number): Promise<ServiceEdit[]> {
  let q = selectEdits(db);
  if (state === 'pending') q = q.where('e.status', '=', 'pending').orderBy('e.submitted_at').orderBy('e.id');
  else {
    if (state === 'decided') q = q.where('e.status', '!=', 'pending');
    q = q.orderBy('e.submitted_at', 'desc').orderBy('e.id', 'desc');
  }
  return (await q.limit(limit).execute()).map(toEdit);
}

/** Moves a pending edit to its decision; false when it was no longer pending (someone decided first). */
export async function decideServiceEdit(
  db: Kysely<DB>,
  id: string,
  d: { status: Exclude<EditStatus, 'pending'>; by: string | null; at: string; reason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('service_edit')
    .set({ status: d.status, decided_by: d.by, decided_at: d.at, decision_reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- reported problems ----

function selectProblems(db: Kysely<DB>) {
  return db
    .selectFrom('service_problem as p')
    .innerJoin('service as s', 's.id', 'p.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .leftJoin('app_user as rep', 'rep.id', 'p.reported_by')
    .leftJoin('app_user as res', 'res.id', 'p.resolved_by')
    .select([
      'p.id',
      'p.service_id',
      's.name as service_name',
      's.organisation_id',
      'o.name as organisation_name',
      'p.kind',
      'p.note',
      'p.status',
      'rep.display_name as reported_by_name',
      'p.reported_at',
      'res.display_name as resolved_by_name',
      'p.resolved_at',
    ]);
}
type ProblemRow = Awaited<ReturnType<ReturnType<typeof selectProblems>['executeTakeFirstOrThrow']>>;

const toProblem = (r: ProblemRow): ServiceProblem => ({
  id: r.id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  kind: asProblemKind(r.kind),
  note: r.note,
  status: asProblemStatus(r.status),
  reportedBy: r.reported_by_name,
  reportedAt: r.reported_at,
  resolvedBy: r.resolved_by_name,
  resolvedAt: r.resolved_at,
});

export async function insertServiceProblem(
  db: Kysely<DB>,
  p: { id: string; serviceId: string; kind: ProblemKind; note: string | null; reportedBy: string; reportedAt: string },
): Promise<void> {
  await db
    .insertInto('service_problem')
    .values({
      id: p.id,
      service_id: p.serviceId,
      kind: p.kind,
      note: p.note,
      status: 'open',
      reported_by: p.reportedBy,
      reported_at: p.reportedAt,
      resolved_by: null,
      resolved_at: null,
    })
    .execute();
}

export async function findServiceProblem(db: Kysely<DB>, id: string): Promise<ServiceProblem | undefined> {
  const r = await selectProblems(db).where('p.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toProblem(r);
}

/** Problems by state (open ones oldest first), of one listing or of a provider's own organisations. */
export async function listServiceProblems(
  db: Kysely<DB>,
  f: { status: 'open' | 'resolved' | 'all'; serviceId?: string | undefined; ownedBy?: string | undefined; limit: number },
): Promise<ServiceProblem[]> {
  let q = selectProblems(db);
  if (f.status !== 'all') q = q.where('p.status', '=', f.status);
  if (f.serviceId !== undefined) q = q.where('p.service_id', '=', f.serviceId);
  if (f.ownedBy !== undefined) q = q.where('s.organisation_id', 'in', db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', f.ownedBy));
  q = f.status === 'open' ? q.orderBy('p.reported_at').orderBy('p.id') : q.orderBy('p.reported_at', 'desc').orderBy('p.id', 'desc');
  return (await q.limit(f.limit).execute()).map(toProblem);
}

/** Marks an open problem resolved; false when it was not open (resolved already). */
export async function resolveServiceProblem(db: Kysely<DB>, id: string, by: string | null, at: string): Promise<boolean> {
  const r = await db
    .updateTable('service_problem')
    .set({ status: 'resolved', resolved_by: by, resolved_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
