import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../src/domain/case-lifecycle.ts';
import type { Tx } from '../../src/services/kernel/context.ts';
import { listCommunityReferralFigureRows } from '../../src/db/repositories/reports/community-services.ts';
import { listEpisodes, listReReferrals, type EpisodeRow } from '../../src/db/repositories/reports/episodes.ts';
import { listReportLinkWorkers } from '../../src/db/repositories/reports/report-scope.ts';
import { listReferralNeedLists, listUnmetNeedFigureRows } from '../../src/db/repositories/reports/unmet-need.ts';
import { countOpenCaseloads, countSuccessfulContacts, listNewlyContacted } from '../../src/db/repositories/reports/workload.ts';
import { generateReportsData, REPORTS_NOW, type ReportsShape } from '../../bench/reports-data.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../support/databases.ts';

/**
 * The report reads were reworked for speed at an ICB's scale (bench/reports.ts): covering indexes,
 * grouped reads instead of per-row ones, EXISTS instead of IN lists, and rows dated in a period
 * found either by date or through the practices' cases. None may change a figure. On a small
 * generated ICB (the benchmark's generator: six PCNs, five years, every kind of row), each read is
 * compared with the query it replaced — kept here as the reference — and the two ways of leading
 * are compared with each other, for the whole ICB, one PCN and one practice, a year and a quarter.
 */

const SHAPE: ReportsShape = { referrals: 1_500, pcns: 6, linkWorkersPerPcn: 3, lsoas: 120, vcseOrganisations: 8, services: 30, seed: 20_261_207 };

const WINDOWS = [
  { name: '2025', startUtc: '2025-01-01T00:00:00.000Z', endUtc: '2026-01-01T00:00:00.000Z' },
  { name: '2026-Q3', startUtc: '2026-06-30T23:00:00.000Z', endUtc: '2026-09-30T23:00:00.000Z' },
];
const NOW = REPORTS_NOW.toISOString();

const CONFIRMED = ['accepted', 'started', 'attended', 'completed', 'did_not_attend'];

