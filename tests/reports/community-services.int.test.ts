import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeOrg, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import {
  figureOf,
  insertCommunityReferral,
  insertEpisode,
  insertPerson,
  insertService,
  type CommunityReferralSpec,
  type FigureJson,
} from './report-support.ts';

/**
 * Community services (S1–S4) against figures computed by hand, on both databases. Period 2026-Q3;
 * the clock reads 2026-11-21T09:00Z, so everything sent in Q3 was sent 14 or more days ago.
 *
 * Organisations V1 (Befriending A, Walking group B) and V2 (Debt advice C, and D, never used).
 * Capacity: A open, last verified 2026-11-01 (20 days ago); B waiting list, 6 weeks, never
 * verified, updated 2026-10-22 (30 days); C closed, updated 2026-09-22 (60 days).
 *
 * Each person P1…P17 has one case at a1 or a2 (PCN A). Sent in Q3 (responded k days after sending):
 * - A: P1–P4 completed (1), P5–P6 attended (2), P7 started (3), P8 accepted (1), P9 did not attend
 *   (5), P10 declined, full (10) = 10, confirmed 9;
 * - B: P10 accepted (2), P11–P12 no response, P13 still waiting (sent 20 Sep), P14 cancelled 3 days
 *   after sending unanswered, P15 cancelled 20 days after sending unanswered, P1 declined,
 *   ineligible (20) = 7, confirmed 1;
 * - C: P16 declined, other (0.5) = 1;
 * - signposts: A ← P17; C ← P16, P17, P3.
 * Outside: A ← P2 sent 5 October; B ← P18 sent 15 November (still waiting); at b1 (PCN B, the
 * commissioner's only) A ← P20 completed (1).
 *
 * PCN A:
 * - S1 by outcome: accepted 2, started 1, attended 2, completed 4, did not attend 1, declined 3,
 *   no response 2, cancelled 2, waiting 1 = 18; A 10, B 7, C 1; V1 17, V2 1; declines full 1,
 *   ineligible 1, other 1; signposts A 1, C 3 = 4.
 * - S2: 13 answered: 0.5, 1 ×5, 2 ×3, 3, 5, 10, 20 → median (7th) 2; p90 at 0.9 × 12 = 10.8 →
 *   5 + 0.8 × (10 − 5) = 9. Due: 18 less P14's (withdrawn within 14 days) = 17; unanswered at 14
 *   days: P11, P12, P13, P15, P1's late decline = 5 → 29.4%.
 * - S3: A 9/10 = 90%, B 1/7 = 14.3%, C 0%, all 10/18 = 55.6%; people referred on P1–P16 = 16
 *   (P17 only signposted), connected P1–P10 = 10 → 62.5%.
 * - S4: services used A, B, C: open 1, waiting list 1, closed 1; days 20, 30, 60; B waits 42 days.
 * November (period 2026-11): only P18's referral, sent 6 days ago: none due, so no share.
 */
