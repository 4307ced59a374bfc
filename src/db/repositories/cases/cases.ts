import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { CaseStatus, SharingChoice } from '../../../domain/case-lifecycle.ts';
import {
  communicationNeedsSchema,
  contactPreferencesSchema,
  type CommunicationNeeds,
  type ContactPreferences,
} from '../../../domain/schemas/person-details.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';
import { visibleReferralIds, type ReferralViewer } from '../scope/referral-scope.ts';

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
    contactPreferences: ContactPreferences | null;
    communicationNeeds: CommunicationNeeds | null;
  };
  practice: { id: string; name: string; odsCode: string | null };
  source: string;
  urgency: string;
  needs: string[];
  reasonText: string | null;
  safeguarding: boolean;
  riskText: string | null;
  consentGiven: boolean;
  consentRecordedAt: string | null;
  /** The referrer's "how best to contact them". */
  contactNotes: string | null;
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

// A JSON column that no longer fits its schema reads as "not recorded" rather than breaking the page.
function parseJsonAs<T>(text: string | null, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  if (text === null || text === '') return null;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export const parseJsonArray = (text: string | null): unknown[] => {
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
export function visibleTo(db: Kysely<DB>, viewer: ReferralViewer) {
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
      'r.id',
      'r.reference',
      'r.status',
      'r.status_reason',
      'r.version',
      'r.source',
      'r.urgency',
      'r.needs',
      'r.reason_text',
      'r.safeguarding',
      'r.risk_text',
      'r.consent_given',
      'r.consent_recorded_at',
      'r.contact_notes',
      'r.referrer_user_id',
      'r.referrer_contact',
      'r.created_at',
      'r.link_worker_id',
      'r.allocated_at',
      'r.first_contact_at',
      'r.accepted_at',
      'r.closed_at',
      'r.last_contact_at',
      'r.next_review_on',
      'r.contact_attempts',
      'r.sharing_choice',
      'p.id as person_id',
      'p.nhs_number',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.sex',
      'p.postcode',
      'p.phone',
      'p.email',
      'p.contact_preferences',
      'p.communication_needs',
      'g.lsoa',
      'l.imd_decile',
      'o.id as practice_id',
      'o.name as practice_name',
      'o.ods_code as practice_ods',
      'lw.display_name as lw_name',
      'ru.display_name as referrer_name',
      'ro.name as referrer_org_name',
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
    contactPreferences: parseJsonAs(r.contact_preferences, contactPreferencesSchema),
    communicationNeeds: parseJsonAs(r.communication_needs, communicationNeedsSchema),
  },
  practice: { id: r.practice_id, name: r.practice_name, odsCode: r.practice_ods },
  source: r.source,
  urgency: r.urgency,
  needs: parseJsonArray(r.needs).filter((x): x is string => typeof x === 'string'),
  reasonText: r.reason_text,
  safeguarding: fromDbBool(r.safeguarding),
  riskText: r.risk_text,
  consentGiven: fromDbBool(r.consent_given),
  consentRecordedAt: r.consent_recorded_at,
  contactNotes: r.contact_notes,
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

/**
 * A discharged case at one of the user's practices (the practice inbox of the message back), or
 * undefined. `null` userId is the command-line operator (any practice).
 */
export async function findDischargedCaseAtPractices(db: Kysely<DB>, id: string, userId: string | null): Promise<CaseRecord | undefined> {
  let q = selectCase(db).where('r.id', '=', id).where('r.status', '=', 'discharged');
  if (userId !== null) q = q.where('r.practice_id', 'in', orgIdsInScope(db, userId));
  const r = await q.executeTakeFirst();
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
  /** 1 when the person's consent is recorded (on accepting a proactive case), with consent_recorded_at. */
  consent_given?: number;
  consent_recorded_at?: string | null;
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
