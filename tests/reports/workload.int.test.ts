import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { createCliDatabase, linkwork } from '../cli/cli-support.ts';
import { figureOf, insertEpisode, insertPerson, type FigureJson } from './report-support.ts';

/**
 * Workload (W1–W4), the lead's team view, reassigning a case, and contracted hours — every figure
 * against a hand computation, on both databases.
 *
 * Today is Saturday 21 November 2026, 09:00 UTC (GMT, so London = UTC). "Active" = a successful
 * contact since 23 Aug 2026 09:00Z (90 days). "New people" = first successful contact of an episode
 * from 22 Nov 2025 (12 months to today). Report period 2026-11-02..2026-11-15: 14 days = 2 weeks.
 *
 * PCN A: a1, a2 (the lead's). PCN B: b1. Link workers: LW1 covers a1, 37.5 h (1.0 FTE); LW2 covers
 * PCN A, 22.5 h (0.6 FTE); LW3 covers a2, no hours; LW4 covers b1, 15 h.
 *
 * - E1 a1 LW1 active: successes 1 Jun (first), 3 Nov, 10 Nov        → active; new (P1); 2 contacts in period
 * - E2 a1 LW1 on hold: success 1 Jul only                             → dormant; new (P2)
 * - E3 a1 LW1 allocated 14 Nov, no contact                            → dormant; waiting 7 days
 * - E4 a1 LW1 discharged: success 5 Nov (first)                       → closed; new (P4); 1 contact in period
 * - E5 a1 LW1 active: successes 1 Dec 2024 (first), 1 Oct 2026        → active; not new
 * - E6 a2 LW2 active: successes 12 Nov (first), 13 Nov recorded by LW1 → active; new (P6); 12 Nov to LW2, 13 Nov to LW1
 * - E7 a1 LW2 contacting since 1 Nov: one failed attempt 4 Nov         → dormant; waiting 20 days
 * - E8 a2 LW2 active: success 20 Oct (first)                          → active; new (P8)
 * - E9 a2 LW3 active: success 9 Nov (first)                           → active; new (P9); 1 contact in period
 * - E10 a1 referred 19 Nov, not triaged                               → waiting 2 days
 * - E11 b1 LW4 active: success 10 Nov (PCN B: only the commissioner sees it)
 *
 * W1 (link_worker|state): LW1 active 2 (E1, E5), dormant 2 (E2, E3), total 4; LW2 2 (E6, E8), 1 (E7), 3;
 *   LW3 1, 0, 1; total|active 5, total|dormant 3, total 8. Per FTE: LW1 2 ÷ 1 = 2; LW2 2 ÷ 0.6 = 3.333;
 *   LW3 withheld (no_denominator); total (LW1 + LW2 only) 4 ÷ 1.6 = 2.5.
 * W2: LW1 3 people (P1, P2, P4) ÷ 1 = 3; LW2 2 (P6, P8) ÷ 0.6 = 3.333; LW3 1, withheld; total 6 people;
 *   per FTE 5 ÷ 1.6 = 3.125.
 * W3 contacts in the period: LW1 4 (E1 ×2, E4, E6 on 13 Nov) → 4 ÷ 1 ÷ 2 = 2 a week; LW2 1 (E6 12 Nov)
 *   → 1 ÷ 0.6 ÷ 2 = 0.8333; LW3 1, withheld; total 6, per FTE week (4 + 1) ÷ 1.6 ÷ 2 = 1.5625.
 *   Waiting: LW1 1 (E3), LW2 1 (E7), not_triaged 1 (E10), total 3; ages 2, 7, 20 → median 7,
 *   p90 = 7 + 0.8 × 13 = 17.4.
 * W4: LW1 1.0, LW2 0.6, LW3 withheld (no_denominator), total 1.6; with hours 2, without 1, total 3.
 */
