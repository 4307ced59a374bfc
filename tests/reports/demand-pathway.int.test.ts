import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { figureOf, insertEpisode, insertPerson, insertService, type FigureJson } from './report-support.ts';

/**
 * Demand (D1–D3) and pathway (F1–F5) against figures computed by hand, on both databases.
 *
 * The world (period 2026-Q3 = 1 July – 30 September 2026, London time; BST, so it starts at
 * 2026-06-30T23:00Z and ends at 2026-09-30T23:00Z). PCN A: a1 (list 8,000), a2 (list 9,000).
 * PCN B: b1 (out of the PCN lead's scope).
 * - E1 a1, P1, gp, [loneliness, debt], received Wed 1 Jul 08:00Z; failed attempt Thu 2 Jul, first
 *   success Mon 6 Jul (3 working days), 6 successful contacts (1 phone, 5 face to face);
 *   conversation; plan 10 Jul 10:00Z (9.0833 days); community referral accepted; discharged
 *   goals met 1 Sep 10:00Z (62.0833 days).
 * - E2 a1, P2, self, [loneliness], received 30 Jun 23:30Z (= 1 Jul 00:30 London: inside Q3);
 *   three failed attempts (2, 3, 6 Jul); discharged unable to contact 15 Aug 10:00Z (45.4375 days).
 * - E3 a2, P3, partner, [housing], received Mon 10 Aug 12:00Z, contacted the same day (0),
 *   conversation, a signpost; active.
 * - E4 a2, gp, received 30 Sep 23:30Z (= 1 Oct 00:30 London: outside Q3).
 * - E5 b1, gp, received 1 Aug: outside PCN A.
 * - E6 a1, P1 again, gp, [loneliness], received 20 Sep 10:00Z: P1 re-referred after discharge.
 */
