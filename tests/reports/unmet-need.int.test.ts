import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makePerson, makeReferral, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { figureOf, insertEpisode, insertLsoa, insertPerson, insertUnmetNeeds, type FigureJson, type UnmetNeedSpec } from './report-support.ts';

/**
 * The unmet-need report (U1–U2) and its register, against figures computed by hand, on both
 * databases. Period 2026-Q3 (1 July – 30 September, London; starts 2026-06-30T23:00Z).
 *
 * Areas: L1 = E01099001 (IMD decile 1), L2 = E01099002 (decile 3), L3 = E01099003 (no IMD row).
 * Referrals received in Q3 (the gap ratio's denominators): at a1, R1…R40 all name loneliness and
 * R1…R10 also transport; at a2, five name debt; at b1 (PCN B) one names loneliness. One more at
 * a1 received 2 October (outside).
 *
 * Unmet needs recorded in Q3 at PCN A:
 * - on R1, loneliness: no service × 10 (L1), full × 3 (L2, one with a note), barrier × 9 (L1:
 *   transport 5, cost 4), declined × 8 (no area) = 30;
 * - on R2, transport: no service × 11 (L2) and × 1 at 2026-06-30T23:30Z (= 1 July 00:30 London,
 *   inside, with a note) = 12.
 * Outside: on R1 a loneliness no service at 2026-09-30T23:30Z (1 October London); at b1 one
 * loneliness no service (L3, with a note) — in the commissioner's ICB, not in PCN A.
 *
 * PCN A (lead, PCN lead — exact on screen):
 * - U2 need: loneliness 30, transport 12, total 42 (loneliness first).
 * - U1 need|kind: loneliness 10 / 3 / 9 / 8 | 30; transport 12 / 0 / 0 / 0 | 12; totals 22 / 3 / 9 / 8 | 42.
 * - barrier: transport 5, cost 4, the other five 0, total 9.
 * - imd_decile: imd_1 = 10 + 9 = 19, imd_3 = 3 + 12 = 15, not_known 8, total 42; area: L1 19, L2 15, not_known 8.
 * - gap ratio: loneliness 30 ÷ 40 = 0.75, transport 12 ÷ 10 = 1.2, debt 0 ÷ 5 = 0.
 *
 * The commissioner (the ICB: PCN A and B, always suppressed) sees loneliness no service 11, so
 * need|kind is loneliness 11 / 3 / 9 / 8 | 31; transport 12 / 0 / 0 / 0 | 12; totals 23 / 3 / 9 / 8 | 43:
 * 1. primary: loneliness|full (3) and total|full (3);
 * 2. zero rule: transport|full (0, in the full column beside the 3);
 * 3. secondary, lines in order: row loneliness has one hidden → its next smallest, declined (8);
 *    row transport → barrier (0; ties broken by name, barrier before declined); the total row →
 *    total|declined (8); the barrier column (total 9 shown, transport|barrier hidden) →
 *    loneliness|barrier (9). Then no line with a shown total has exactly one hidden cell.
 * 4. shown, rounded to 5: loneliness|no_service 10, loneliness|total 30, transport|no_service 10,
 *    transport|declined 0, transport|total 10, total|no_service 25, total|barrier 10, total 45.
 * Gap ratio: loneliness 31 ÷ 41 = 0.76; transport 1.2; debt withheld (5 referrals).
 */
