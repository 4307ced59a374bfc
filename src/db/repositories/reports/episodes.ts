import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// The episodes (referrals) behind the demand, pathway and reach reports, with what each report
// needs about the person (age, sex, ethnic category, area) and the pathway (first attempt, first
// successful contact, conversation, plan, community connections). Aggregate use only: nothing
// here leaves the service layer except as figures. Portable: plain comparisons on ISO text, a few
// GROUP BY queries keyed by referral id, joined in code.

export interface EpisodeFilter {
  practiceIds: readonly string[];
  /** Which date puts an episode in the period: when it was received, or when it was closed. */
  dateField: 'created_at' | 'closed_at';
  startUtc: string;
  endUtc: string;
  linkWorkerId?: string | null;
}

export interface EpisodeRow {
  id: string;
  personId: string;
  practiceId: string;
  source: string;
  needs: string[];
  status: string;
  statusReason: string | null;
  linkWorkerId: string | null;
  createdAt: string;
  acceptedAt: string | null;
  firstContactAt: string | null;
  closedAt: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  ethnicCategory: string | null;
  hasNhsNumber: boolean;
  postcode: string | null;
  lsoa: string | null;
  imdDecile: number | null;
  // Pathway, from the case's records:
  firstAttemptAt: string | null;
  firstSuccessAt: string | null;
  successfulContacts: number;
  contactsByType: Record<string, number>;
  conversationHeld: boolean;
  firstPlanAt: string | null;
  communityReferrals: number;
  signposts: number;
  confirmedConnections: number;
}

function referralIds(tx: Tx, f: EpisodeFilter): SelectQueryBuilder<DB, 'referral', { id: string }> {
  let q = tx
    .selectFrom('referral')
    .select('referral.id')
    .where('referral.practice_id', 'in', [...f.practiceIds]);
  q = q.where(`referral.${f.dateField}`, '>=', f.startUtc).where(`referral.${f.dateField}`, '<', f.endUtc);
  if (f.linkWorkerId !== undefined && f.linkWorkerId !== null) q = q.where('referral.link_worker_id', '=', f.linkWorkerId);
  return q;
}