const byJson = <T>(rows: readonly T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

// ---- the reads as they were before the rework (the reference) ----

async function referenceEpisodes(
  tx: Tx,
  practiceIds: string[],
  dateField: 'created_at' | 'closed_at',
  w: { startUtc: string; endUtc: string },
  linkWorkerId?: string,
) {
  let ids = tx
    .selectFrom('referral')
    .select('referral.id')
    .where('referral.practice_id', 'in', practiceIds)
    .where(`referral.${dateField}`, '>=', w.startUtc)
    .where(`referral.${dateField}`, '<', w.endUtc);
  if (linkWorkerId !== undefined) ids = ids.where('referral.link_worker_id', '=', linkWorkerId);
  const base = await tx
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
    .execute();
  const contacts = await tx
    .selectFrom('contact')
    .select((eb) => [
      'referral_id as id',
      eb.fn.min('at').as('firstAttemptAt'),
      eb.fn.min(eb.case().when('successful', '=', 1).then(eb.ref('at')).end()).as('firstSuccessAt'),
      eb.fn.sum<number>(eb.case().when('successful', '=', 1).then(1).else(0).end()).as('successes'),
    ])
    .where('referral_id', 'in', ids)
    .groupBy('referral_id')
    .execute();
  const types = await tx
    .selectFrom('contact')
    .select((eb) => ['referral_id as id', 'type', eb.fn.countAll<number>().as('n')])
    .where('referral_id', 'in', ids)
    .where('successful', '=', 1)
    .groupBy(['referral_id', 'type'])
    .execute();
  const conversations = new Set((await tx.selectFrom('conversation').select('referral_id as id').where('referral_id', 'in', ids).execute()).map((c) => c.id));
  const plans = new Map(
    (
      await tx
        .selectFrom('plan_version')
        .select((eb) => ['referral_id as id', eb.fn.min('created_at').as('firstPlanAt')])
        .where('referral_id', 'in', ids)
        .groupBy('referral_id')
        .execute()
    ).map((p) => [p.id, p.firstPlanAt]),
  );
  const community = new Map(
    (
      await tx
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
    ).map((c) => [c.id, c]),
  );
  const contactBy = new Map(contacts.map((c) => [c.id, c]));
  const typesBy = new Map<string, Record<string, number>>();
  for (const t of types) typesBy.set(t.id, { ...typesBy.get(t.id), [t.type]: Number(t.n) });
  return base.map((r): EpisodeRow => {
    const c = contactBy.get(r.id);
    const cr = community.get(r.id);
    return {
      id: r.id,
      personId: r.personId,
      practiceId: r.practiceId,
      source: r.source,
      needs: JSON.parse(r.needs) as string[],
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
      firstSuccessAt: c?.firstSuccessAt ?? null,
      successfulContacts: Number(c?.successes ?? 0),
      contactsByType: typesBy.get(r.id) ?? {},
      conversationHeld: conversations.has(r.id),
      firstPlanAt: plans.get(r.id) ?? null,
      communityReferrals: Number(cr?.referrals ?? 0),
      signposts: Number(cr?.signposts ?? 0),
      confirmedConnections: Number(cr?.confirmed ?? 0),
    };
  });
}

function referenceCommunityRows(tx: Tx, practiceIds: string[], w: { startUtc: string; endUtc: string }) {
  return tx
    .selectFrom('community_referral as c')
    .innerJoin('referral as r', 'r.id', 'c.referral_id')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .select([
      'c.id',
      'r.person_id as personId',
      'c.service_id as serviceId',
      's.organisation_id as organisationId',
      'c.kind',
      'c.status',
      'c.decline_reason as declineReason',
      'c.sent_at as sentAt',
      'c.responded_at as respondedAt',
      'c.updated_at as updatedAt',
    ])
    .where('r.practice_id', 'in', practiceIds)
    .where('c.sent_at', '>=', w.startUtc)
    .where('c.sent_at', '<', w.endUtc)
    .orderBy('c.sent_at')
    .orderBy('c.id')
    .execute();
}

async function referenceUnmetRows(tx: Tx, practiceIds: string[], w: { startUtc: string; endUtc: string }) {
  const rows = await tx
    .selectFrom('unmet_need as u')
    .innerJoin('referral as r', 'r.id', 'u.referral_id')
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'u.lsoa')
    .select(['u.need', 'u.kind', 'u.barrier', 'u.lsoa', 'l.imd_decile as imdDecile'])
    .where('r.practice_id', 'in', practiceIds)
    .where('u.created_at', '>=', w.startUtc)
    .where('u.created_at', '<', w.endUtc)
    .orderBy('u.created_at')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, imdDecile: r.imdDecile === null ? null : Number(r.imdDecile) }));
}

async function referenceNewlyContacted(tx: Tx, practiceIds: string[], linkWorkerIds: string[], w: { startUtc: string; endUtc: string }) {
  const rows = await tx
    .selectFrom('referral as r')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('contact')
          .select((s) => ['referral_id', s.fn.min('at').as('first_at')])
          .where('successful', '=', 1)
          .groupBy('referral_id')
          .as('fc'),
      (join) => join.onRef('fc.referral_id', '=', 'r.id'),
    )
    .select(['r.link_worker_id as linkWorkerId', 'r.person_id as personId'])
    .where('r.practice_id', 'in', practiceIds)
    .where('r.link_worker_id', 'in', linkWorkerIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('fc.first_at', '>=', w.startUtc), eb('fc.first_at', '<', w.endUtc)]),
        eb.and([eb('fc.first_at', 'is', null), eb('r.first_contact_at', '>=', w.startUtc), eb('r.first_contact_at', '<', w.endUtc)]),
      ]),
    )
    .distinct()
    .execute();
  return rows.flatMap((r) => (r.linkWorkerId === null ? [] : [{ linkWorkerId: r.linkWorkerId, personId: r.personId }]));
}

async function referenceSuccessfulContacts(tx: Tx, practiceIds: string[], w: { startUtc: string; endUtc: string }) {
  const rows = await tx
    .selectFrom('contact as c')
    .innerJoin('referral as r', 'r.id', 'c.referral_id')
    .select((eb) => ['c.created_by as recordedBy', 'r.link_worker_id as caseLinkWorkerId', eb.fn.countAll<number>().as('contacts')])
    .where('r.practice_id', 'in', practiceIds)
    .where('c.successful', '=', 1)
    .where('c.at', '>=', w.startUtc)
    .where('c.at', '<', w.endUtc)
    .groupBy(['c.created_by', 'r.link_worker_id'])
    .execute();
  return rows.map((r) => ({ recordedBy: r.recordedBy, caseLinkWorkerId: r.caseLinkWorkerId, contacts: Number(r.contacts) }));
}

