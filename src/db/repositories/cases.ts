import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { BarrierCode } from '../../domain/barriers.ts';
import type { CaseStatus, SharingChoice } from '../../domain/case-lifecycle.ts';
import { escapeLike, type CaseloadSearch } from '../../domain/caseload-search.ts';
import type { ContactType } from '../../domain/contacts.ts';
import type { NeedCode } from '../../domain/needs.ts';
import type { PlanGoal } from '../../domain/plan.ts';
import type { CaseloadSort } from '../../domain/schemas/cases.ts';
import { buildOutcomeWorklist, buildWorklist, type OutcomeFacts, type todayWindow } from '../../domain/worklist.ts';
import type { DB } from '../schema.ts';
import { fromDbBool, toDbBool } from '../values.ts';
import { visibleReferralIds, type ReferralViewer } from './referral-scope.ts';
import { orgIdsInScope } from './scope.ts';

// The case (a referral from allocation to discharge) and everything recorded on it. Every read that
// starts from a case id is scoped with visibleReferralIds, so a case outside scope is simply absent.

export interface UserRef {
  id: string;
  displayName: string | null;
}

export interface CaseRecord {
  id: string;
  reference: string;
  status: CaseStatus;
  statusReason: string | null;
  version: number;
  person: {
    id: string;
    nhsNumber: string | null;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    sex: string | null;
    postcode: string | null;
    lsoa: string | null;
    imdDecile: number | null;
    phone: string | null;
    email: string | null;
  };
  practice: { id: string; name: string; odsCode: string | null };
  source: string;
  urgency: string;
  needs: string[];
  reasonText: string | null;
  safeguarding: boolean;
  riskText: string | null;
  consentGiven: boolean;
  referrer: { userId: string | null; name: string | null; organisation: string | null; contact: string | null };
  createdAt: string;
  linkWorker: { id: string; displayName: string } | null;
  allocatedAt: string | null;
  firstContactAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  lastContactAt: string | null;
  nextReviewOn: string | null;
  contactAttempts: number;
  sharingChoice: SharingChoice | null;
}

const parseJsonArray = (text: string | null): unknown[] => {
  if (text === null || text === '') return [];
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v : [];
};

/**
 * Scope, as a correlated EXISTS over visibleReferralIds rather than `r.id IN (…)`: with
 * IN, SQLite drives the query from every referral at the viewer's practices (thousands) and only
 * then narrows to one link worker's; with EXISTS it starts from the link worker index and checks
 * scope per row. PostgreSQL plans both as the same semi-join. (Measured: caseload 300 ms → a few ms
 * on SQLite with 200,000 referrals.)
 */
function visibleTo(db: Kysely<DB>, viewer: ReferralViewer) {
  return (eb: ExpressionBuilder<DB & { r: DB['referral'] }, 'r'>) =>
    eb.exists(visibleReferralIds(db, viewer).where(sql<SqlBool>`${sql.ref('referral.id')} = ${sql.ref('r.id')}`));
}

