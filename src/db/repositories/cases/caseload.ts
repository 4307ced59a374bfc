import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { CaseStatus } from '../../../domain/case-lifecycle.ts';
import { escapeLike, type CaseloadSearch } from '../../../domain/caseload-search.ts';
import type { CaseloadSort } from '../../../domain/schemas/cases.ts';
import { buildOutcomeWorklist, buildWorklist, type OutcomeFacts, type todayWindow } from '../../../domain/worklist.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';
import { type ReferralViewer } from '../scope/referral-scope.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';
import { visibleTo } from './cases.ts';

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
      'r.id',
      'r.reference',
      'r.status',
      'r.person_id',
      'r.practice_id',
      'r.link_worker_id',
      'r.urgency',
      'r.safeguarding',
      'r.allocated_at',
      'r.first_contact_at',
      'r.last_contact_at',
      'r.next_review_on',
      'r.contact_attempts',
      'r.created_at',
      'lw.display_name as lw_name',
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
    const chunk = await selectSummaryRows(db)
      .where('r.id', 'in', ids.slice(i, i + 500))
      .where(visibleTo(db, viewer))
      .execute();
    rows.push(...chunk);
    const personIds = [...new Set(chunk.map((r) => r.person_id))];
    if (personIds.length === 0) continue;
    const found = await db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'nhs_number', 'date_of_birth'])
      .where('id', 'in', personIds)
      .execute();
    for (const p of found)
      people.set(p.id, { id: p.id, givenName: p.given_name, familyName: p.family_name, nhsNumber: p.nhs_number, dateOfBirth: p.date_of_birth });
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
  return {
    cases: await summariesOf(
      db,
      f.viewer,
      page.map((r) => r.id),
    ),
    total: Number(total.n),
  };
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
  const open = await summariesOf(
    db,
    f.viewer,
    mine.map((r) => r.id),
  );
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
      return c === undefined
        ? []
        : [{ case: c, communityReferralId: r.id, serviceName: r.name, sentAt: r.sent_at, status: r.status as 'sent' | 'no_response' }];
    }),
  };
}