async function referenceOpenCaseloads(tx: Tx, practiceIds: string[], linkWorkerIds: string[], activeSinceUtc: string) {
  const rows = await tx
    .selectFrom('referral as r')
    .select((eb) => [
      'r.link_worker_id as linkWorkerId',
      eb.fn.countAll<number>().as('open'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              'r.id',
              'in',
              eb.selectFrom('contact as c').select('c.referral_id').where('c.successful', '=', 1).where('c.at', '>=', activeSinceUtc).where('c.at', '<=', NOW),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('active'),
    ])
    .where('r.practice_id', 'in', practiceIds)
    .where('r.link_worker_id', 'in', linkWorkerIds)
    .where('r.status', 'in', [...OPEN_STATUSES])
    .groupBy('r.link_worker_id')
    .execute();
  return rows.flatMap((r) => (r.linkWorkerId === null ? [] : [{ linkWorkerId: r.linkWorkerId, open: Number(r.open), active: Number(r.active ?? 0) }]));
}

async function referenceLinkWorkers(tx: Tx, practiceIds: string[]) {
  return tx
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name as name', 'u.contracted_minutes as contractedMinutes'])
    .where('u.role', '=', 'link_worker')
    .where((eb) =>
      eb.or([
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('user_scope as us')
            .select('us.user_id')
            .where((w) =>
              w.or([
                w('us.organisation_id', 'in', practiceIds),
                w(
                  'us.organisation_id',
                  'in',
                  w
                    .selectFrom('organisation')
                    .select('parent_id')
                    .where('id', 'in', practiceIds)
                    .where('parent_id', 'is not', null)
                    .$narrowType<{ parent_id: string }>(),
                ),
              ]),
            ),
        ),
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('referral')
            .select('link_worker_id')
            .where('practice_id', 'in', practiceIds)
            .where('link_worker_id', 'is not', null)
            .$narrowType<{ link_worker_id: string }>(),
        ),
      ]),
    )
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
}

/** D3 as the demand builder computed it: discharged episodes in the window, then their people's referrals. */
async function referenceReReferrals(tx: Tx, practiceIds: string[], w: { startUtc: string; endUtc: string }) {
  const discharged = await referenceEpisodes(tx, practiceIds, 'closed_at', w);
  const first = new Map<string, string>();
  for (const e of discharged) {
    if (e.status !== 'discharged' || e.closedAt === null) continue;
    const prev = first.get(e.personId);
    if (prev === undefined || e.closedAt < prev) first.set(e.personId, e.closedAt);
  }
  const later =
    [...first.keys()].length === 0
      ? []
      : await tx
          .selectFrom('referral')
          .select(['person_id as personId', 'created_at as createdAt'])
          .where('person_id', 'in', [...first.keys()])
          .where('created_at', '>=', w.startUtc)
          .where('created_at', '<', NOW)
          .execute();
  return { first, later };
}

const reReferredOf = (first: Map<string, string>, later: { personId: string; createdAt: string }[]): string[] =>
  [
    ...new Set(
      later.flatMap((r) => {
        const d = first.get(r.personId);
        return d !== undefined && r.createdAt > d && r.createdAt < new Date(Date.parse(d) + 365 * 86_400_000).toISOString() ? [r.personId] : [];
      }),
    ),
  ].sort();

