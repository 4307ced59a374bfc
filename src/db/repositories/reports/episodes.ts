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

/**
 * What to read besides the referral itself. A report reads only what it uses: at an ICB's scale
 * (~200,000 referrals a year) each part is a join or a grouped read of a million rows. The fields
 * of a part not read keep their empty values (null, 0, false, {}).
 */
export interface EpisodeParts {
  /** The person's date of birth, sex, ethnic category, NHS number and area (reach). */
  person: boolean;
  /** The pathway's milestones: first attempt, first successful contact, conversation, first plan, community referrals (F1–F3). */
  milestones: boolean;
  /** Successful contacts, in all and by type (F5). */
  contactCounts: boolean;
}

const EVERYTHING: EpisodeParts = { person: true, milestones: true, contactCounts: true };

/** The episodes in the filter, with the person's details and the pathway's milestones (those `parts` asks for). */
export async function listEpisodes(tx: Tx, f: EpisodeFilter, parts: EpisodeParts = EVERYTHING): Promise<EpisodeRow[]> {
  if (f.practiceIds.length === 0) return [];
  const ids = referralIds(tx, f);
  const restToo = parts.milestones;
  // The filter on the referral itself rather than `r.id IN (…)`: one range read of the practice–date index.
  let base = tx
    .selectFrom('referral as r')
    .where('r.practice_id', 'in', [...f.practiceIds])
    .where(`r.${f.dateField}`, '>=', f.startUtc)
    .where(`r.${f.dateField}`, '<', f.endUtc);
  if (f.linkWorkerId !== undefined && f.linkWorkerId !== null) base = base.where('r.link_worker_id', '=', f.linkWorkerId);
  const referralColumns = [
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
  ] as const;
  const [rows, firstContacts, contactTypes, conversations, plans, community] = await Promise.all([
    base
      .select(referralColumns)
      // Every referral has its person (a foreign key): without the person's part, leaving the join out drops no episode.
      .$if(parts.person, (q) =>
        q
          .innerJoin('person as p', 'p.id', 'r.person_id')
          .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
          .leftJoin('geo_lsoa as l', 'l.lsoa', 'g.lsoa')
          .select([
            'p.date_of_birth as dateOfBirth',
            'p.sex',
            'p.ethnic_category as ethnicCategory',
            'p.nhs_number as nhsNumber',
            'p.postcode',
            'g.lsoa',
            'l.imd_decile as imdDecile',
          ]),
      )
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute(),
    // Contacts are read from contact_report_idx alone (referral_id, successful, at, …): the earliest
    // of each case, successful or not, in the index's own order; successful ones by type.
    parts.milestones
      ? tx
          .selectFrom('contact')
          .select((eb) => ['referral_id as id', 'successful', eb.fn.min('at').as('firstAt')])
          .where('referral_id', 'in', ids)
          .groupBy(['referral_id', 'successful'])
          .execute()
      : Promise.resolve([]),
    parts.contactCounts
      ? tx
          .selectFrom('contact')
          .select((eb) => ['referral_id as id', 'type', eb.fn.countAll<number>().as('n')])
          .where('referral_id', 'in', ids)
          .where('successful', '=', 1)
          .groupBy(['referral_id', 'type'])
          .execute()
      : Promise.resolve([]),
    restToo ? tx.selectFrom('conversation').select('referral_id as id').where('referral_id', 'in', ids).execute() : Promise.resolve([]),
    restToo
      ? tx
          .selectFrom('plan_version')
          .select((eb) => ['referral_id as id', eb.fn.min('created_at').as('firstPlanAt')])
          .where('referral_id', 'in', ids)
          .groupBy('referral_id')
          .execute()
      : Promise.resolve([]),
    restToo
      ? tx
          .selectFrom('community_referral')
          .select((eb) => [
            'referral_id as id',
            eb.fn.sum<number>(eb.case().when('kind', '=', 'signpost').then(0).else(1).end()).as('referrals'),
            eb.fn.sum<number>(eb.case().when('kind', '=', 'signpost').then(1).else(0).end()).as('signposts'),
            eb.fn.sum<number>(eb.case().when('status', 'in', CONFIRMED).then(1).else(0).end()).as('confirmed'),
          ])
          .where('referral_id', 'in', ids)
          .groupBy('referral_id')
          .execute()
      : Promise.resolve([]),
  ]);
  // The first attempt is the earliest contact of any kind; the first success, the earliest with
  // successful = 1 (as min(at) and min(CASE WHEN successful = 1 …) had them).
  const contactBy = new Map<string, { firstAttemptAt: string | null; firstSuccessAt: string | null; successes: number }>();
  const contactOf = (id: string) => {
    let c = contactBy.get(id);
    if (c === undefined) contactBy.set(id, (c = { firstAttemptAt: null, firstSuccessAt: null, successes: 0 }));
    return c;
  };
  for (const g of firstContacts) {
    const at = g.firstAt as string | null;
    const c = contactOf(g.id);
    if (at !== null && (c.firstAttemptAt === null || at < c.firstAttemptAt)) c.firstAttemptAt = at;
    if (Number(g.successful) === 1) c.firstSuccessAt = at;
  }
  const typesBy = new Map<string, Record<string, number>>();
  for (const t of contactTypes) {
    const m = typesBy.get(t.id) ?? {};
    m[t.type] = Number(t.n);
    typesBy.set(t.id, m);
    contactOf(t.id).successes += Number(t.n);
  }
  const conv = new Set(conversations.map((c) => c.id));
  const planBy = new Map(plans.map((p) => [p.id, p.firstPlanAt]));
  const commBy = new Map(community.map((c) => [c.id, c]));
  return rows.map((r) => {
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
      dateOfBirth: r.dateOfBirth ?? null,
      sex: r.sex ?? null,
      ethnicCategory: r.ethnicCategory ?? null,
      hasNhsNumber: parts.person && r.nhsNumber !== null,
      postcode: r.postcode ?? null,
      lsoa: r.lsoa ?? null,
      imdDecile: r.imdDecile === null || r.imdDecile === undefined ? null : Number(r.imdDecile),
      firstAttemptAt: c?.firstAttemptAt ?? null,
      firstSuccessAt: c?.firstSuccessAt ?? null,
      successfulContacts: c?.successes ?? 0,
      contactsByType: typesBy.get(r.id) ?? {},
      conversationHeld: conv.has(r.id),
      firstPlanAt: planBy.get(r.id) ?? null,
      communityReferrals: Number(cr?.referrals ?? 0),
      signposts: Number(cr?.signposts ?? 0),
      confirmedConnections: Number(cr?.confirmed ?? 0),
    };
  });
}