function selectCase(db: Kysely<DB>) {
  return db
    .selectFrom('referral as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('organisation as o', 'o.id', 'r.practice_id')
    .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'g.lsoa')
    .leftJoin('app_user as lw', 'lw.id', 'r.link_worker_id')
    .leftJoin('app_user as ru', 'ru.id', 'r.referrer_user_id')
    .leftJoin('organisation as ro', 'ro.id', 'r.referrer_org_id')
    .select([
      'r.id', 'r.reference', 'r.status', 'r.status_reason', 'r.version', 'r.source', 'r.urgency', 'r.needs', 'r.reason_text',
      'r.safeguarding', 'r.risk_text', 'r.consent_given', 'r.referrer_user_id', 'r.referrer_contact', 'r.created_at',
      'r.link_worker_id', 'r.allocated_at', 'r.first_contact_at', 'r.accepted_at', 'r.closed_at', 'r.last_contact_at',
      'r.next_review_on', 'r.contact_attempts', 'r.sharing_choice',
      'p.id as person_id', 'p.nhs_number', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'p.sex', 'p.postcode', 'p.phone', 'p.email',
      'g.lsoa', 'l.imd_decile',
      'o.id as practice_id', 'o.name as practice_name', 'o.ods_code as practice_ods',
      'lw.display_name as lw_name', 'ru.display_name as referrer_name', 'ro.name as referrer_org_name',
    ]);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof selectCase>['executeTakeFirstOrThrow']>>;

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  reference: r.reference,
  status: r.status as CaseStatus,
  statusReason: r.status_reason,
  version: Number(r.version),
  person: {
    id: r.person_id,
    nhsNumber: r.nhs_number,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    postcode: r.postcode,
    lsoa: r.lsoa,
    imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
    phone: r.phone,
    email: r.email,
  },
  practice: { id: r.practice_id, name: r.practice_name, odsCode: r.practice_ods },
  source: r.source,
  urgency: r.urgency,
  needs: parseJsonArray(r.needs).filter((x): x is string => typeof x === 'string'),
  reasonText: r.reason_text,
  safeguarding: fromDbBool(r.safeguarding),
  riskText: r.risk_text,
  consentGiven: fromDbBool(r.consent_given),
  referrer: { userId: r.referrer_user_id, name: r.referrer_name, organisation: r.referrer_org_name, contact: r.referrer_contact },
  createdAt: r.created_at,
  linkWorker: r.link_worker_id === null ? null : { id: r.link_worker_id, displayName: r.lw_name ?? '' },
  allocatedAt: r.allocated_at,
  firstContactAt: r.first_contact_at,
  acceptedAt: r.accepted_at,
  closedAt: r.closed_at,
  lastContactAt: r.last_contact_at,
  nextReviewOn: r.next_review_on,
  contactAttempts: Number(r.contact_attempts),
  sharingChoice: r.sharing_choice === 'full' || r.sharing_choice === 'coded_only' ? r.sharing_choice : null,
});

/** A case the viewer may see, or undefined (absent, or outside their scope: the same to them). */
export async function findCaseInScope(db: Kysely<DB>, id: string, viewer: ReferralViewer): Promise<CaseRecord | undefined> {
  const r = await selectCase(db).where('r.id', '=', id).where(visibleTo(db, viewer)).executeTakeFirst();
  return r === undefined ? undefined : toCase(r);
}

/** The referral columns a case write may change. */
export interface CaseChanges {
  status?: CaseStatus;
  status_reason?: string | null;
  first_contact_at?: string | null;
  accepted_at?: string | null;
  closed_at?: string | null;
  last_contact_at?: string | null;
  contact_attempts?: number;
  sharing_choice?: SharingChoice | null;
  next_review_on?: string | null;
}

/**
 * Applies changes only if the case is still at the version the caller read (optimistic
 * concurrency) and bumps the version. False when someone else changed it first.
 */
export async function updateCaseAtVersion(db: Kysely<DB>, id: string, expectedVersion: number, changes: CaseChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('referral')
    .set((eb) => ({ ...changes, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- contacts ----

export interface ContactRecord {
  id: string;
  at: string;
  type: ContactType;
  durationMinutes: number | null;
  successful: boolean;
  notes: string | null;
  createdBy: UserRef;
}

export async function insertContact(
  db: Kysely<DB>,
  c: { id: string; referralId: string; at: string; type: ContactType; durationMinutes: number | null; successful: boolean; notes: string | null; createdBy: string },
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('contact')
    .values({
      id: c.id,
      referral_id: c.referralId,
      at: c.at,
      type: c.type,
      duration_minutes: c.durationMinutes,
      successful: toDbBool(c.successful),
      notes: c.notes,
      created_by: c.createdBy,
      created_at: createdAt,
    })
    .execute();
}

/** A case's contacts, newest first. */
export async function listContacts(db: Kysely<DB>, referralId: string): Promise<ContactRecord[]> {
  const rows = await db
    .selectFrom('contact as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .select(['c.id', 'c.at', 'c.type', 'c.duration_minutes', 'c.successful', 'c.notes', 'c.created_by', 'u.display_name'])
    .where('c.referral_id', '=', referralId)
    .orderBy('c.at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    type: r.type as ContactType,
    durationMinutes: r.duration_minutes === null ? null : Number(r.duration_minutes),
    successful: fromDbBool(r.successful),
    notes: r.notes,
    createdBy: { id: r.created_by, displayName: r.display_name },
  }));
}

/** Successful contacts and all attempts on a case. */
export async function countContacts(db: Kysely<DB>, referralId: string): Promise<{ successful: number; total: number }> {
  const r = await db
    .selectFrom('contact')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('successful').as('successful')])
    .where('referral_id', '=', referralId)
    .executeTakeFirstOrThrow();
  return { successful: Number(r.successful ?? 0), total: Number(r.total) };
}

// ---- the "what matters" conversation ----

export interface ConversationRecord {
  needs: { code: NeedCode; words: string | null }[];
  strengths: string | null;
  interests: string | null;
  barriers: BarrierCode[];
  notes: string | null;
  updatedAt: string;
  updatedBy: UserRef;
  version: number;
}

export async function findConversation(db: Kysely<DB>, referralId: string): Promise<ConversationRecord | undefined> {
  const r = await db
    .selectFrom('conversation as c')
    .leftJoin('app_user as u', 'u.id', 'c.updated_by')
    .select(['c.needs', 'c.strengths', 'c.interests', 'c.barriers', 'c.notes', 'c.updated_at', 'c.updated_by', 'c.version', 'u.display_name'])
    .where('c.referral_id', '=', referralId)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    needs: parseJsonArray(r.needs) as ConversationRecord['needs'],
    strengths: r.strengths,
    interests: r.interests,
    barriers: parseJsonArray(r.barriers) as BarrierCode[],
    notes: r.notes,
    updatedAt: r.updated_at,
    updatedBy: { id: r.updated_by, displayName: r.display_name },
    version: Number(r.version),
  };
}