describe.each(TEST_DIALECTS)('community-services report on %s', (dialect) => {
  let t: TestApp;
  let pcnLead: Session;
  let commissioner: Session;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  const svc = { a: '', b: '', c: '', d: '' };
  const org = { v1: '', v2: '', v1Name: '', v2Name: '' };

  const day = (d: string, plusDays = 0) => new Date(Date.parse(`${d}T10:00:00.000Z`) + plusDays * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, a2, b1 } = world;
    pcnLead = await sessionFor(t, (await makeUser(t.deps, 'pcn_lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const v1 = await makeOrg(t.deps, 'vcse');
    const v2 = await makeOrg(t.deps, 'vcse');
    Object.assign(org, { v1: v1.id, v2: v2.id, v1Name: v1.name, v2Name: v2.name });
    svc.a = await insertService(t.deps, v1.id, 'Befriending', { updatedAt: '2026-03-01T10:00:00.000Z' });
    svc.b = await insertService(t.deps, v1.id, 'Walking group', { capacity: 'waiting_list', updatedAt: '2026-10-22T10:00:00.000Z' });
    svc.c = await insertService(t.deps, v2.id, 'Debt advice', { capacity: 'closed', updatedAt: '2026-09-22T10:00:00.000Z' });
    svc.d = await insertService(t.deps, v2.id, 'Never used', { capacity: 'closed' });
    await t.deps.db.updateTable('service').set({ last_verified_at: '2026-11-01T10:00:00.000Z' }).where('id', '=', svc.a).execute();
    await t.deps.db.updateTable('service').set({ waiting_weeks: 6 }).where('id', '=', svc.b).execute();

    // One case per person: P1…P18 in PCN A (odd at a1, even at a2), P20 at b1.
    const cases = new Map<number, string>();
    for (const n of [...Array.from({ length: 18 }, (_, i) => i + 1), 20]) {
      const practiceId = n === 20 ? b1.id : n % 2 === 1 ? a1.id : a2.id;
      const personId = await insertPerson(t.deps, { practiceId });
      cases.set(n, await insertEpisode(t.deps, { personId, practiceId, createdAt: '2026-06-01T10:00:00.000Z', status: 'active' }));
    }
    const send = async (p: number, serviceId: string, spec: Omit<CommunityReferralSpec, 'referralId' | 'serviceId'>) =>
      insertCommunityReferral(t.deps, { referralId: cases.get(p) ?? '', serviceId, ...spec });
    const answered = (p: number, serviceId: string, status: string, sent: string, k: number, declineReason?: string) =>
      send(p, serviceId, { status, sentAt: day(sent), respondedAt: day(sent, k), ...(declineReason === undefined ? {} : { declineReason }) });

    for (const p of [1, 2, 3, 4]) await answered(p, svc.a, 'completed', '2026-07-01', 1);
    for (const p of [5, 6]) await answered(p, svc.a, 'attended', '2026-07-02', 2);
    await answered(7, svc.a, 'started', '2026-07-03', 3);
    await answered(8, svc.a, 'accepted', '2026-07-04', 1);
    await answered(9, svc.a, 'did_not_attend', '2026-07-05', 5);
    await answered(10, svc.a, 'declined', '2026-07-06', 10, 'full');

    await answered(10, svc.b, 'accepted', '2026-08-01', 2);
    for (const p of [11, 12]) await send(p, svc.b, { status: 'no_response', sentAt: day('2026-08-02'), updatedAt: day('2026-08-02', 14) });
    await send(13, svc.b, { status: 'sent', sentAt: day('2026-09-20') });
    await send(14, svc.b, { status: 'cancelled', sentAt: day('2026-08-03'), updatedAt: day('2026-08-03', 3) });
    await send(15, svc.b, { status: 'cancelled', sentAt: day('2026-08-04'), updatedAt: day('2026-08-04', 20) });
    await answered(1, svc.b, 'declined', '2026-08-05', 20, 'ineligible');

    await answered(16, svc.c, 'declined', '2026-09-01', 0.5, 'other');
    await send(17, svc.a, { kind: 'signpost', status: 'signposted', sentAt: day('2026-09-02') });
    for (const p of [16, 17, 3]) await send(p, svc.c, { kind: 'signpost', status: 'signposted', sentAt: day('2026-09-03') });

    await answered(2, svc.a, 'completed', '2026-10-05', 1);
    await send(18, svc.b, { status: 'sent', sentAt: day('2026-11-15') });
    await answered(20, svc.a, 'completed', '2026-07-07', 1);
  });
  afterAll(() => t.close());

  const get = async (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const report = async (s: Session, url: string) => {
    const res = await get(s, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[]; labels: Record<string, string>; notes: string[]; disclosure: string }>();
  };
  const v = (f: FigureJson[], m: string, b: string, g: string) => figureOf(f, m, b, g).value;
  const OUTCOMES = ['accepted', 'started', 'attended', 'completed', 'did_not_attend', 'declined', 'no_response', 'cancelled', 'waiting', 'total'];

  it('S1: referrals per service and organisation by outcome, declines by reason, signposts apart', async () => {
    const { figures: f, labels } = await report(pcnLead, '/api/v1/reports/community-services?period=2026-Q3');
    const row = (s: string) => OUTCOMES.map((o) => v(f, 'S1', 'service|outcome', `${s}|${o}`));
    expect(row(svc.a)).toEqual([1, 1, 2, 4, 1, 1, 0, 0, 0, 10]);
    expect(row(svc.b)).toEqual([1, 0, 0, 0, 0, 1, 2, 2, 1, 7]);
    expect(row(svc.c)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(OUTCOMES.map((o) => (o === 'total' ? v(f, 'S1', 'service|outcome', 'total') : v(f, 'S1', 'service|outcome', `total|${o}`)))).toEqual([
      2, 1, 2, 4, 1, 3, 2, 2, 1, 18,
    ]);
    expect(f.some((x) => x.group.startsWith(svc.d))).toBe(false);
    expect([v(f, 'S1', 'organisation', org.v1), v(f, 'S1', 'organisation', org.v2), v(f, 'S1', 'organisation', 'total')]).toEqual([17, 1, 18]);
    expect(['full', 'ineligible', 'unsuitable', 'no_response', 'person_declined', 'other', 'total'].map((r) => v(f, 'S1', 'decline_reason', r))).toEqual([
      1, 1, 0, 0, 0, 1, 3,
    ]);
    expect(f.filter((x) => x.breakdown === 'signposts').map((x) => [x.group, x.value])).toEqual([
      [svc.a, 1],
      [svc.c, 3],
      ['total', 4],
    ]);
    expect([labels[svc.a], labels[svc.b], labels[org.v1], labels[org.v2]]).toEqual(['Befriending', 'Walking group', org.v1Name, org.v2Name]);
  });

  it('S2: provider response time and the share unanswered at 14 days', async () => {
    const { figures: f } = await report(pcnLead, '/api/v1/reports/community-services?period=2026-Q3');
    expect(v(f, 'S2', 'measure', 'answered')).toBe(13);
    expect(v(f, 'S2', 'measure', 'response_median')).toBeCloseTo(2, 6);
    expect(v(f, 'S2', 'measure', 'response_p90')).toBeCloseTo(9, 6);
    expect(v(f, 'S2', 'measure', 'sent_14_days_ago')).toBe(17);
    expect(v(f, 'S2', 'measure', 'unanswered_at_14_days')).toBe(5);
    expect(v(f, 'S2', 'measure', 'unanswered_at_14_days_share')).toBeCloseTo((100 * 5) / 17, 6);
    // November: one referral, sent six days before the clock: not yet due.
    const nov = (await report(pcnLead, '/api/v1/reports/community-services?period=2026-11')).figures;
    expect([v(nov, 'S1', 'service|outcome', `${svc.b}|waiting`), v(nov, 'S2', 'measure', 'sent_14_days_ago')]).toEqual([1, 0]);
    expect(figureOf(nov, 'S2', 'measure', 'unanswered_at_14_days_share')).toMatchObject({ value: null, withheldReason: 'no_data' });
  });

  it('S3: connection rate per service and people with a confirmed connection', async () => {
    const { figures: f } = await report(pcnLead, '/api/v1/reports/community-services?period=2026-Q3');
    expect(v(f, 'S3', 'service', svc.a)).toBeCloseTo(90, 6);
    expect(v(f, 'S3', 'service', svc.b)).toBeCloseTo(100 / 7, 6);
    expect(v(f, 'S3', 'service', svc.c)).toBe(0);
    expect(v(f, 'S3', 'service', 'total')).toBeCloseTo((100 * 10) / 18, 6);
    expect([v(f, 'S3', 'people', 'referred_on'), v(f, 'S3', 'people', 'connected')]).toEqual([16, 10]);
    expect(v(f, 'S3', 'people', 'connected_share')).toBeCloseTo(62.5, 6);
    const a = figureOf(f, 'S3', 'service', svc.a);
    expect(a.ci95Lower).toBeLessThan(90);
    expect(a.ci95Upper).toBeGreaterThan(90);
  });

  it('S4: capacity of the services used and days since each was verified or updated', async () => {
    const { figures: f, notes } = await report(pcnLead, '/api/v1/reports/community-services?period=2026-Q3');
    expect(['open', 'waiting_list', 'closed', 'total'].map((c) => v(f, 'S4', 'capacity', c))).toEqual([1, 1, 1, 3]);
    expect([v(f, 'S4', 'service', svc.a), v(f, 'S4', 'service', svc.b), v(f, 'S4', 'service', svc.c)]).toEqual([20, 30, 60]);
    expect(f.filter((x) => x.breakdown === 'waiting_days').map((x) => [x.group, x.value])).toEqual([[svc.b, 42]]);
    expect(notes.join(' ')).toContain('Walking group (waiting list, 6 weeks)');
    expect(notes.join(' ')).toContain('Debt advice (closed to referrals)');
  });

  it('a commissioner: no count 1–7 on screen or in the CSV; rates withheld with their small parts', async () => {
    const body = await report(commissioner, '/api/v1/reports/community-services?period=2026-Q3');
    expect(body.disclosure).toBe('suppressed');
    const f = body.figures;
    for (const x of f) if (x.unit === 'count' && x.value !== null) expect(x.value === 0 || x.value > 7, `${x.breakdown}/${x.group}`).toBe(true);
    // With P20 at b1, Befriending had 11 (10 shown); Walking group's one connection is too few to show.
    expect(v(f, 'S1', 'service|outcome', `${svc.a}|total`)).toBe(10);
    expect(v(f, 'S3', 'service', svc.a)).toBe(90.9);
    expect(figureOf(f, 'S3', 'service', svc.b).withheldReason).not.toBeNull();
    expect(figureOf(f, 'S1', 'service|outcome', `${svc.a}|completed`).withheldReason).toBe('small_number_suppressed');
    // Fourteen answered: the median is released (10 or more), rounded.
    expect(v(f, 'S2', 'measure', 'response_median')).toBe(1.5);

    const csv = await get(commissioner, '/api/v1/reports/community-services.csv?period=2026-Q3&disclosure=exact');
    expect(csv.statusCode).toBe(200);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows.length).toBe(f.length);
    for (const r of rows) {
      expect(r.disclosure).toBe('suppressed');
      if (r.unit === 'count' && r.value !== '') expect(Number(r.value) === 0 || Number(r.value) > 7).toBe(true);
    }
  });
});