function parseNeeds(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const CONFIRMED = ['accepted', 'started', 'attended', 'completed', 'did_not_attend'];

/** The episodes in the filter, with the person's details and the pathway's milestones. */
export async function listEpisodes(tx: Tx, f: EpisodeFilter): Promise<EpisodeRow[]> {
  if (f.practiceIds.length === 0) return [];
  const ids = referralIds(tx, f);
  const [base, contacts, contactTypes, conversations, plans, community] = await Promise.all([
    tx
      .selectFrom('referral as r')
      .innerJoin('person as p', 'p.id', 'r.person_id')
      .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
      .leftJoin('geo_lsoa as l', 'l.lsoa', 'g.lsoa')
      .select([
        'r.id',
        'r.person_id as personId',
        'r.practice_id as practiceId',
        'r.source',
        'r.needs',
        'r.status',
        'r.status_reason as statusReason',
        'r.link_worker_id as linkWorkerId',
        'r.created_at as createdAt',
        'r.accepted_at as acceptedAt',
        'r.first_contact_at as firstContactAt',
        'r.closed_at as closedAt',
        'p.date_of_birth as dateOfBirth',
        'p.sex',
        'p.ethnic_category as ethnicCategory',
        'p.nhs_number as nhsNumber',
        'p.postcode',
        'g.lsoa',
        'l.imd_decile as imdDecile',
      ])
      .where('r.id', 'in', ids)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute(),
    tx
      .selectFrom('contact')
      .select((eb) => [
        'referral_id as id',
        eb.fn.min('at').as('firstAttemptAt'),
        eb.fn.min(eb.case().when('successful', '=', 1).then(eb.ref('at')).end()).as('firstSuccessAt'),
        eb.fn.sum<number>(eb.case().when('successful', '=', 1).then(1).else(0).end()).as('successes'),
      ])
      .where('referral_id', 'in', ids)
      .groupBy('referral_id')
      .execute(),
    tx
      .selectFrom('contact')
      .select((eb) => ['referral_id as id', 'type', eb.fn.countAll<number>().as('n')])
      .where('referral_id', 'in', ids)
      .where('successful', '=', 1)
      .groupBy(['referral_id', 'type'])
      .execute(),
    tx.selectFrom('conversation').select('referral_id as id').where('referral_id', 'in', ids).execute(),
    tx
      .selectFrom('plan_version')
      .select((eb) => ['referral_id as id', eb.fn.min('created_at').as('firstPlanAt')])
      .where('referral_id', 'in', ids)
      .groupBy('referral_id')
      .execute(),
    tx
      .selectFrom('community_referral')
      .select((eb) => [
        'referral_id as id',
        eb.fn.sum<number>(eb.case().when('kind', '=', 'signpost').then(0).else(1).end()).as('referrals'),
        eb.fn.sum<number>(eb.case().when('kind', '=', 'signpost').then(1).else(0).end()).as('signposts'),
        eb.fn.sum<number>(eb.case().when('status', 'in', CONFIRMED).then(1).else(0).end()).as('confirmed'),
      ])
      .where('referral_id', 'in', ids)
      .groupBy('referral_id')
      .execute(),
  ]);
  const contactBy = new Map(contacts.map((c) => [c.id, c]));
  const typesBy = new Map<string, Record<string, number>>();
  for (const t of contactTypes) {
    const m = typesBy.get(t.id) ?? {};
    m[t.type] = Number(t.n);
    typesBy.set(t.id, m);
  }
  const conv = new Set(conversations.map((c) => c.id));
  const planBy = new Map(plans.map((p) => [p.id, p.firstPlanAt]));
  const commBy = new Map(community.map((c) => [c.id, c]));
  return base.map((r) => {
    const c = contactBy.get(r.id);
    const cr = commBy.get(r.id);
    return {
      id: r.id,
      personId: r.personId,
      practiceId: r.practiceId,
      source: r.source,
      needs: parseNeeds(r.needs),
      status: r.status,
      statusReason: r.statusReason,
      linkWorkerId: r.linkWorkerId,
      createdAt: r.createdAt,
      acceptedAt: r.acceptedAt,
      firstContactAt: r.firstContactAt,
      closedAt: r.closedAt,
      dateOfBirth: r.dateOfBirth,
      sex: r.sex,
      ethnicCategory: r.ethnicCategory,
      hasNhsNumber: r.nhsNumber !== null,
      postcode: r.postcode,
      lsoa: r.lsoa ?? null,
      imdDecile: r.imdDecile === null || r.imdDecile === undefined ? null : Number(r.imdDecile),
      firstAttemptAt: (c?.firstAttemptAt as string | null | undefined) ?? null,
      firstSuccessAt: (c?.firstSuccessAt) ?? null,
      successfulContacts: Number(c?.successes ?? 0),
      contactsByType: typesBy.get(r.id) ?? {},
      conversationHeld: conv.has(r.id),
      firstPlanAt: planBy.get(r.id) ?? null,
      communityReferrals: Number(cr?.referrals ?? 0),
      signposts: Number(cr?.signposts ?? 0),
      confirmedConnections: Number(cr?.confirmed ?? 0),
    };
  });
}

/** People (by id) with a referral received in a window, at the practices: for re-referral (D3). */
export async function listReferralDatesOfPeople(
  tx: Tx,
  personIds: readonly string[],
  startUtc: string,
  endUtc: string,
): Promise<{ personId: string; createdAt: string }[]> {
  const out: { personId: string; createdAt: string }[] = [];
  const list = [...new Set(personIds)];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const rows = await tx
      .selectFrom('referral')
      .select(['person_id as personId', 'created_at as createdAt'])
      .where('person_id', 'in', chunk)
      .where('created_at', '>=', startUtc)
      .where('created_at', '<', endUtc)
      .execute();
    out.push(...rows);
  }
  return out;
}