describe.each(TEST_DIALECTS)('workload, the team view and reassigning a case on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let admin: Session;
  let lead: Session;
  let commissioner: Session;
  let lw1Session: Session;
  const lw: Record<'lw1' | 'lw2' | 'lw3' | 'lw4', string> = { lw1: '', lw2: '', lw3: '', lw4: '' };
  const ep = {} as Record<'e1' | 'e2' | 'e3' | 'e4' | 'e5' | 'e6' | 'e7' | 'e8' | 'e9' | 'e10' | 'e11', string>;

  const inject = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, a2, b1 } = world;
    admin = await sessionFor(t, (await makeUser(t.deps, 'admin')).email);
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const users = {
      lw1: await makeUser(t.deps, 'link_worker', [a1]),
      lw2: await makeUser(t.deps, 'link_worker', [pcnA]),
      lw3: await makeUser(t.deps, 'link_worker', [a2]),
      lw4: await makeUser(t.deps, 'link_worker', [b1]),
    };
    for (const k of ['lw1', 'lw2', 'lw3', 'lw4'] as const) lw[k] = users[k].id;
    lw1Session = await sessionFor(t, users.lw1.email);
    // Hours as an administrator records them (PATCH /api/v1/users/:id).
    for (const [id, hours] of [
      [lw.lw1, 37.5],
      [lw.lw2, 22.5],
      [lw.lw4, 15],
    ] as const) {
      const res = await inject(admin, 'PATCH', `/api/v1/users/${id}`, { contractedHours: hours });
      expect(res.statusCode, res.body).toBe(200);
    }

    const person = (practiceId: string) => insertPerson(t.deps, { practiceId });
    const at = (d: string) => `${d}T10:00:00.000Z`;
    ep.e1 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2026-05-20'),
      linkWorkerId: lw.lw1,
      status: 'active',
      contacts: [
        [at('2026-06-01'), true],
        [at('2026-11-03'), true],
        [at('2026-11-10'), true],
      ],
    });
    ep.e2 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2026-06-15'),
      linkWorkerId: lw.lw1,
      status: 'on_hold',
      contacts: [[at('2026-07-01'), true]],
    });
    ep.e3 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2026-11-14'),
      linkWorkerId: lw.lw1,
      status: 'allocated',
    });
    ep.e4 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2026-10-01'),
      linkWorkerId: lw.lw1,
      status: 'discharged',
      statusReason: 'goals_met',
      closedAt: at('2026-11-16'),
      contacts: [[at('2026-11-05'), true]],
    });
    ep.e5 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2024-11-20'),
      linkWorkerId: lw.lw1,
      status: 'active',
      contacts: [
        [at('2024-12-01'), true],
        [at('2026-10-01'), true],
      ],
    });
    ep.e6 = await insertEpisode(t.deps, {
      personId: await person(a2.id),
      practiceId: a2.id,
      createdAt: at('2026-11-02'),
      linkWorkerId: lw.lw2,
      status: 'active',
      contacts: [
        [at('2026-11-12'), true],
        [at('2026-11-13'), true],
      ],
    });
    // LW1 covered E6's 13 Nov visit: the contact is credited to who recorded it.
    await t.deps.db.updateTable('contact').set({ created_by: lw.lw1 }).where('referral_id', '=', ep.e6).where('at', '=', at('2026-11-13')).execute();
    ep.e7 = await insertEpisode(t.deps, {
      personId: await person(a1.id),
      practiceId: a1.id,
      createdAt: at('2026-11-01'),
      linkWorkerId: lw.lw2,
      status: 'contacting',
      contacts: [[at('2026-11-04'), false]],
    });
    ep.e8 = await insertEpisode(t.deps, {
      personId: await person(a2.id),
      practiceId: a2.id,
      createdAt: at('2026-10-10'),
      linkWorkerId: lw.lw2,
      status: 'active',
      contacts: [[at('2026-10-20'), true]],
    });
    ep.e9 = await insertEpisode(t.deps, {
      personId: await person(a2.id),
      practiceId: a2.id,
      createdAt: at('2026-11-01'),
      linkWorkerId: lw.lw3,
      status: 'active',
      contacts: [[at('2026-11-09'), true]],
    });
    ep.e10 = await insertEpisode(t.deps, { personId: await person(a1.id), practiceId: a1.id, createdAt: at('2026-11-19') });
    ep.e11 = await insertEpisode(t.deps, {
      personId: await person(b1.id),
      practiceId: b1.id,
      createdAt: at('2026-11-01'),
      linkWorkerId: lw.lw4,
      status: 'active',
      contacts: [[at('2026-11-10'), true]],
    });
  });
  afterAll(() => t.close());

  const PERIOD = 'period=2026-11-02..2026-11-15';
  const report = async (s: Session, query = PERIOD) => {
    const res = await inject(s, 'GET', `/api/v1/reports/workload?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ disclosure: string; figures: FigureJson[]; labels: Record<string, string>; notes: string[] }>();
  };
  const v = (f: FigureJson[], m: string, b: string, g: string) => figureOf(f, m, b, g).value;

  it('W1: active and dormant caseload today per link worker, as a two-way table, and per FTE', async () => {
    const { figures: f, labels, disclosure } = await report(lead);
    expect(disclosure).toBe('exact');
    const row = (id: string) => ['active', 'dormant', 'total'].map((s) => v(f, 'W1', 'link_worker|state', `${id}|${s}`));
    expect(row(lw.lw1)).toEqual([2, 2, 4]);
    expect(row(lw.lw2)).toEqual([2, 1, 3]);
    expect(row(lw.lw3)).toEqual([1, 0, 1]);
    expect([
      v(f, 'W1', 'link_worker|state', 'total|active'),
      v(f, 'W1', 'link_worker|state', 'total|dormant'),
      v(f, 'W1', 'link_worker|state', 'total'),
    ]).toEqual([5, 3, 8]);
    // LW4 works in PCN B: not on this lead's team.
    expect(f.some((x) => x.group.startsWith(lw.lw4))).toBe(false);
    expect(v(f, 'W1', 'per_fte', lw.lw1)).toBeCloseTo(2, 6);
    expect(v(f, 'W1', 'per_fte', lw.lw2)).toBeCloseTo(2 / 0.6, 6);
    expect(figureOf(f, 'W1', 'per_fte', lw.lw3)).toMatchObject({ value: null, withheldReason: 'no_denominator' });
    expect(v(f, 'W1', 'per_fte', 'total')).toBeCloseTo(4 / 1.6, 6);
    // Groups are user ids; the labels name them.
    expect(labels[lw.lw1]).toMatch(/^Test link_worker/);
  });

  it('W2: new people in the 12 months to today per FTE', async () => {
    const { figures: f } = await report(lead);
    expect([v(f, 'W2', 'people', lw.lw1), v(f, 'W2', 'people', lw.lw2), v(f, 'W2', 'people', lw.lw3), v(f, 'W2', 'people', 'total')]).toEqual([3, 2, 1, 6]);
    expect(v(f, 'W2', 'link_worker', lw.lw1)).toBeCloseTo(3, 6);
    expect(v(f, 'W2', 'link_worker', lw.lw2)).toBeCloseTo(2 / 0.6, 6);
    expect(figureOf(f, 'W2', 'link_worker', lw.lw3).withheldReason).toBe('no_denominator');
    expect(v(f, 'W2', 'link_worker', 'total')).toBeCloseTo(5 / 1.6, 6);
  });

  it('W3: contacts per FTE per week over the period, and the waiting list with its age', async () => {
    const { figures: f } = await report(lead);
    expect([v(f, 'W3', 'contacts', lw.lw1), v(f, 'W3', 'contacts', lw.lw2), v(f, 'W3', 'contacts', lw.lw3), v(f, 'W3', 'contacts', 'total')]).toEqual([
      4, 1, 1, 6,
    ]);
    expect(v(f, 'W3', 'link_worker', lw.lw1)).toBeCloseTo(2, 6);
    expect(v(f, 'W3', 'link_worker', lw.lw2)).toBeCloseTo(1 / 0.6 / 2, 6);
    expect(figureOf(f, 'W3', 'link_worker', lw.lw3).withheldReason).toBe('no_denominator');
    expect(v(f, 'W3', 'link_worker', 'total')).toBeCloseTo(5 / 1.6 / 2, 6);
    expect([v(f, 'W3', 'waiting', lw.lw1), v(f, 'W3', 'waiting', lw.lw2), v(f, 'W3', 'waiting', lw.lw3), v(f, 'W3', 'waiting', 'not_triaged')]).toEqual([
      1, 1, 0, 1,
    ]);
    expect(v(f, 'W3', 'waiting', 'total')).toBe(3);
    expect(v(f, 'W3', 'waiting', 'age_median')).toBe(7);
    expect(v(f, 'W3', 'waiting', 'age_p90')).toBeCloseTo(17.4, 6);
  });

  it('W4: FTE from contracted hours, link workers without hours counted apart', async () => {
    const { figures: f, notes } = await report(lead);
    expect(v(f, 'W4', 'link_worker', lw.lw1)).toBeCloseTo(1, 6);
    expect(v(f, 'W4', 'link_worker', lw.lw2)).toBeCloseTo(0.6, 6);
    expect(figureOf(f, 'W4', 'link_worker', lw.lw3)).toMatchObject({ unit: 'fte', value: null, withheldReason: 'no_denominator' });
    expect(v(f, 'W4', 'link_worker', 'total')).toBeCloseTo(1.6, 6);
    expect([v(f, 'W4', 'headcount', 'with_hours'), v(f, 'W4', 'headcount', 'without_hours'), v(f, 'W4', 'headcount', 'total')]).toEqual([2, 1, 3]);
    expect(notes.some((n) => n.startsWith('1 link worker(s) have no contracted hours'))).toBe(true);
  });

  it('filters to one link worker', async () => {
    const { figures: f } = await report(lead, `${PERIOD}&linkWorker=${lw.lw2}`);
    expect(v(f, 'W1', 'link_worker|state', 'total')).toBe(3);
    expect(f.some((x) => x.group.startsWith(lw.lw1))).toBe(false);
    expect(v(f, 'W3', 'contacts', 'total')).toBe(1);
    expect(v(f, 'W3', 'waiting', 'total')).toBe(1);
    expect(f.some((x) => x.metric === 'W3' && x.group === 'not_triaged')).toBe(false);
    expect(v(f, 'W4', 'link_worker', 'total')).toBeCloseTo(0.6, 6);
  });

  it('a commissioner gets the workload suppressed: no count 1–7, per-FTE figures withheld with their counts', async () => {
    const body = await report(commissioner);
    expect(body.disclosure).toBe('suppressed');
    for (const x of body.figures)
      if (x.unit === 'count' && x.value !== null) expect(x.value === 0 || x.value > 7, `${x.metric}/${x.breakdown}/${x.group}`).toBe(true);
    // ICB-wide, LW4 is in: their caseload of 1 is withheld, and so is what it would reveal.
    expect(figureOf(body.figures, 'W1', 'link_worker|state', `${lw.lw4}|active`).withheldReason).toBe('small_number_suppressed');
    expect(figureOf(body.figures, 'W1', 'per_fte', lw.lw4).withheldReason).toBe('small_number_suppressed');
    // LW3's 0 dormant sits beside a withheld 1: withheld too (the zero-cell rule).
    expect(figureOf(body.figures, 'W1', 'link_worker|state', `${lw.lw3}|dormant`).withheldReason).toBe('zero_beside_suppressed');
    // Ages of a waiting list of 4 are withheld (fewer than 10 people).
    expect(figureOf(body.figures, 'W3', 'waiting', 'age_median').withheldReason).toBe('small_cohort_withheld');
    const csv = await inject(commissioner, 'GET', `/api/v1/reports/workload.csv?${PERIOD}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('W1,link_worker|state');
    expect(csv.body).not.toMatch(/,count,[1-7],/);
  });

  describe('reassigning a case', () => {
    const version = async (id: string) =>
      Number((await t.deps.db.selectFrom('referral').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    const holder = async (id: string) =>
      (await t.deps.db.selectFrom('referral').select('link_worker_id').where('id', '=', id).executeTakeFirstOrThrow()).link_worker_id;
    const events = (id: string) => t.deps.db.selectFrom('case_event').selectAll().where('referral_id', '=', id).where('kind', '=', 'reassigned').execute();
    const notes = (id: string) => t.deps.db.selectFrom('notification').select(['user_id', 'kind']).where('referral_id', '=', id).execute();
    const reassigned = (id: string) =>
      t.deps.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'case.reassigned')
        .where('entity_id', '=', id)
        .where('outcome', '=', 'success')
        .execute();

    it('a lead moves an open case to another link worker: case moved, timeline, audit, both notified', async () => {
      const res = await inject(lead, 'POST', `/api/v1/cases/${ep.e7}/reassign`, { linkWorkerId: lw.lw1, version: 1, reason: 'balance_caseloads' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: ep.e7, status: 'contacting', version: 2, linkWorker: { id: lw.lw1 }, previousLinkWorkerId: lw.lw2 });
      expect(await holder(ep.e7)).toBe(lw.lw1);
      const [event, ...more] = await events(ep.e7);
      expect(more).toEqual([]);
      expect(JSON.parse(event?.data ?? '{}')).toEqual({
        status: 'contacting',
        linkWorkerId: lw.lw1,
        previousLinkWorkerId: lw.lw2,
        reason: 'balance_caseloads',
      });
      const audit = await reassigned(ep.e7);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ linkWorkerId: lw.lw1, previousLinkWorkerId: lw.lw2, reason: 'balance_caseloads' });
      expect((await notes(ep.e7)).map((n) => [n.user_id, n.kind]).sort()).toEqual(
        [
          [lw.lw1, 'case_allocated'],
          [lw.lw2, 'case_reassigned_away'],
        ].sort(),
      );
      // The team view follows: E7 now waits on LW1's list.
      const { figures: f } = await report(lead);
      expect([v(f, 'W3', 'waiting', lw.lw1), v(f, 'W3', 'waiting', lw.lw2)]).toEqual([2, 0]);
    });

    it('a stale version answers 409 stale_version and moves nothing', async () => {
      const res = await inject(lead, 'POST', `/api/v1/cases/${ep.e7}/reassign`, { linkWorkerId: lw.lw2, version: 1 });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } } });
      expect(await holder(ep.e7)).toBe(lw.lw1);
      expect(await events(ep.e7)).toHaveLength(1);
      expect(await notes(ep.e7)).toHaveLength(2);
    });

    it('refuses a link worker (403), a target outside the practice, the same worker, and a closed case — writing nothing', async () => {
      const before = { version: await version(ep.e6), holder: await holder(ep.e6) };
      const forbidden = await inject(lw1Session, 'POST', `/api/v1/cases/${ep.e6}/reassign`, { linkWorkerId: lw.lw3, version: before.version });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
      // LW1 covers a1 only; E6 is at a2. LW4 covers PCN B.
      for (const target of [lw.lw1, lw.lw4]) {
        const res = await inject(lead, 'POST', `/api/v1/cases/${ep.e6}/reassign`, { linkWorkerId: target, version: before.version });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          error: { code: 'invalid_input', details: { reason: 'not_covering', fields: { linkWorkerId: expect.any(String) } } },
        });
      }
      const same = await inject(lead, 'POST', `/api/v1/cases/${ep.e6}/reassign`, { linkWorkerId: lw.lw2, version: before.version });
      expect(same.json()).toMatchObject({ error: { code: 'invalid_input', details: { reason: 'same_link_worker' } } });
      const closed = await inject(lead, 'POST', `/api/v1/cases/${ep.e4}/reassign`, { linkWorkerId: lw.lw2, version: 1 });
      expect(closed.statusCode).toBe(409);
      expect(closed.json()).toMatchObject({ error: { code: 'invalid_transition', details: { from: 'discharged' } } });
      const unknownReason = await inject(lead, 'POST', `/api/v1/cases/${ep.e6}/reassign`, { linkWorkerId: lw.lw3, version: before.version, reason: 'because' });
      expect(unknownReason.statusCode).toBe(400);
      // Outside the lead's PCN: not found, never forbidden.
      expect((await inject(lead, 'POST', `/api/v1/cases/${ep.e11}/reassign`, { linkWorkerId: lw.lw4, version: 1 })).statusCode).toBe(404);
      expect({ version: await version(ep.e6), holder: await holder(ep.e6) }).toEqual(before);
      for (const id of [ep.e6, ep.e4, ep.e11]) {
        expect(await events(id)).toEqual([]);
        expect(await notes(id)).toEqual([]);
        expect(await reassigned(id)).toEqual([]);
      }
    });
  });

  describe('contracted hours', () => {
    const minutes = async (id: string) =>
      (await t.deps.db.selectFrom('app_user').select('contracted_minutes').where('id', '=', id).executeTakeFirstOrThrow()).contracted_minutes;
    const lastAudit = (action: string, id: string) =>
      t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', action).where('entity_id', '=', id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const newUser = (email: string, extra: object) =>
      inject(admin, 'POST', '/api/v1/users', {
        email,
        displayName: 'Hours Tester',
        role: 'link_worker',
        organisationIds: [world.a1.id],
        password: 'a-fresh-pass-phrase-7',
        ...extra,
      });

    it('an administrator records hours when creating and editing a link worker, audited', async () => {
      const created = await newUser('hours.one@example.org', { contractedHours: 22.5 });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string; contractedHours: number | null }>().id;
      expect(created.json()).toMatchObject({ contractedHours: 22.5 });
      expect(Number(await minutes(id))).toBe(1350);
      expect(JSON.parse((await lastAudit('user.created', id)).summary)).toMatchObject({ contractedMinutes: 1350 });

      const edited = await inject(admin, 'PATCH', `/api/v1/users/${id}`, { contractedHours: 30 });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ contractedHours: 30 });
      expect(JSON.parse((await lastAudit('user.updated', id)).summary)).toEqual({ contractedMinutesBefore: 1350, contractedMinutes: 1800 });
      const cleared = await inject(admin, 'PATCH', `/api/v1/users/${id}`, { contractedHours: null });
      expect(cleared.json()).toMatchObject({ contractedHours: null });
      expect(await minutes(id)).toBeNull();
      // A lead reads the hours on the users list, but may not change them.
      const list = await inject(lead, 'GET', '/api/v1/users');
      expect(list.json<{ users: { id: string; contractedHours: number | null }[] }>().users.find((u) => u.id === lw.lw2)?.contractedHours).toBe(22.5);
      expect((await inject(lead, 'PATCH', `/api/v1/users/${id}`, { contractedHours: 10 })).statusCode).toBe(403);
    });

    it('refuses hours outside 0–60, not a number, or for a role without hours: 400 invalid_input on the field', async () => {
      for (const bad of [60.5, -1, '22.5', 'lots']) {
        const res = await inject(admin, 'PATCH', `/api/v1/users/${lw.lw3}`, { contractedHours: bad });
        expect(res.statusCode, String(bad)).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'invalid_input', details: { fields: { contractedHours: expect.any(String) } } } });
      }
      const tooMany = await newUser('hours.two@example.org', { contractedHours: 75 });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json()).toMatchObject({
        error: { code: 'invalid_input', details: { fields: { contractedHours: 'Contracted hours must be between 0 and 60 a week' } } },
      });
      const referrer = await inject(admin, 'POST', '/api/v1/users', {
        email: 'hours.three@example.org',
        displayName: 'Dr Hours',
        role: 'referrer',
        organisationIds: [world.a1.id],
        password: 'a-fresh-pass-phrase-7',
        contractedHours: 10,
      });
      expect(referrer.statusCode).toBe(400);
      expect(referrer.json()).toMatchObject({
        error: { code: 'invalid_input', details: { fields: { contractedHours: expect.stringContaining('link workers and leads') } } },
      });
      expect(await minutes(lw.lw3)).toBeNull();
    });

    it('linkwork users add --hours and users set-hours', async () => {
      const db = await createCliDatabase(dialect);
      try {
        expect((await linkwork(db, ['migrate'])).code).toBe(0);
        const idOf = (out: string) => /\(([0-9a-f-]{36})\)/.exec(out)?.[1] ?? '';
        const icb = await linkwork(db, ['orgs', 'add', '--kind', 'icb', '--name', 'Hours ICB', '--ods', 'QHH']);
        const org = await linkwork(db, ['orgs', 'add', '--kind', 'pcn', '--name', 'Hours PCN', '--ods', 'U99999', '--parent', idOf(icb.stdout)]);
        const orgId = idOf(org.stdout);
        const add = await linkwork(db, [
          'users',
          'add',
          '--email',
          'cli.lw@example.org',
          '--name',
          'CLI LW',
          '--role',
          'link_worker',
          '--org',
          orgId,
          '--hours',
          '22.5',
        ]);
        expect(add.stdout, add.stderr).toMatch(/^Created link_worker cli\.lw@example\.org \([0-9a-f-]{36}\), 22\.5 hours a week\n/);
        const set = await linkwork(db, ['users', 'set-hours', 'cli.lw@example.org', '30']);
        expect(set.stdout).toBe('cli.lw@example.org: 30 hours a week\n');
        const bad = await linkwork(db, ['users', 'set-hours', 'cli.lw@example.org', '61']);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('error [invalid_input]');
      } finally {
        await db.drop();
      }
    });
  });
});