describe.each(TEST_DIALECTS)('report reads equal the queries they replaced, on %s', (dialect) => {
  let database: TestDatabase;
  let tx: Tx;
  const scopes: { name: string; practiceIds: string[]; linkWorkerIds: string[] }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    tx = database.db;
    await generateReportsData(database.db, dialect, SHAPE, 1, REPORTS_NOW);
    const practices = await tx.selectFrom('organisation').select(['id', 'parent_id as pcn']).where('kind', '=', 'practice').orderBy('ods_code').execute();
    const all = practices.map((p) => p.id);
    const pcn = practices[0]?.pcn ?? '';
    const onePcn = practices.filter((p) => p.pcn === pcn).map((p) => p.id);
    for (const [name, practiceIds] of [
      ['the ICB', all],
      ['one PCN', onePcn],
      ['one practice', all.slice(1, 2)],
    ] as const) {
      const linkWorkerIds = (await listReportLinkWorkers(tx, practiceIds)).map((l) => l.id);
      scopes.push({ name, practiceIds: [...practiceIds], linkWorkerIds });
    }
  }, 120_000);

  afterAll(async () => {
    await database.drop();
  });

  it('has a world worth comparing on', async () => {
    const n = async (t: 'referral' | 'contact' | 'community_referral' | 'unmet_need') =>
      Number(
        (
          await tx
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await n('referral')).toBeGreaterThan(1_000);
    expect(await n('contact')).toBeGreaterThan(4_000);
    expect(await n('community_referral')).toBeGreaterThan(800);
    expect(await n('unmet_need')).toBeGreaterThan(100);
    expect(scopes.map((s) => s.practiceIds.length)).toEqual([expect.any(Number) as number, expect.any(Number) as number, 1]);
  });

  it('link workers of a report: EXISTS per link worker, as the IN list had them', async () => {
    for (const s of scopes) expect(await listReportLinkWorkers(tx, s.practiceIds)).toEqual(await referenceLinkWorkers(tx, s.practiceIds));
  });

  it('episodes: each part read apart, contacts folded from one grouped read, as the five aggregates had them', async () => {
    for (const s of scopes) {
      for (const w of WINDOWS) {
        for (const dateField of ['created_at', 'closed_at'] as const) {
          const expected = await referenceEpisodes(tx, s.practiceIds, dateField, w);
          const f = { practiceIds: s.practiceIds, dateField, startUtc: w.startUtc, endUtc: w.endUtc };
          expect(await listEpisodes(tx, f)).toEqual(expected);
          // A part not asked for keeps its empty values; everything else is as read in full.
          const none = expected.map((e) => ({
            ...e,
            dateOfBirth: null,
            sex: null,
            ethnicCategory: null,
            hasNhsNumber: false,
            postcode: null,
            lsoa: null,
            imdDecile: null,
          }));
          const bare = none.map((e) => ({
            ...e,
            firstAttemptAt: null,
            firstSuccessAt: null,
            successfulContacts: 0,
            contactsByType: {},
            conversationHeld: false,
            firstPlanAt: null,
            communityReferrals: 0,
            signposts: 0,
            confirmedConnections: 0,
          }));
          expect(await listEpisodes(tx, f, { person: false, milestones: false, contactCounts: false })).toEqual(bare);
          expect(await listEpisodes(tx, f, { person: true, milestones: false, contactCounts: false })).toEqual(
            bare.map((b, i) => ({ ...b, ...pick(expected[i], ['dateOfBirth', 'sex', 'ethnicCategory', 'hasNhsNumber', 'postcode', 'lsoa', 'imdDecile']) })),
          );
          expect(await listEpisodes(tx, f, { person: false, milestones: true, contactCounts: false })).toEqual(
            bare.map((b, i) => ({
              ...b,
              ...pick(expected[i], [
                'firstAttemptAt',
                'firstSuccessAt',
                'conversationHeld',
                'firstPlanAt',
                'communityReferrals',
                'signposts',
                'confirmedConnections',
              ]),
            })),
          );
          expect(await listEpisodes(tx, f, { person: false, milestones: false, contactCounts: true })).toEqual(
            bare.map((b, i) => ({ ...b, ...pick(expected[i], ['successfulContacts', 'contactsByType']) })),
          );
        }
      }
    }
    // The link-worker filter.
    const lw = scopes[1]?.linkWorkerIds[0] ?? '';
    const s = scopes[1]?.practiceIds ?? [];
    const w = WINDOWS[0] ?? { startUtc: '', endUtc: '' };
    expect(await listEpisodes(tx, { practiceIds: s, dateField: 'created_at', startUtc: w.startUtc, endUtc: w.endUtc, linkWorkerId: lw })).toEqual(
      await referenceEpisodes(tx, s, 'created_at', w, lw),
    );
  });

  it('re-referral (D3): one grouped read and one join, as the episodes and the people 500 at a time had it', async () => {
    for (const s of scopes) {
      for (const w of WINDOWS) {
        const ref = await referenceReReferrals(tx, s.practiceIds, w);
        const got = await listReReferrals(tx, s.practiceIds, { startUtc: w.startUtc, endUtc: w.endUtc, receivedBeforeUtc: NOW });
        expect(got.discharged).toBe(ref.first.size);
        expect(reReferredOf(new Map(got.later.map((r) => [r.personId, r.dischargedAt])), got.later)).toEqual(reReferredOf(ref.first, ref.later));
      }
    }
  });

  it('community referrals: by date or by case, the same rows as the join had', async () => {
    for (const s of scopes) {
      for (const w of WINDOWS) {
        const expected = await referenceCommunityRows(tx, s.practiceIds, w);
        const window = { practiceIds: s.practiceIds, startUtc: w.startUtc, endUtc: w.endUtc };
        expect(await listCommunityReferralFigureRows(tx, window, 'date')).toEqual(expected);
        expect(await listCommunityReferralFigureRows(tx, window, 'case')).toEqual(expected);
        expect(await listCommunityReferralFigureRows(tx, window)).toEqual(expected);
      }
    }
  });

  it('unmet needs and the needs named on referrals, as before', async () => {
    for (const s of scopes) {
      for (const w of WINDOWS) {
        const expected = await referenceUnmetRows(tx, s.practiceIds, w);
        const window = { practiceIds: s.practiceIds, startUtc: w.startUtc, endUtc: w.endUtc };
        expect(await listUnmetNeedFigureRows(tx, window, 'date')).toEqual(expected);
        expect(await listUnmetNeedFigureRows(tx, window, 'case')).toEqual(expected);
        const lists = await tx
          .selectFrom('referral')
          .select('needs')
          .where('practice_id', 'in', s.practiceIds)
          .where('created_at', '>=', w.startUtc)
          .where('created_at', '<', w.endUtc)
          .execute();
        const counted = new Map<string, number>();
        for (const l of lists) counted.set(l.needs, (counted.get(l.needs) ?? 0) + 1);
        expect(byJson(await listReferralNeedLists(tx, window))).toEqual(byJson([...counted].map(([needs, referrals]) => ({ needs, referrals }))));
      }
    }
  });

  it('workload: caseloads, new people and contacts, by date or by case, as the IN lists and the grouped join had them', async () => {
    for (const s of scopes) {
      const scope = { practiceIds: s.practiceIds, linkWorkerIds: s.linkWorkerIds };
      const activeSinceUtc = new Date(Date.parse(NOW) - 90 * 86_400_000).toISOString();
      expect(byJson(await countOpenCaseloads(tx, scope, { activeSinceUtc, nowUtc: NOW }))).toEqual(
        byJson(await referenceOpenCaseloads(tx, s.practiceIds, s.linkWorkerIds, activeSinceUtc)),
      );
      for (const w of [...WINDOWS, { name: '12 months', startUtc: '2025-12-07T00:00:00.000Z', endUtc: '2026-12-08T00:00:00.000Z' }]) {
        const newly = byJson(await referenceNewlyContacted(tx, s.practiceIds, s.linkWorkerIds, w));
        expect(newly.length).toBeGreaterThan(0);
        expect(byJson(await listNewlyContacted(tx, scope, w, 'date'))).toEqual(newly);
        expect(byJson(await listNewlyContacted(tx, scope, w, 'case'))).toEqual(newly);
        const contacts = byJson(await referenceSuccessfulContacts(tx, s.practiceIds, w));
        expect(byJson(await countSuccessfulContacts(tx, s.practiceIds, w, 'date'))).toEqual(contacts);
        expect(byJson(await countSuccessfulContacts(tx, s.practiceIds, w, 'case'))).toEqual(contacts);
      }
    }
  });
});

function pick<T extends object, K extends keyof T>(o: T | undefined, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  if (o !== undefined) for (const k of keys) out[k] = o[k];
  return out;
}
