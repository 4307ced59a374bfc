import { sql, type Kysely } from 'kysely';
import {
  isCommunityReferralStatus,
  type CommunityReferralKind,
  type CommunityReferralStatus,
  type DeclineReason,
  DECLINE_REASONS,
} from '../../../domain/community-referral.ts';
import { isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { visibleReferralIds, type ReferralViewer } from '../scope/referral-scope.ts';
import { nameOrder } from '../../name-order.ts';

// Services (minimal, until the directory lands) and community referrals (the closed loop).

export interface Service {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  description: string | null;
  needs: NeedCode[];
  takesReferrals: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CommunityReferral {
  id: string;
  caseId: string;
  personId: string;
  /** The case's link worker, who hears about replies and expiry. */
  linkWorkerId: string | null;
  serviceId: string;
  serviceName: string;
  organisationId: string;
  organisationName: string;
  kind: CommunityReferralKind;
  status: CommunityReferralStatus;
  need: NeedCode | null;
  reasonText: string | null;
  declineReason: DeclineReason | null;
  sentAt: string;
  respondedAt: string | null;
  expiresAt: string | null;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** An inbox row: the community referral plus the minimum about the person a provider needs. */
export interface InboxRow extends CommunityReferral {
  referredByName: string | null;
  person: {
    givenName: string;
    familyName: string;
    phone: string | null;
    email: string | null;
    contactMethods: string[];
    contactNotes: string | null;
  };
  consent: { given: boolean; recordedAt: string | null };
}

/** The few facts about a case that community referrals need. */
export interface CaseForCommunity {
  id: string;
  personId: string;
  status: string;
  linkWorkerId: string | null;
  /** The person agreed to be referred (with the referral, or recorded on accepting support). */
  consentGiven: boolean;
}

const parseNeeds = (text: string): NeedCode[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is NeedCode => typeof x === 'string' && isNeedCode(x)) : [];
  } catch {
    return [];
  }
};

const asDeclineReason = (v: string | null): DeclineReason | null =>
  v !== null && (DECLINE_REASONS as readonly string[]).includes(v) ? (v as DeclineReason) : null;

const asStatus = (v: string): CommunityReferralStatus => {
  if (!isCommunityReferralStatus(v)) throw new Error('Unknown community referral status in the database');
  return v;
};

function selectServices(db: Kysely<DB>) {
  return db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id',
      'o.name as organisation_name',
      's.name',
      's.description',
      's.needs',
      's.takes_referrals',
      's.archived',
      's.created_at',
      's.updated_at',
    ]);
}
type ServiceRow = Awaited<ReturnType<ReturnType<typeof selectServices>['executeTakeFirstOrThrow']>>;