export interface ConversationContent {
  needs: { code: NeedCode; words: string | null }[];
  strengths: string | null;
  interests: string | null;
  barriers: BarrierCode[];
  notes: string | null;
}

export async function insertConversation(db: Kysely<DB>, referralId: string, c: ConversationContent, by: string, at: string): Promise<void> {
  await db
    .insertInto('conversation')
    .values({
      referral_id: referralId,
      needs: JSON.stringify(c.needs),
      strengths: c.strengths,
      interests: c.interests,
      barriers: JSON.stringify(c.barriers),
      notes: c.notes,
      updated_at: at,
      updated_by: by,
      version: 1,
    })
    .execute();
}

/** Replaces the conversation if it is still at the version the caller read; false otherwise. */
export async function updateConversationAtVersion(db: Kysely<DB>, referralId: string, expectedVersion: number, c: ConversationContent, by: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('conversation')
    .set((eb) => ({
      needs: JSON.stringify(c.needs),
      strengths: c.strengths,
      interests: c.interests,
      barriers: JSON.stringify(c.barriers),
      notes: c.notes,
      updated_at: at,
      updated_by: by,
      version: eb('version', '+', 1),
    }))
    .where('referral_id', '=', referralId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- plan versions ----

export interface PlanVersionRecord {
  version: number;
  goals: PlanGoal[];
  reviewOn: string | null;
  createdAt: string;
  createdBy: UserRef;
}

function selectPlanVersions(db: Kysely<DB>, referralId: string) {
  return db
    .selectFrom('plan_version as pv')
    .leftJoin('app_user as u', 'u.id', 'pv.created_by')
    .select(['pv.version', 'pv.goals', 'pv.review_on', 'pv.created_at', 'pv.created_by', 'u.display_name'])
    .where('pv.referral_id', '=', referralId);
}

type PlanRow = Awaited<ReturnType<ReturnType<typeof selectPlanVersions>['executeTakeFirstOrThrow']>>;

const toPlanVersion = (r: PlanRow): PlanVersionRecord => ({
  version: Number(r.version),
  goals: parseJsonArray(r.goals) as PlanGoal[],
  reviewOn: r.review_on,
  createdAt: r.created_at,
  createdBy: { id: r.created_by, displayName: r.display_name },
});

/** Every version of a case's plan, newest first. */
export async function listPlanVersions(db: Kysely<DB>, referralId: string): Promise<PlanVersionRecord[]> {
  const rows = await selectPlanVersions(db, referralId).orderBy('pv.version', 'desc').execute();
  return rows.map(toPlanVersion);
}

/** One version, or the current (highest) one when no version is given. */
export async function findPlanVersion(db: Kysely<DB>, referralId: string, version?: number): Promise<PlanVersionRecord | undefined> {
  let q = selectPlanVersions(db, referralId);
  q = version === undefined ? q.orderBy('pv.version', 'desc').limit(1) : q.where('pv.version', '=', version);
  const r = await q.executeTakeFirst();
  return r === undefined ? undefined : toPlanVersion(r);
}

export async function currentPlanVersionNumber(db: Kysely<DB>, referralId: string): Promise<number> {
  const r = await db.selectFrom('plan_version').select((eb) => eb.fn.max<number>('version').as('v')).where('referral_id', '=', referralId).executeTakeFirst();
  return r?.v === null || r?.v === undefined ? 0 : Number(r.v);
}

export async function insertPlanVersion(
  db: Kysely<DB>,
  p: { id: string; referralId: string; version: number; goals: PlanGoal[]; reviewOn: string | null; createdBy: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('plan_version')
    .values({ id: p.id, referral_id: p.referralId, version: p.version, goals: JSON.stringify(p.goals), review_on: p.reviewOn, created_at: at, created_by: p.createdBy })
    .execute();
}

// ---- community referrals (read only here: written by the community referral use cases) ----

export interface CommunityReferralRecord {
  id: string;
  serviceId: string;
  serviceName: string;
  kind: string;
  status: string;
  need: string | null;
  sentAt: string;
  respondedAt: string | null;
  declineReason: string | null;
}

export async function listCommunityReferrals(db: Kysely<DB>, referralId: string): Promise<CommunityReferralRecord[]> {
  const rows = await db
    .selectFrom('community_referral as cr')
    .innerJoin('service as s', 's.id', 'cr.service_id')
    .select(['cr.id', 'cr.service_id', 's.name', 'cr.kind', 'cr.status', 'cr.need', 'cr.sent_at', 'cr.responded_at', 'cr.decline_reason'])
    .where('cr.referral_id', '=', referralId)
    .orderBy('cr.sent_at')
    .orderBy('cr.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    serviceName: r.name,
    kind: r.kind,
    status: r.status,
    need: r.need,
    sentAt: r.sent_at,
    respondedAt: r.responded_at,
    declineReason: r.decline_reason,
  }));
}

// ---- unmet need ----

export interface UnmetNeedRecord {
  id: string;
  need: NeedCode;
  lsoa: string | null;
  note: string | null;
  createdAt: string;
}

/** The person's small area (LSOA) through their postcode, if known. */
export async function findPersonLsoa(db: Kysely<DB>, personId: string): Promise<string | null> {
  const r = await db
    .selectFrom('person as p')
    .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
    .select('g.lsoa')
    .where('p.id', '=', personId)
    .executeTakeFirst();
  return r?.lsoa ?? null;
}

export async function insertUnmetNeed(db: Kysely<DB>, u: { id: string; referralId: string; need: NeedCode; lsoa: string | null; note: string | null; createdBy: string }, at: string): Promise<UnmetNeedRecord> {
  await db
    .insertInto('unmet_need')
    .values({ id: u.id, referral_id: u.referralId, need: u.need, lsoa: u.lsoa, note: u.note, created_by: u.createdBy, created_at: at })
    .execute();
  return { id: u.id, need: u.need, lsoa: u.lsoa, note: u.note, createdAt: at };
}

export async function listUnmetNeeds(db: Kysely<DB>, referralId: string): Promise<UnmetNeedRecord[]> {
  const rows = await db.selectFrom('unmet_need').selectAll().where('referral_id', '=', referralId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, need: r.need as NeedCode, lsoa: r.lsoa, note: r.note, createdAt: r.created_at }));
}