describe.each(TEST_DIALECTS)('demand and pathway reports on %s', (dialect) => {
  let t: TestApp;
  let pcnLead: Session;
  let commissioner: Session;
  let lead: Session;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let lw1: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, a2, b1, vcse } = world;
    const users = {
      pcnLead: await makeUser(t.deps, 'pcn_lead', [pcnA]),
      commissioner: await makeUser(t.deps, 'commissioner', [icb]),
      lead: await makeUser(t.deps, 'lead', [pcnA]),
      lw1: await makeUser(t.deps, 'link_worker', [a1]),
    };
    lw1 = users.lw1.id;
    pcnLead = await sessionFor(t, users.pcnLead.email);
    commissioner = await sessionFor(t, users.commissioner.email);
    lead = await sessionFor(t, users.lead.email);
    const service = await insertService(t.deps, vcse.id, 'Befriending');
    const p1 = await insertPerson(t.deps, { practiceId: a1.id });
    const p2 = await insertPerson(t.deps, { practiceId: a1.id });
    const p3 = await insertPerson(t.deps, { practiceId: a2.id });
    const p4 = await insertPerson(t.deps, { practiceId: a2.id });
    const p5 = await insertPerson(t.deps, { practiceId: b1.id });
    await insertEpisode(t.deps, {
      personId: p1,
      practiceId: a1.id,
      source: 'gp',
      needs: ['loneliness', 'debt'],
      createdAt: '2026-07-01T08:00:00.000Z',
      linkWorkerId: lw1,
      status: 'discharged',
      statusReason: 'goals_met',
      closedAt: '2026-09-01T10:00:00.000Z',
      contacts: [
        ['2026-07-02T10:00:00.000Z', false],
        ['2026-07-06T10:00:00.000Z', true, 'phone'],
        ['2026-07-13T10:00:00.000Z', true, 'face_to_face'],
        ['2026-07-20T10:00:00.000Z', true, 'face_to_face'],
        ['2026-07-27T10:00:00.000Z', true, 'face_to_face'],
        ['2026-08-03T10:00:00.000Z', true, 'face_to_face'],
        ['2026-08-10T10:00:00.000Z', true, 'face_to_face'],
      ],
      conversationAt: '2026-07-06T10:30:00.000Z',
      planAt: '2026-07-10T10:00:00.000Z',
      community: [[service, 'referral', 'accepted', '2026-07-10T11:00:00.000Z', '2026-07-12T11:00:00.000Z']],
    });
    await insertEpisode(t.deps, {
      personId: p2,
      practiceId: a1.id,
      source: 'self',
      createdAt: '2026-06-30T23:30:00.000Z',
      linkWorkerId: lw1,
      status: 'discharged',
      statusReason: 'unable_to_contact',
      closedAt: '2026-08-15T10:00:00.000Z',
      contacts: [
        ['2026-07-02T10:00:00.000Z', false],
        ['2026-07-03T10:00:00.000Z', false],
        ['2026-07-06T10:00:00.000Z', false],
      ],
    });
    await insertEpisode(t.deps, {
      personId: p3,
      practiceId: a2.id,
      source: 'partner',
      needs: ['housing'],
      createdAt: '2026-08-10T12:00:00.000Z',
      status: 'active',
      contacts: [['2026-08-10T15:00:00.000Z', true, 'phone']],
      conversationAt: '2026-08-10T15:30:00.000Z',
      community: [[service, 'signpost', 'signposted', '2026-08-10T16:00:00.000Z']],
    });
    await insertEpisode(t.deps, { personId: p4, practiceId: a2.id, createdAt: '2026-09-30T23:30:00.000Z' });
    await insertEpisode(t.deps, { personId: p5, practiceId: b1.id, createdAt: '2026-08-01T10:00:00.000Z' });
    await insertEpisode(t.deps, { personId: p1, practiceId: a1.id, createdAt: '2026-09-20T10:00:00.000Z' });
  });
  afterAll(() => t.close());

  const get = async (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const figures = async (s: Session, url: string): Promise<FigureJson[]> => {
    const res = await get(s, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[] }>().figures;
  };
  const v = (f: FigureJson[], m: string, b: string, g: string) => figureOf(f, m, b, g).value;

  it('demand: D1 by source, need, practice and month; D2 per 1,000 annualised; D3 re-referral', async () => {
    const f = await figures(pcnLead, '/api/v1/reports/demand?period=2026-Q3');
    expect(v(f, 'D1', 'total', 'total')).toBe(4);
    expect([v(f, 'D1', 'source', 'gp'), v(f, 'D1', 'source', 'self'), v(f, 'D1', 'source', 'partner'), v(f, 'D1', 'source', 'proactive')]).toEqual([
      2, 1, 1, 0,
    ]);
    expect([v(f, 'D1', 'need', 'loneliness'), v(f, 'D1', 'need', 'debt'), v(f, 'D1', 'need', 'housing')]).toEqual([3, 1, 1]);
    expect([v(f, 'D1', 'practice', world.a1.odsCode ?? ''), v(f, 'D1', 'practice', world.a2.odsCode ?? '')]).toEqual([3, 1]);
    expect([v(f, 'D1', 'month', '2026-07'), v(f, 'D1', 'month', '2026-08'), v(f, 'D1', 'month', '2026-09')]).toEqual([2, 1, 1]);
    // D2: a1 has P1 and P2 (2 people) over 8,000 for 92 days: 2/8000 × 1000 × 365/92.
    expect(v(f, 'D2', 'practice', world.a1.odsCode ?? '')).toBeCloseTo((2 / 8000) * 1000 * (365 / 92), 6);
    expect(v(f, 'D2', 'practice', 'total')).toBeCloseTo((3 / 17000) * 1000 * (365 / 92), 6);
    const rate = figureOf(f, 'D2', 'practice', 'total');
    expect(rate.ci95Lower).toBeLessThan(rate.value ?? 0);
    expect(rate.ci95Upper).toBeGreaterThan(rate.value ?? 0);
    // D3: P1 and P2 discharged in the 12 months to 30 Sep; P1 referred again on 20 Sep.
    expect(v(f, 'D3', 'people', 'discharged')).toBe(2);
    expect(v(f, 'D3', 'total', 'total')).toBeCloseTo(50, 6);
  });

  it('pathway: the funnel, exits, time to first contact, time to plan, episode length, contacts', async () => {
    const f = await figures(pcnLead, '/api/v1/reports/pathway?period=2026-Q3');
    const stages = ['referred', 'first_attempt', 'contacted', 'engaged', 'plan_agreed', 'connected', 'connection_confirmed', 'discharged'];
    expect(stages.map((s) => v(f, 'F1', 'stage', s))).toEqual([4, 3, 2, 2, 1, 2, 1, 1]);
    expect(v(f, 'F1', 'stage_of_referred', 'contacted')).toBeCloseTo(50, 6);
    expect(v(f, 'F1', 'stage_of_previous', 'plan_agreed')).toBeCloseTo(50, 6);
    expect([v(f, 'F1', 'exit', 'completed'), v(f, 'F1', 'exit', 'unable_to_contact'), v(f, 'F1', 'exit', 'still_open'), v(f, 'F1', 'exit', 'total')]).toEqual([
      1, 1, 2, 4,
    ]);
    // F2: first contact 3 (E1) and 0 (E3) working days; first attempt 1, 1, 0.
    expect(v(f, 'F2', 'measure', 'first_contact_median')).toBeCloseTo(1.5, 6);
    expect(v(f, 'F2', 'measure', 'first_contact_p90')).toBeCloseTo(2.7, 6);
    expect(v(f, 'F2', 'measure', 'first_contact_within_5')).toBeCloseTo(100, 6);
    expect(v(f, 'F2', 'measure', 'first_attempt_median')).toBe(1);
    // F3: one plan, 9 days 2 hours after received.
    expect(v(f, 'F3', 'measure', 'plan_median')).toBeCloseTo(9 + 2 / 24, 6);
    // F4: E1 62.0833 and E2 45.4375 days.
    expect(v(f, 'F4', 'measure', 'episode_median')).toBeCloseTo((62 + 2 / 24 + 45 + 10.5 / 24) / 2, 6);
    // F5: E1 had 6 successful contacts (6–12), E2 none.
    expect([v(f, 'F5', 'contacts', '0'), v(f, 'F5', 'contacts', '6-12'), v(f, 'F5', 'contacts', '13+')]).toEqual([1, 1, 0]);
    expect(v(f, 'F5', 'contacts_share', '6-12')).toBeCloseTo(50, 6);
    expect([v(f, 'F5', 'mode', 'phone'), v(f, 'F5', 'mode', 'face_to_face')]).toEqual([1, 5]);
  });

  it('filters by link worker and practice; refuses filters outside the scope with 404', async () => {
    const f = await figures(lead, `/api/v1/reports/pathway?period=2026-Q3&linkWorker=${lw1}`);
    expect(v(f, 'F1', 'stage', 'referred')).toBe(2);
    const p = await figures(pcnLead, `/api/v1/reports/demand?period=2026-Q3&practice=${world.a2.id}`);
    expect(v(p, 'D1', 'total', 'total')).toBe(1);
    expect((await get(pcnLead, `/api/v1/reports/demand?pcn=${world.pcnB.id}`)).statusCode).toBe(404);
    const bad = await get(pcnLead, '/api/v1/reports/demand?period=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('invalid_input');
  });

  it('a commissioner gets suppressed figures, on screen and in the CSV, and each is audited', async () => {
    const res = await get(commissioner, '/api/v1/reports/demand?period=2026-Q3');
    const body = res.json<{ disclosure: string; figures: FigureJson[] }>();
    expect(body.disclosure).toBe('suppressed');
    // Five referrals across the ICB: a count of 1–7 is never shown.
    for (const fig of body.figures) if (fig.unit === 'count' && fig.value !== null) expect(fig.value === 0 || fig.value > 7).toBe(true);
    expect(figureOf(body.figures, 'D1', 'total', 'total').withheldReason).toBe('small_number_suppressed');
    const csv = await get(commissioner, '/api/v1/reports/demand.csv?period=2026-Q3');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'metric',
      'breakdown',
      'group',
      'unit',
      'value',
      'ci95_lower',
      'ci95_upper',
      'withheld_reason',
      'disclosure',
      'definition_version',
    ]);
    for (const r of rows) {
      expect(r.disclosure).toBe('suppressed');
      if (r.unit === 'count' && r.value !== '') expect(Number(r.value) === 0 || Number(r.value) > 7).toBe(true);
    }
    // A PCN lead's export is suppressed too; their screen is exact.
    const leadCsv = parse<Record<string, string>>((await get(pcnLead, '/api/v1/reports/demand.csv?period=2026-Q3')).body, { columns: true });
    expect(leadCsv.every((r) => r.disclosure === 'suppressed')).toBe(true);
    const actions = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('action', 'in', ['report.viewed', 'report.exported'])
      .execute();
    expect(actions.filter((a) => a.action === 'report.exported').length).toBeGreaterThanOrEqual(2);
    expect(actions.some((a) => a.summary.includes('"disclosure":"suppressed"'))).toBe(true);
  });

  it('headlines for the home page come from the same figures, suppressed for a commissioner', async () => {
    const res = await get(pcnLead, '/api/v1/reports/headlines?period=2026-Q3');
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json<{ headlines: { id: string; figure: FigureJson | null; link: string }[] }>();
    const of = (id: string) => h.headlines.find((x) => x.id === id);
    expect(of('referrals')?.figure?.value).toBe(4);
    expect(of('referrals')?.link).toBe('/reports/demand?period=2026-Q3');
    expect(of('first_contact')?.figure?.value).toBeCloseTo(1.5, 6);
    expect(of('rate')?.figure?.value).toBeCloseTo((3 / 17000) * 1000 * (365 / 92), 6);
    const c = (await get(commissioner, '/api/v1/reports/headlines?period=2026-Q3')).json<{ headlines: { id: string; figure: FigureJson | null }[] }>();
    expect(c.headlines.find((x) => x.id === 'referrals')?.figure?.value).toBeNull();
    expect(c.headlines.find((x) => x.id === 'first_contact')?.figure?.withheldReason).toBe('small_cohort_withheld');
  });

  it('refuses roles without reports', async () => {
    const lw = await sessionFor(t, (await makeUser(t.deps, 'link_worker', [world.a1])).email);
    expect((await get(lw, '/api/v1/reports/demand')).statusCode).toBe(403);
  });
});