describe.each(TEST_DIALECTS)('unmet-need report and register on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let lead: Session;
  let pcnLead: Session;
  let commissioner: Session;
  let linkWorker: Session;
  let linkWorkerId = '';
  let r1 = '';
  let r2 = '';
  let rb = '';
  const L1 = 'E01099001';
  const L2 = 'E01099002';
  const L3 = 'E01099003';
  const NOTE_FULL = 'Lunch club full until spring';
  const NOTE_BUS = 'No evening bus to the lunch club';
  const NOTE_OUT = 'Out of scope: nobody in PCN A may read this';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, a2, b1 } = world;
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [pcnA])).email);
    pcnLead = await sessionFor(t, (await makeUser(t.deps, 'pcn_lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const lw = await makeUser(t.deps, 'link_worker', [a1]);
    linkWorkerId = lw.id;
    linkWorker = await sessionFor(t, lw.email);
    await insertLsoa(t.deps, L1, 1);
    await insertLsoa(t.deps, L2, 3);

    const pa1 = await insertPerson(t.deps, { practiceId: a1.id });
    const pa2 = await insertPerson(t.deps, { practiceId: a2.id });
    const pb1 = await insertPerson(t.deps, { practiceId: b1.id });
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      ids.push(
        await insertEpisode(t.deps, {
          personId: pa1,
          practiceId: a1.id,
          needs: i < 10 ? ['loneliness', 'transport'] : ['loneliness'],
          createdAt: `2026-07-${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
        }),
      );
    }
    [r1, r2] = [ids[0] ?? '', ids[1] ?? ''];
    for (let i = 0; i < 5; i += 1) await insertEpisode(t.deps, { personId: pa2, practiceId: a2.id, needs: ['debt'], createdAt: '2026-08-01T10:00:00.000Z' });
    await insertEpisode(t.deps, { personId: pa1, practiceId: a1.id, needs: ['loneliness'], createdAt: '2026-10-02T10:00:00.000Z' });
    rb = await insertEpisode(t.deps, { personId: pb1, practiceId: b1.id, needs: ['loneliness'], createdAt: '2026-08-15T10:00:00.000Z' });

    const times = (n: number, spec: Omit<UnmetNeedSpec, 'referralId'> & { referralId?: string }): UnmetNeedSpec[] =>
      Array.from({ length: n }, () => ({ referralId: r1, ...spec }));
    await insertUnmetNeeds(t.deps, [
      ...times(10, { need: 'loneliness', kind: 'no_service', lsoa: L1, createdAt: '2026-07-10T10:00:00.000Z' }),
      ...times(2, { need: 'loneliness', kind: 'full', lsoa: L2, createdAt: '2026-07-11T10:00:00.000Z' }),
      { referralId: r1, need: 'loneliness', kind: 'full', lsoa: L2, note: NOTE_FULL, createdAt: '2026-07-11T11:00:00.000Z' },
      ...times(5, { need: 'loneliness', kind: 'barrier', barrier: 'transport', lsoa: L1, createdAt: '2026-08-01T10:00:00.000Z' }),
      ...times(4, { need: 'loneliness', kind: 'barrier', barrier: 'cost', lsoa: L1, createdAt: '2026-08-01T11:00:00.000Z' }),
      ...times(8, { need: 'loneliness', kind: 'declined', createdAt: '2026-08-02T10:00:00.000Z' }),
      ...times(11, { referralId: r2, need: 'transport', kind: 'no_service', lsoa: L2, createdAt: '2026-08-20T10:00:00.000Z' }),
      { referralId: r2, need: 'transport', kind: 'no_service', lsoa: L2, note: NOTE_BUS, createdAt: '2026-06-30T23:30:00.000Z' },
      { referralId: r1, need: 'loneliness', kind: 'no_service', lsoa: L1, createdAt: '2026-09-30T23:30:00.000Z' },
      { referralId: rb, need: 'loneliness', kind: 'no_service', lsoa: L3, note: NOTE_OUT, createdAt: '2026-08-16T10:00:00.000Z' },
    ]);
  });
  afterAll(() => t.close());

  const get = async (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const figures = async (s: Session, url: string): Promise<FigureJson[]> => {
    const res = await get(s, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[] }>().figures;
  };
  const v = (f: FigureJson[], m: string, b: string, g: string) => figureOf(f, m, b, g).value;
  const KINDS = ['no_service', 'full', 'barrier', 'declined', 'total'];

  it('U2 and U1 for the PCN: by need (most first), need × kind, barrier, area and the gap ratio', async () => {
    const f = await figures(pcnLead, '/api/v1/reports/unmet-need?period=2026-Q3');
    expect(f.filter((x) => x.metric === 'U2' && x.breakdown === 'need').map((x) => [x.group, x.value])).toEqual([
      ['loneliness', 30],
      ['transport', 12],
      ['total', 42],
    ]);
    expect(KINDS.map((k) => v(f, 'U1', 'need|kind', `loneliness|${k}`))).toEqual([10, 3, 9, 8, 30]);
    expect(KINDS.map((k) => v(f, 'U1', 'need|kind', `transport|${k}`))).toEqual([12, 0, 0, 0, 12]);
    expect(KINDS.map((k) => (k === 'total' ? v(f, 'U1', 'need|kind', 'total') : v(f, 'U1', 'need|kind', `total|${k}`)))).toEqual([22, 3, 9, 8, 42]);
    expect(['transport', 'cost', 'language', 'access', 'timing', 'eligibility', 'digital', 'total'].map((b) => v(f, 'U1', 'barrier', b))).toEqual([
      5, 4, 0, 0, 0, 0, 0, 9,
    ]);
    expect([
      v(f, 'U1', 'imd_decile', 'imd_1'),
      v(f, 'U1', 'imd_decile', 'imd_3'),
      v(f, 'U1', 'imd_decile', 'imd_2'),
      v(f, 'U1', 'imd_decile', 'not_known'),
    ]).toEqual([19, 15, 0, 8]);
    expect(v(f, 'U1', 'imd_decile', 'total')).toBe(42);
    expect(f.filter((x) => x.breakdown === 'area').map((x) => [x.group, x.value])).toEqual([
      [L1, 19],
      [L2, 15],
      ['not_known', 8],
      ['total', 42],
    ]);
    expect(v(f, 'U1', 'gap_ratio', 'loneliness')).toBeCloseTo(0.75, 6);
    expect(v(f, 'U1', 'gap_ratio', 'transport')).toBeCloseTo(1.2, 6);
    expect(v(f, 'U1', 'gap_ratio', 'debt')).toBe(0);
    expect(figureOf(f, 'U1', 'gap_ratio', 'debt').unit).toBe('ratio');
  });

  it('never puts a note in the figures or the CSV, even for a lead', async () => {
    const json = await get(lead, '/api/v1/reports/unmet-need?period=2026-Q3');
    const csv = await get(lead, '/api/v1/reports/unmet-need.csv?period=2026-Q3&disclosure=exact');
    for (const body of [json.body, csv.body]) for (const note of [NOTE_FULL, NOTE_BUS, NOTE_OUT, 'lunch club']) expect(body).not.toContain(note);
  });

  it('a commissioner: no count 1–7 on screen or in the CSV; the need × kind table hides the 3 and what would give it back', async () => {
    const res = await get(commissioner, '/api/v1/reports/unmet-need?period=2026-Q3');
    const body = res.json<{ disclosure: string; figures: FigureJson[] }>();
    expect(body.disclosure).toBe('suppressed');
    const f = body.figures;
    for (const x of f) if (x.unit === 'count' && x.value !== null) expect(x.value === 0 || x.value > 7, `${x.breakdown}/${x.group}`).toBe(true);

    const reason = (g: string) => figureOf(f, 'U1', 'need|kind', g).withheldReason;
    expect([reason('loneliness|full'), reason('total|full')]).toEqual(['small_number_suppressed', 'small_number_suppressed']);
    expect(reason('transport|full')).toBe('zero_beside_suppressed');
    expect([reason('loneliness|declined'), reason('transport|barrier'), reason('total|declined'), reason('loneliness|barrier')]).toEqual([
      'secondary_suppression',
      'secondary_suppression',
      'secondary_suppression',
      'secondary_suppression',
    ]);
    const shown = [
      'loneliness|no_service',
      'loneliness|total',
      'transport|no_service',
      'transport|declined',
      'transport|total',
      'total|no_service',
      'total|barrier',
      'total',
    ];
    expect(shown.map((g) => v(f, 'U1', 'need|kind', g))).toEqual([10, 30, 10, 0, 10, 25, 10, 45]);
    // Recovery by subtraction: no row or column with a shown total has exactly one hidden cell.
    const table = f.filter((x) => x.metric === 'U1' && x.breakdown === 'need|kind');
    const hidden = (g: string) => table.find((x) => x.group === g)?.value === null;
    for (const need of ['loneliness', 'transport', 'total']) {
      const total = need === 'total' ? 'total' : `${need}|total`;
      if (!hidden(total)) expect(KINDS.slice(0, 4).filter((k) => hidden(`${need}|${k}`)).length).not.toBe(1);
    }
    for (const k of KINDS.slice(0, 4)) if (!hidden(`total|${k}`)) expect(['loneliness', 'transport'].filter((n) => hidden(`${n}|${k}`)).length).not.toBe(1);

    expect(figureOf(f, 'U1', 'barrier', 'transport').withheldReason).toBe('small_number_suppressed');
    expect(figureOf(f, 'U1', 'barrier', 'language').withheldReason).toBe('zero_beside_suppressed');
    expect(figureOf(f, 'U1', 'area', L3).withheldReason).toBe('small_number_suppressed');
    expect(figureOf(f, 'U1', 'area', 'not_known').withheldReason).toBe('secondary_suppression');
    expect(v(f, 'U1', 'gap_ratio', 'loneliness')).toBe(0.76);
    expect(v(f, 'U1', 'gap_ratio', 'transport')).toBe(1.2);
    expect(figureOf(f, 'U1', 'gap_ratio', 'debt').withheldReason).toBe('small_number_suppressed');

    const csv = await get(commissioner, '/api/v1/reports/unmet-need.csv?period=2026-Q3&disclosure=exact');
    expect(csv.statusCode).toBe(200);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows.length).toBe(f.length);
    for (const r of rows) {
      expect(r.disclosure).toBe('suppressed');
      if (r.unit === 'count' && r.value !== '') expect(Number(r.value) === 0 || Number(r.value) > 7).toBe(true);
    }
    expect(csv.body).not.toContain(NOTE_OUT);
  });

  describe('the register', () => {
    interface Entry {
      caseId: string;
      caseReference: string;
      need: string;
      kind: string;
      barrier: string | null;
      lsoa: string | null;
      imdDecile: number | null;
      recordedOn: string;
      note: string | null;
    }
    const register = async (s: Session, query: string) => get(s, `/api/v1/reports/unmet-need/register?${query}`);

    it('shows a lead each unmet need in scope and period with its note, case and area, and audits the cases shown', async () => {
      const res = await register(lead, 'period=2026-Q3');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json<{ total: number; truncated: boolean; entries: Entry[] }>();
      expect(body.total).toBe(42);
      expect(body.truncated).toBe(false);
      expect(body.entries).toHaveLength(42);
      expect(new Set(body.entries.map((e) => e.caseId))).toEqual(new Set([r1, r2]));
      expect(body.entries.some((e) => e.note === NOTE_OUT || e.caseId === rb)).toBe(false);
      const bus = body.entries.find((e) => e.note === NOTE_BUS);
      expect(bus).toMatchObject({ need: 'transport', kind: 'no_service', barrier: null, lsoa: L2, imdDecile: 3, recordedOn: '2026-07-01', caseId: r2 });
      expect(bus?.caseReference).toMatch(/^LW-R/);
      expect(body.entries.find((e) => e.note === NOTE_FULL)).toMatchObject({ need: 'loneliness', kind: 'full', lsoa: L2, recordedOn: '2026-07-11' });
      // Newest first: the boundary row (1 July London) is last.
      expect(body.entries.at(-1)?.note).toBe(NOTE_BUS);

      const events = await t.deps.db
        .selectFrom('audit_event')
        .select(['summary', 'outcome', 'entity_id'])
        .where('action', '=', 'report.unmet_register_viewed')
        .execute();
      expect(events).toHaveLength(1);
      const summary = JSON.parse(events[0]?.summary ?? '{}') as { caseIds: string[]; shown: number; period: string };
      expect(new Set(summary.caseIds)).toEqual(new Set([r1, r2]));
      expect(summary.shown).toBe(42);
      expect(summary.period).toBe('2026-Q3');
      expect(events[0]?.summary).not.toContain('lunch club');
    });

    it('filters by need and kind on the server, and caps the list', async () => {
      const transport = (await register(lead, 'period=2026-Q3&need=transport')).json<{ total: number; entries: Entry[] }>();
      expect(transport.total).toBe(12);
      expect(transport.entries.every((e) => e.need === 'transport' && e.caseId === r2)).toBe(true);
      const barriers = (await register(lead, 'period=2026-Q3&kind=barrier')).json<{ total: number; entries: Entry[] }>();
      expect(barriers.entries.map((e) => e.barrier).sort()).toEqual([...Array(4).fill('cost'), ...Array(5).fill('transport')]);
      const capped = (await register(lead, 'period=2026-Q3&limit=5')).json<{ total: number; truncated: boolean; entries: Entry[] }>();
      expect([capped.total, capped.truncated, capped.entries.length]).toEqual([42, true, 5]);
      const bad = await register(lead, 'kind=sideways');
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { code: string; details: { fields: Record<string, string> } } }>().error.details.fields).toHaveProperty('kind');
    });

    it('refuses PCN leads and commissioners (403, audited) and filters outside the scope (404)', async () => {
      for (const s of [pcnLead, commissioner]) {
        const res = await register(s, 'period=2026-Q3');
        expect(res.statusCode).toBe(403);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
        expect(res.body).not.toContain('lunch');
      }
      const denials = await t.deps.db
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'access.denied')
        .where('entity_id', '=', 'unmet-need')
        .execute();
      expect(denials.filter((d) => d.summary.includes('report.unmet_register_viewed')).length).toBeGreaterThanOrEqual(2);
      expect((await register(lead, `period=2026-Q3&pcn=${world.pcnB.id}`)).statusCode).toBe(404);
    });
  });

  describe('recording an unmet need names its kind', () => {
    it('refuses a missing or wrong kind and a barrier that does not fit, naming the field, storing nothing', async () => {
      const person = await makePerson(t.deps, world.a1);
      const { id } = await makeReferral(t.deps, { id: person.id, practiceId: world.a1.id }, { status: 'active', linkWorkerId });
      const post = (payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/unmet-needs`, headers: linkWorker.headers, payload });
      const bad: [object, string][] = [
        [{ need: 'transport' }, 'kind'],
        [{ need: 'transport', kind: 'sideways' }, 'kind'],
        [{ need: 'transport', kind: 'barrier' }, 'barrier'],
        [{ need: 'transport', kind: 'barrier', barrier: null }, 'barrier'],
        [{ need: 'transport', kind: 'barrier', barrier: 'weather' }, 'barrier'],
        [{ need: 'transport', kind: 'no_service', barrier: 'cost' }, 'barrier'],
        [{ need: 'transport', kind: 'declined', barrier: 'digital' }, 'barrier'],
      ];
      for (const [payload, field] of bad) {
        const res = await post(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        const err = res.json<{ error: { code: string; details: { fields: Record<string, string> } } }>().error;
        expect(err.code).toBe('invalid_input');
        expect(Object.keys(err.details.fields), JSON.stringify(payload)).toContain(field);
      }
      const stored = await t.deps.db.selectFrom('unmet_need').select('id').where('referral_id', '=', id).execute();
      expect(stored).toHaveLength(0);

      const ok = await post({ need: 'transport', kind: 'barrier', barrier: 'cost', note: 'Bus fare' });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ need: 'transport', kind: 'barrier', barrier: 'cost' });
      const view = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: linkWorker.headers });
      expect(view.json<{ unmetNeeds: { kind: string; barrier: string | null }[] }>().unmetNeeds).toEqual([
        expect.objectContaining({ kind: 'barrier', barrier: 'cost' }),
      ]);
    });
  });
});