// ---- GP-record entries ----

export interface GpRecordEntryRecord {
  id: string;
  code: string;
  description: string;
  recordedOn: string;
  filedAt: string | null;
}

export async function listGpRecordEntries(db: Kysely<DB>, referralId: string): Promise<GpRecordEntryRecord[]> {
  const rows = await db
    .selectFrom('gp_record_entry')
    .select(['id', 'code', 'description', 'recorded_on', 'filed_at'])
    .where('referral_id', '=', referralId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, description: r.description, recordedOn: r.recorded_on, filedAt: r.filed_at }));
}

export async function hasGpRecordEntry(db: Kysely<DB>, referralId: string, code: string): Promise<boolean> {
  const r = await db.selectFrom('gp_record_entry').select('id').where('referral_id', '=', referralId).where('code', '=', code).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertGpRecordEntry(
  db: Kysely<DB>,
  e: { id: string; referralId: string; personId: string; practiceId: string; code: string; description: string; recordedOn: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('gp_record_entry')
    .values({
      id: e.id,
      referral_id: e.referralId,
      person_id: e.personId,
      practice_id: e.practiceId,
      code: e.code,
      description: e.description,
      recorded_on: e.recordedOn,
      filed_at: null,
      filed_by: null,
      created_at: at,
    })
    .execute();
}

export interface GpEntryExportRecord {
  id: string;
  practice: { id: string; odsCode: string | null };
  person: { id: string; nhsNumber: string | null; givenName: string; familyName: string; dateOfBirth: string };
  reference: string;
  code: string;
  description: string;
  recordedOn: string;
  filedAt: string | null;
}

/**
 * GP-record entries at the practices a user covers (all for the operator), oldest first:
 * pending (not yet filed in the GP system), filed, or all.
 */
export async function listGpEntriesForPractices(
  db: Kysely<DB>,
  f: { userId: string | null; practiceId: string | null; status: 'pending' | 'filed' | 'all'; limit: number | null },
): Promise<GpEntryExportRecord[]> {
  let q = db
    .selectFrom('gp_record_entry as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .innerJoin('organisation as o', 'o.id', 'e.practice_id')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .select(['e.id', 'e.practice_id', 'o.ods_code', 'p.id as person_id', 'p.nhs_number', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'r.reference', 'e.code', 'e.description', 'e.recorded_on', 'e.filed_at']);
  if (f.userId !== null) q = q.where('e.practice_id', 'in', orgIdsInScope(db, f.userId));
  if (f.practiceId !== null) q = q.where('e.practice_id', '=', f.practiceId);
  if (f.status === 'pending') q = q.where('e.filed_at', 'is', null);
  if (f.status === 'filed') q = q.where('e.filed_at', 'is not', null);
  q = q.orderBy('e.recorded_on').orderBy('e.created_at').orderBy('e.id');
  if (f.limit !== null) q = q.limit(f.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    practice: { id: r.practice_id, odsCode: r.ods_code },
    person: { id: r.person_id, nhsNumber: r.nhs_number, givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
    reference: r.reference,
    code: r.code,
    description: r.description,
    recordedOn: r.recorded_on,
    filedAt: r.filed_at,
  }));
}

/** How many of these entry ids are at practices the user covers (all for the operator). */
export async function countGpEntriesInScope(db: Kysely<DB>, ids: readonly string[], userId: string | null): Promise<number> {
  let q = db.selectFrom('gp_record_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', ids);
  if (userId !== null) q = q.where('practice_id', 'in', orgIdsInScope(db, userId));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Marks the still-pending ones of these entries filed; returns how many changed. */
export async function markGpEntriesFiled(db: Kysely<DB>, ids: readonly string[], by: string, at: string): Promise<number> {
  const res = await db.updateTable('gp_record_entry').set({ filed_at: at, filed_by: by }).where('id', 'in', ids).where('filed_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

// ---- the timeline ----

export interface TimelineEventRecord {
  id: string;
  at: string;
  kind: string;
  actor: UserRef | null;
  data: Record<string, unknown>;
}

/** A case's timeline, oldest first. */
export async function listTimeline(db: Kysely<DB>, referralId: string): Promise<TimelineEventRecord[]> {
  const rows = await db
    .selectFrom('case_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.actor_user_id', 'e.data', 'u.display_name'])
    .where('e.referral_id', '=', referralId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => {
    const data: unknown = JSON.parse(r.data);
    return {
      id: r.id,
      at: r.at,
      kind: r.kind,
      actor: r.actor_user_id === null ? null : { id: r.actor_user_id, displayName: r.display_name },
      data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    };
  });
}

// ---- caseload and Today ----

export interface CaseSummaryRecord {
  id: string;
  reference: string;
  status: CaseStatus;
  person: { id: string; givenName: string; familyName: string; nhsNumber: string | null; dateOfBirth: string };
  practiceId: string;
  linkWorker: { id: string; displayName: string } | null;
  urgency: string;
  safeguarding: boolean;
  allocatedAt: string | null;
  firstContactAt: string | null;
  lastContactAt: string | null;
  nextReviewOn: string | null;
  contactAttempts: number;
  successfulContacts: number;
  /** When the referral arrived (not presented; Today's fallback for "last heard of"). */
  createdAt: string;
}

/**
 * For link workers and leads, visibleReferralIds is exactly "the referral's practice is in the
 * user's scope". Lists select candidates with that plain column condition, which both planners
 * can use an index for; with the EXISTS itself PostgreSQL misjudges the scope subquery (an OR of
 * three IN lists) and hash-joins the whole referral table (120 ms for a PCN-wide list at 200k
 * referrals). What a list returns is then checked against visibleReferralIds (`summariesOf`), so
 * the authority on scope stays in one place and a narrower rule there can only hide rows, never
 * show more. Other viewers get the EXISTS in SQL.
 */
function practiceScopeHint(viewer: ReferralViewer): string | null {
  return viewer.userId !== null && (viewer.role === 'link_worker' || viewer.role === 'lead') ? viewer.userId : null;
}

/**
 * The organisations in a link worker's or lead's scope, resolved to a short list of ids first so
 * both planners see real values (and their statistics) rather than a subquery they cannot size;
 * null for other viewers, who are scoped by the EXISTS.
 */
async function scopeOrgIds(db: Kysely<DB>, viewer: ReferralViewer): Promise<string[] | null> {
  const userId = practiceScopeHint(viewer);
  if (userId === null) return null;
  return [...new Set((await orgIdsInScope(db, userId).execute()).map((o) => o.id))];
}

/** Referrals the viewer may see, as a query over `referral as r` alone (joins come later, per page). */
function scopedReferrals(db: Kysely<DB>, viewer: ReferralViewer, orgIds: readonly string[] | null) {
  const q = db.selectFrom('referral as r');
  if (orgIds === null) return q.where(visibleTo(db, viewer));
  return orgIds.length === 0 ? q.where(sql<SqlBool>`1 = 0`) : q.where('r.practice_id', 'in', [...orgIds]);
}

function selectSummaryRows(db: Kysely<DB>) {
  return db
    .selectFrom('referral as r')
    .leftJoin('app_user as lw', 'lw.id', 'r.link_worker_id')
    .select((eb) => [
      'r.id', 'r.reference', 'r.status', 'r.person_id', 'r.practice_id', 'r.link_worker_id', 'r.urgency', 'r.safeguarding', 'r.allocated_at',
      'r.first_contact_at', 'r.last_contact_at', 'r.next_review_on', 'r.contact_attempts', 'r.created_at', 'lw.display_name as lw_name',
      eb
        .selectFrom('contact as c')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('c.referral_id', '=', 'r.id')
        .where('c.successful', '=', 1)
        .as('successful_contacts'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaryRows>['executeTakeFirstOrThrow']>>;
type SummaryPerson = CaseSummaryRecord['person'];

const toSummary = (r: SummaryRow, person: SummaryPerson): CaseSummaryRecord => ({
  id: r.id,
  reference: r.reference,
  status: r.status as CaseStatus,
  person,
  practiceId: r.practice_id,
  linkWorker: r.link_worker_id === null ? null : { id: r.link_worker_id, displayName: r.lw_name ?? '' },
  urgency: r.urgency,
  safeguarding: fromDbBool(r.safeguarding),
  allocatedAt: r.allocated_at,
  firstContactAt: r.first_contact_at,
  lastContactAt: r.last_contact_at,
  nextReviewOn: r.next_review_on,
  contactAttempts: Number(r.contact_attempts),
  successfulContacts: Number(r.successful_contacts ?? 0),
  createdAt: r.created_at,
});

/**
 * The summaries of these cases, in the order given, for those visibleReferralIds lets the viewer
 * see (the authority on scope is applied here, to exactly what leaves). Lists first choose their
 * ids from the referral table alone; the link worker, contact count and person are fetched for the
 * page only — the person by id in a query of its own, because joined, PostgreSQL's default costs
 * prefer hashing the whole person table (50,000 rows) to a few hundred index lookups.
 */
async function summariesOf(db: Kysely<DB>, viewer: ReferralViewer, ids: readonly string[]): Promise<CaseSummaryRecord[]> {
  const rows: SummaryRow[] = [];
  const people = new Map<string, SummaryPerson>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await selectSummaryRows(db).where('r.id', 'in', ids.slice(i, i + 500)).where(visibleTo(db, viewer)).execute();
    rows.push(...chunk);
    const personIds = [...new Set(chunk.map((r) => r.person_id))];
    if (personIds.length === 0) continue;
    const found = await db.selectFrom('person').select(['id', 'given_name', 'family_name', 'nhs_number', 'date_of_birth']).where('id', 'in', personIds).execute();
    for (const p of found) people.set(p.id, { id: p.id, givenName: p.given_name, familyName: p.family_name, nhsNumber: p.nhs_number, dateOfBirth: p.date_of_birth });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    const person = r === undefined ? undefined : people.get(r.person_id);
    return r === undefined || person === undefined ? [] : [toSummary(r, person)];
  });
}

export interface CaseloadFilter {
  viewer: ReferralViewer;
  linkWorkerId: string | null;
  statuses: readonly CaseStatus[] | null;
  search: CaseloadSearch | null;
  sort: CaseloadSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

function searchCondition(search: CaseloadSearch): Expression<SqlBool> | null {
  const ors: Expression<SqlBool>[] = [];
  // The person is reached per candidate case (a primary-key lookup), not joined wholesale.
  const person = (cond: Expression<SqlBool>) => sql<SqlBool>`exists (select 1 from person p where p.id = r.person_id and ${cond})`;
  if (search.nameWords.length > 0) {
    // name_folded is filled by the person use cases; fall back to lower() of the names for rows
    // written before it was (lower() is ASCII-only on SQLite, which is why the folded column exists).
    const folded = sql<string>`coalesce(p.name_folded, lower(p.given_name || ' ' || p.family_name))`;
    const ands = search.nameWords.map((w) => sql<SqlBool>`${folded} like ${`%${escapeLike(w)}%`} escape '\\'`);
    ors.push(person(ands.reduce((a, b) => sql<SqlBool>`(${a} and ${b})`)));
  }
  if (search.nhsNumber !== null) ors.push(person(sql<SqlBool>`p.nhs_number = ${search.nhsNumber}`));
  if (search.referencePrefix !== null) ors.push(sql<SqlBool>`r.reference like ${`${escapeLike(search.referencePrefix)}%`} escape '\\'`);
  if (ors.length === 0) return null;
  return ors.reduce((a, b) => sql<SqlBool>`(${a} or ${b})`);
}

/** A page of cases (scoped in SQL), sorted, with the total that matched. */
export async function listCaseload(db: Kysely<DB>, f: CaseloadFilter): Promise<{ cases: CaseSummaryRecord[]; total: number }> {
  let q = scopedReferrals(db, f.viewer, await scopeOrgIds(db, f.viewer));
  if (f.linkWorkerId !== null) q = q.where('r.link_worker_id', '=', f.linkWorkerId);
  if (f.statuses !== null) q = q.where('r.status', 'in', [...f.statuses]);
  if (f.search !== null) {
    const cond = searchCondition(f.search);
    // A query that can mean nothing (only punctuation) matches nothing, rather than everything.
    q = cond === null ? q.where(sql<SqlBool>`1 = 0`) : q.where(cond);
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const dir = f.order;
  const ids = q.select('r.id');
  // Nulls last in either direction, the same on both databases (they disagree by default).
  const nullsLast = (col: 'r.next_review_on' | 'r.allocated_at' | 'r.last_contact_at') =>
    ids.orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`).orderBy(col, dir);
  let sorted;
  switch (f.sort) {
    case 'next_review_on':
      sorted = nullsLast('r.next_review_on');
      break;
    case 'allocated_at':
      sorted = nullsLast('r.allocated_at');
      break;
    case 'last_contact_at':
      sorted = nullsLast('r.last_contact_at');
      break;
    case 'name':
      sorted = ids
        .orderBy(sql`(select p.family_name from person p where p.id = r.person_id)`, dir)
        .orderBy(sql`(select p.given_name from person p where p.id = r.person_id)`, dir);
      break;
    case 'status':
      sorted = ids.orderBy('r.status', dir);
      break;
    case 'reference':
      sorted = ids.orderBy('r.reference', dir);
      break;
  }
  const page = await sorted.orderBy('r.id').limit(f.limit).offset(f.offset).execute();
  return { cases: await summariesOf(db, f.viewer, page.map((r) => r.id)), total: Number(total.n) };
}

export interface TodayRecords {
  overdueFollowUps: CaseSummaryRecord[];
  reviewsDue: CaseSummaryRecord[];
  newAllocations: CaseSummaryRecord[];
  noRecentContact: CaseSummaryRecord[];
  suggestedDischarges: CaseSummaryRecord[];
  unansweredCommunityReferrals: { case: CaseSummaryRecord; communityReferralId: string; serviceName: string; sentAt: string; status: 'sent' | 'no_response' }[];
  /** Outcomes (issue 5): baseline missing 14 days after acceptance; final due near discharge. */
  baselinesMissing: CaseSummaryRecord[];
  finalsDue: CaseSummaryRecord[];
}

/**
 * The rows behind a link worker's Today page. One indexed query fetches their open cases (a
 * caseload is tens to a few hundred) and the pure rules of `buildWorklist` sort them into lists;
 * a second finds the community referrals still unanswered on those cases. Driving both from the
 * link worker's own cases keeps Today's cost flat however large the deployment grows.
 */
export async function listToday(
  db: Kysely<DB>,
  f: {
    viewer: ReferralViewer;
    linkWorkerId: string;
    openStatuses: readonly CaseStatus[];
    window: ReturnType<typeof todayWindow>;
    cap: number;
  },
): Promise<TodayRecords> {
  const mine = await scopedReferrals(db, f.viewer, await scopeOrgIds(db, f.viewer))
    .select('r.id')
    .where('r.link_worker_id', '=', f.linkWorkerId)
    .where('r.status', 'in', [...f.openStatuses])
    .execute();
  const open = await summariesOf(db, f.viewer, mine.map((r) => r.id));
  const lists = buildWorklist(open, f.window, f.cap);
  const byId = new Map(open.map((c) => [c.id, c]));
  const sentBefore = [];
  // In chunks, so a very large caseload never exceeds a database's bound-parameter limit.
  for (let i = 0; i < open.length; i += 500) {
    const ids = open.slice(i, i + 500).map((c) => c.id);
    sentBefore.push(
      ...(await db
        .selectFrom('community_referral as cr')
        .innerJoin('service as s', 's.id', 'cr.service_id')
        .select(['cr.id', 'cr.referral_id', 's.name', 'cr.sent_at', 'cr.status', 'cr.updated_at'])
        .where('cr.referral_id', 'in', ids)
        .where('cr.kind', '=', 'refer')
        .where('cr.sent_at', '<', f.window.unansweredSentBefore)
        .execute()),
    );
  }
  // The status is checked here, not in SQL: given `status = 'sent'`, SQLite prefers the expiry
  // index and walks every sent referral in the deployment; a case has only a few referrals.
  // Still waiting (the hourly expiry job has not run yet), or expired to "no response" within the
  // same number of days: the link worker sees it on Today after the alert, not only in between.
  const unanswered = sentBefore
    .filter((r) => r.status === 'sent' || (r.status === 'no_response' && r.updated_at >= f.window.unansweredSentBefore))
    .sort((a, b) => a.sent_at.localeCompare(b.sent_at) || a.id.localeCompare(b.id));
  // Outcomes: when each case was accepted and whether it has a baseline / final administration
  // (any instrument), by case id through the referral primary key and outcome_admin_referral_idx.
  const facts = new Map<string, OutcomeFacts>();
  for (let i = 0; i < open.length; i += 500) {
    const ids = open.slice(i, i + 500).map((c) => c.id);
    const accepted = await db.selectFrom('referral').select(['id', 'accepted_at']).where('id', 'in', ids).execute();
    for (const r of accepted) facts.set(r.id, { acceptedAt: r.accepted_at, hasBaseline: false, hasFinal: false });
    const given = await db
      .selectFrom('outcome_administration')
      .select(['referral_id', 'timepoint'])
      .distinct()
      .where('referral_id', 'in', ids)
      .where('timepoint', 'in', ['baseline', 'final'])
      .execute();
    for (const g of given) {
      const fact = facts.get(g.referral_id);
      if (fact === undefined) continue;
      if (g.timepoint === 'baseline') fact.hasBaseline = true;
      else fact.hasFinal = true;
    }
  }
  return {
    ...lists,
    ...buildOutcomeWorklist(open, facts, f.window, f.cap),
    unansweredCommunityReferrals: unanswered.slice(0, f.cap).flatMap((r) => {
      const c = byId.get(r.referral_id);
      return c === undefined ? [] : [{ case: c, communityReferralId: r.id, serviceName: r.name, sentAt: r.sent_at, status: r.status as 'sent' | 'no_response' }];
    }),
  };
}

// ---- notifications ----

export interface NotificationRecord {
  id: string;
  kind: string;
  referralId: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listNotifications(db: Kysely<DB>, userId: string, unreadOnly: boolean, limit: number): Promise<NotificationRecord[]> {
  let q = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, referralId: r.referral_id, createdAt: r.created_at, readAt: r.read_at }));
}

export async function countUnreadNotifications(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The user's own notification, or undefined (someone else's is as good as missing). */
export async function findOwnNotification(db: Kysely<DB>, id: string, userId: string): Promise<NotificationRecord | undefined> {
  const r = await db.selectFrom('notification').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return r === undefined ? undefined : { id: r.id, kind: r.kind, referralId: r.referral_id, createdAt: r.created_at, readAt: r.read_at };
}

export async function markNotificationRead(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}