/**
 * Re-referral (D3): how many people had a discharge closed in [startUtc, endUtc) at the practices,
 * and, for each of them, the earliest such discharge and their referrals (at any practice)
 * received in [startUtc, receivedBeforeUtc) after it. One grouped read and one join, instead of
 * every discharged episode and its people's referrals 500 at a time.
 */
export async function listReReferrals(
  tx: Tx,
  practiceIds: readonly string[],
  window: { startUtc: string; endUtc: string; receivedBeforeUtc: string },
): Promise<{ discharged: number; later: { personId: string; dischargedAt: string; createdAt: string }[] }> {
  if (practiceIds.length === 0) return { discharged: 0, later: [] };
  const discharges = tx
    .selectFrom('referral')
    .where('practice_id', 'in', [...practiceIds])
    .where('closed_at', '>=', window.startUtc)
    .where('closed_at', '<', window.endUtc)
    .where('status', '=', 'discharged');
  const [count, later] = await Promise.all([
    discharges.select((eb) => eb.fn.count<number>('person_id').distinct().as('n')).executeTakeFirst(),
    tx
      .selectFrom(
        discharges
          .select((eb) => ['person_id', eb.fn.min<string>('closed_at').as('first_closed')])
          .groupBy('person_id')
          .as('d'),
      )
      .innerJoin('referral as r', 'r.person_id', 'd.person_id')
      .select(['d.person_id as personId', 'd.first_closed as dischargedAt', 'r.created_at as createdAt'])
      .where('r.created_at', '>=', window.startUtc)
      .where('r.created_at', '<', window.receivedBeforeUtc)
      .whereRef('r.created_at', '>', 'd.first_closed')
      .execute(),
  ]);
  return { discharged: Number(count?.n ?? 0), later };
}