const toService = (r: ServiceRow): Service => ({
  id: r.id,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  name: r.name,
  description: r.description,
  needs: parseNeeds(r.needs),
  takesReferrals: fromDbBool(r.takes_referrals),
  archived: fromDbBool(r.archived),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertService(
  db: Kysely<DB>,
  s: { id: string; organisationId: string; name: string; description: string | null; needs: readonly NeedCode[]; takesReferrals: boolean },
  at: string,
): Promise<void> {
  await db
    .insertInto('service')
    .values({
      id: s.id,
      organisation_id: s.organisationId,
      name: s.name,
      description: s.description,
      needs: JSON.stringify(s.needs),
      takes_referrals: toDbBool(s.takesReferrals),
      archived: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** A service by id (archived ones included), or undefined. */
export async function findService(db: Kysely<DB>, id: string): Promise<Service | undefined> {
  const r = await selectServices(db).where('s.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toService(r);
}

/**
 * Services that are not archived, by name. The need filter matches the quoted code inside the
 * JSON array; `_` is escaped because it is a LIKE wildcard (codes are lower case, so the case
 * rules of LIKE, which differ by database, do not matter).
 */
export async function listServices(
  db: Kysely<DB>,
  filter: { need?: NeedCode | undefined; organisationId?: string | undefined; takesReferrals?: boolean | undefined },
): Promise<Service[]> {
  let q = selectServices(db).where('s.archived', '=', 0);
  if (filter.need !== undefined) {
    const pattern = `%"${filter.need.replace(/[\\%_]/g, (c) => `\\${c}`)}"%`;
    q = q.where(sql<boolean>`${sql.ref('s.needs')} like ${pattern} escape '\\'`);
  }
  if (filter.organisationId !== undefined) q = q.where('s.organisation_id', '=', filter.organisationId);
  if (filter.takesReferrals !== undefined) q = q.where('s.takes_referrals', '=', toDbBool(filter.takesReferrals));
  const rows = await q.orderBy(nameOrder('s.name')).orderBy('s.name').orderBy('s.id').execute();
  return rows.map(toService);
}

/** The organisation's (non-archived) service of this name, if any. */
export async function findServiceByName(db: Kysely<DB>, organisationId: string, name: string): Promise<Service | undefined> {
  const r = await selectServices(db).where('s.organisation_id', '=', organisationId).where('s.name', '=', name).where('s.archived', '=', 0).executeTakeFirst();
  return r === undefined ? undefined : toService(r);
}

/** The organisations named directly in a user's scope (a provider's own VCSE organisations). */
export function directOrgIds(db: Kysely<DB>, userId: string) {
  return db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', userId);
}

export async function isInDirectScope(db: Kysely<DB>, userId: string, organisationId: string): Promise<boolean> {
  const r = await directOrgIds(db, userId).where('organisation_id', '=', organisationId).executeTakeFirst();
  return r !== undefined;
}

/** A case (referral) the viewer may see at all, or undefined. */
export async function findCaseInScope(db: Kysely<DB>, caseId: string, viewer: ReferralViewer): Promise<CaseForCommunity | undefined> {
  const r = await db
    .selectFrom('referral')
    .select(['id', 'person_id', 'status', 'link_worker_id', 'consent_given'])
    .where('id', '=', caseId)
    .where('id', 'in', visibleReferralIds(db, viewer))
    .executeTakeFirst();
  return r === undefined
    ? undefined
    : { id: r.id, personId: r.person_id, status: r.status, linkWorkerId: r.link_worker_id, consentGiven: fromDbBool(r.consent_given) };
}

/** The enabled provider users of an organisation, who receive its referrals. */
export async function listProviderUsers(db: Kysely<DB>, organisationId: string): Promise<{ id: string; email: string }[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_scope as us', 'us.user_id', 'u.id')
    .select(['u.id', 'u.email'])
    .where('us.organisation_id', '=', organisationId)
    .where('u.role', '=', 'provider')
    .where('u.disabled', '=', 0)
    .orderBy('u.id')
    .execute();
}

export async function insertCommunityReferral(
  db: Kysely<DB>,
  c: {
    id: string;
    caseId: string;
    serviceId: string;
    kind: CommunityReferralKind;
    status: CommunityReferralStatus;
    need: NeedCode | null;
    reasonText: string | null;
    sentAt: string;
    expiresAt: string | null;
    createdBy: string;
  },
): Promise<void> {
  await db
    .insertInto('community_referral')
    .values({
      id: c.id,
      referral_id: c.caseId,
      service_id: c.serviceId,
      kind: c.kind,
      status: c.status,
      need: c.need,
      reason_text: c.reasonText,
      decline_reason: null,
      sent_at: c.sentAt,
      responded_at: null,
      expires_at: c.expiresAt,
      created_by: c.createdBy,
      updated_at: c.sentAt,
      version: 1,
    })
    .execute();
}

function selectCommunityReferrals(db: Kysely<DB>) {
  return db
    .selectFrom('community_referral as cr')
    .innerJoin('service as s', 's.id', 'cr.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .innerJoin('referral as r', 'r.id', 'cr.referral_id')
    .select([
      'cr.id',
      'cr.referral_id',
      'r.person_id',
      'r.link_worker_id',
      'cr.service_id',
      's.name as service_name',
      's.organisation_id',
      'o.name as organisation_name',
      'cr.kind',
      'cr.status',
      'cr.need',
      'cr.reason_text',
      'cr.decline_reason',
      'cr.sent_at',
      'cr.responded_at',
      'cr.expires_at',
      'cr.created_by',
      'cr.updated_at',
      'cr.version',
    ]);
}
type CommunityRow = Awaited<ReturnType<ReturnType<typeof selectCommunityReferrals>['executeTakeFirstOrThrow']>>;

const toCommunityReferral = (r: CommunityRow): CommunityReferral => ({
  id: r.id,
  caseId: r.referral_id,
  personId: r.person_id,
  linkWorkerId: r.link_worker_id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  kind: r.kind === 'signpost' ? 'signpost' : 'refer',
  status: asStatus(r.status),
  need: r.need !== null && isNeedCode(r.need) ? r.need : null,
  reasonText: r.reason_text,
  declineReason: asDeclineReason(r.decline_reason),
  sentAt: r.sent_at,
  respondedAt: r.responded_at,
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

/** Any community referral by id (no scope: for the system job and after a write). */
export async function findCommunityReferral(db: Kysely<DB>, id: string): Promise<CommunityReferral | undefined> {
  const r = await selectCommunityReferrals(db).where('cr.id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toCommunityReferral(r);
}

/** A community referral on a case the viewer may see (link workers, leads), or undefined. */
export async function findCommunityReferralOnVisibleCase(db: Kysely<DB>, id: string, viewer: ReferralViewer): Promise<CommunityReferral | undefined> {
  const r = await selectCommunityReferrals(db).where('cr.id', '=', id).where('cr.referral_id', 'in', visibleReferralIds(db, viewer)).executeTakeFirst();
  return r === undefined ? undefined : toCommunityReferral(r);
}

/** A referral (kind `refer`) to one of the provider's organisations' services, or undefined. */
export async function findCommunityReferralForProvider(db: Kysely<DB>, id: string, userId: string): Promise<CommunityReferral | undefined> {
  const r = await selectCommunityReferrals(db)
    .where('cr.id', '=', id)
    .where('cr.kind', '=', 'refer')
    .where('s.organisation_id', 'in', directOrgIds(db, userId))
    .executeTakeFirst();
  return r === undefined ? undefined : toCommunityReferral(r);
}

/** Every community referral and signpost on a case, newest first. */
export async function listCommunityReferralsForCase(db: Kysely<DB>, caseId: string): Promise<CommunityReferral[]> {
  const rows = await selectCommunityReferrals(db).where('cr.referral_id', '=', caseId).orderBy('cr.sent_at', 'desc').orderBy('cr.id', 'desc').execute();
  return rows.map(toCommunityReferral);
}

/** True when the case already has a referral to this service that is still in progress. */
export async function hasOpenReferralToService(
  db: Kysely<DB>,
  caseId: string,
  serviceId: string,
  openStatuses: readonly CommunityReferralStatus[],
): Promise<boolean> {
  const r = await db
    .selectFrom('community_referral')
    .select('id')
    .where('referral_id', '=', caseId)
    .where('service_id', '=', serviceId)
    .where('kind', '=', 'refer')
    .where('status', 'in', [...openStatuses])
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The provider's inbox: referrals (kind `refer`) to their organisations' services, in the given
 * statuses, oldest first (`userId` null: the operator, every organisation). Selects only the person's name and contact and the referral's consent:
 * nothing else about the person is read, so nothing else can leak.
 */
export async function listInbox(db: Kysely<DB>, userId: string | null, statuses: readonly CommunityReferralStatus[], onlyId?: string): Promise<InboxRow[]> {
  if (statuses.length === 0) return [];
  let q = selectCommunityReferrals(db)
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('app_user as sender', 'sender.id', 'cr.created_by')
    .select([
      'p.given_name',
      'p.family_name',
      'p.phone',
      'p.email',
      'p.contact_preferences',
      'r.consent_given',
      'r.consent_recorded_at',
      'sender.display_name as referred_by_name',
    ])
    .where('cr.kind', '=', 'refer')
    .where('cr.status', 'in', [...statuses]);
  if (userId !== null) q = q.where('s.organisation_id', 'in', directOrgIds(db, userId));
  if (onlyId !== undefined) q = q.where('cr.id', '=', onlyId);
  const rows = await q.orderBy('cr.sent_at').orderBy('cr.id').execute();
  return rows.map((r) => {
    const prefs = parseContactPreferences(r.contact_preferences);
    return {
      ...toCommunityReferral(r),
      referredByName: r.referred_by_name ?? null,
      person: { givenName: r.given_name, familyName: r.family_name, phone: r.phone, email: r.email, contactMethods: prefs.methods, contactNotes: prefs.notes },
      consent: { given: fromDbBool(r.consent_given), recordedAt: r.consent_recorded_at },
    };
  });
}

/** One inbox row by id, for answering a respond call with what the inbox shows. */
export async function findInboxRow(
  db: Kysely<DB>,
  id: string,
  userId: string | null,
  statuses: readonly CommunityReferralStatus[],
): Promise<InboxRow | undefined> {
  return (await listInbox(db, userId, statuses, id))[0];
}

function parseContactPreferences(text: string | null): { methods: string[]; notes: string | null } {
  if (text === null) return { methods: [], notes: null };
  try {
    const v = JSON.parse(text) as { methods?: unknown; notes?: unknown };
    const methods = Array.isArray(v.methods) ? v.methods.filter((m): m is string => typeof m === 'string') : [];
    return { methods, notes: typeof v.notes === 'string' ? v.notes : null };
  } catch {
    return { methods: [], notes: null };
  }
}

/**
 * Moves a community referral to a new status if it is still at the version the caller read.
 * Returns false when someone else changed it first (the caller answers `conflict`).
 */
export async function updateCommunityReferralStatus(
  db: Kysely<DB>,
  u: { id: string; expectedVersion: number; status: CommunityReferralStatus; declineReason?: DeclineReason | null; respondedAt?: string; at: string },
): Promise<boolean> {
  const res = await db
    .updateTable('community_referral')
    .set({
      status: u.status,
      updated_at: u.at,
      version: u.expectedVersion + 1,
      ...(u.declineReason === undefined ? {} : { decline_reason: u.declineReason }),
      ...(u.respondedAt === undefined ? {} : { responded_at: u.respondedAt }),
    })
    .where('id', '=', u.id)
    .where('version', '=', u.expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Referrals still `sent` whose time to answer has passed (oldest first). */
export async function listDueForExpiry(db: Kysely<DB>, nowIso: string): Promise<{ id: string; version: number }[]> {
  const rows = await db
    .selectFrom('community_referral')
    .select(['id', 'version'])
    .where('status', '=', 'sent')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', nowIso)
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, version: Number(r.version) }));
}

/** The rows a service's figures are computed from (every kind and status). */
export async function listServiceReferralFacts(
  db: Kysely<DB>,
  serviceId: string,
): Promise<{ kind: CommunityReferralKind; status: CommunityReferralStatus; sentAt: string; respondedAt: string | null }[]> {
  const rows = await db.selectFrom('community_referral').select(['kind', 'status', 'sent_at', 'responded_at']).where('service_id', '=', serviceId).execute();
  return rows.map((r) => ({ kind: r.kind === 'signpost' ? 'signpost' : 'refer', status: asStatus(r.status), sentAt: r.sent_at, respondedAt: r.responded_at }));
}
