import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_NAMES } from '../../src/domain/insight/reports.ts';
import { NEED_CODES } from '../../src/domain/needs.ts';
import { newId } from '../../src/services/kernel/ids.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { insertArea, insertEpisode, insertListExtract, insertPerson, insertService, type FigureJson } from './report-support.ts';

/**
 * A commissioner can never obtain an unsuppressed count of 1–7 (issue 11): a world of small
 * numbers (a seeded random 150 referrals over four practices, with contacts, plans, community
 * referrals, unmet needs and list extracts), then every report as JSON and CSV, for several
 * periods and every PCN and practice filter, the headlines and the outcomes report. Every count
 * released is 0 or at least 8 and a multiple of 5; every rate whose count is hidden is hidden;
 * and no line of a table with a shown total has exactly one hidden cell (no recovery by subtraction).
 */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(TEST_DIALECTS)('a commissioner walks every report on %s', (dialect) => {
  let t: TestApp;
  let commissioner: Session;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { icb, a1, a2, b1, b2, vcse } = world;
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const lw = await makeUser(t.deps, 'link_worker', [a1, a2, b1, b2]);
    const r = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    await insertArea(t.deps, 'ZZ1 1AA', 'E01990001', 1, { asian: 3000, white: 7000 });
    await insertArea(t.deps, 'ZZ2 2BB', 'E01990002', 6, { white: 9000, black: 1000 });
    const practices = [a1, a2, b1, b2];
    const ods = practices.map((p) => p.odsCode ?? '');
    await insertListExtract(
      t.deps,
      'age_sex',
      '2026-06-01',
      ods.flatMap((o) => [
        { practiceOds: o, ageBand: '30-34', sex: 'F' as const, patients: 900 },
        { practiceOds: o, ageBand: '30-34', sex: 'M' as const, patients: 880 },
        { practiceOds: o, ageBand: '70-74', sex: 'F' as const, patients: 400 },
        { practiceOds: o, ageBand: '70-74', sex: 'M' as const, patients: 350 },
      ]),
    );
    await insertListExtract(
      t.deps,
      'lsoa',
      '2026-06-01',
      ods.flatMap((o) => [
        { practiceOds: o, lsoa: 'E01990001', patients: 1500 },
        { practiceOds: o, lsoa: 'E01990002', patients: 1030 },
      ]),
    );
    const services = [
      await insertService(t.deps, vcse.id, 'Walk and talk'),
      await insertService(t.deps, vcse.id, 'Money clinic', { capacity: 'waiting_list' }),
    ];
    for (let i = 0; i < 150; i += 1) {
      const practice = pick(practices);
      const person = await insertPerson(t.deps, {
        practiceId: practice.id,
        sex: pick(['female', 'male', null]),
        dateOfBirth: pick(['1993-03-01', '1954-02-01']),
        postcode: pick(['ZZ1 1AA', 'ZZ2 2BB', null]),
        ethnicCategory: pick(['A', 'H', 'N', 'Z', null]),
      });
      const day = 1 + Math.floor(r() * 300);
      const created = new Date(Date.UTC(2026, 0, day, 10)).toISOString();
      const later = (d: number) => new Date(Date.UTC(2026, 0, day + d, 11)).toISOString();
      const status = pick(['referred', 'active', 'discharged', 'discharged', 'declined']);
      const id = await insertEpisode(t.deps, {
        personId: person,
        practiceId: practice.id,
        createdAt: created,
        source: pick(['gp', 'self', 'partner', 'clinician', 'proactive']),
        needs: [pick(NEED_CODES), pick(NEED_CODES)].filter((v, k, a) => a.indexOf(v) === k),
        status,
        statusReason: status === 'discharged' ? pick(['goals_met', 'unable_to_contact', 'moved_away', 'declined']) : null,
        closedAt: status === 'discharged' ? later(40) : null,
        linkWorkerId: lw.id,
        contacts:
          r() < 0.7
            ? [
                [later(2), r() < 0.8, pick(['phone', 'face_to_face'])],
                [later(9), true, 'phone'],
              ]
            : [],
        ...(r() < 0.6 ? { conversationAt: later(3) } : {}),
        ...(r() < 0.4 ? { planAt: later(5) } : {}),
        community:
          r() < 0.5
            ? [[pick(services), pick(['referral', 'signpost'] as const), pick(['sent', 'accepted', 'declined', 'attended', 'no_response']), later(6), later(9)]]
            : [],
      });
      if (r() < 0.3) {
        const kind = pick(['no_service', 'full', 'barrier', 'declined']);
        await t.deps.db
          .insertInto('unmet_need')
          .values({
            id: newId(),
            referral_id: id,
            need: pick(NEED_CODES),
            kind,
            barrier: kind === 'barrier' ? pick(['cost', 'transport']) : null,
            lsoa: pick(['E01990001', 'E01990002', null]),
            note: 'walk test note',
            created_by: 'test',
            created_at: later(7),
          })
          .execute();
      }
    }
  });
  afterAll(() => t.close());

  const get = async (url: string) => t.app.inject({ method: 'GET', url, headers: commissioner.headers });

  function checkFigures(figs: FigureJson[], where: string): void {
    for (const f of figs) {
      if (f.unit === 'count' && f.value !== null) {
        expect(f.value === 0 || f.value >= 8, `${where}: ${f.metric}/${f.breakdown}/${f.group} = ${f.value}`).toBe(true);
        expect(f.value % 5, `${where}: ${f.metric}/${f.breakdown}/${f.group} not rounded`).toBe(0);
      }
    }
    // No line of a one-way table with a shown total has exactly one hidden cell.
    const tables = new Map<string, FigureJson[]>();
    for (const f of figs)
      if (f.unit === 'count' && !f.group.includes('|'))
        (tables.get(`${f.metric}/${f.breakdown}`) ?? tables.set(`${f.metric}/${f.breakdown}`, []).get(`${f.metric}/${f.breakdown}`))?.push(f);
    for (const [key, cells] of tables) {
      const total = cells.find((c) => c.group === 'total');
      if (total === undefined || total.value === null) continue;
      const hidden = cells.filter((c) => c.group !== 'total' && c.value === null).length;
      expect(hidden === 0 || hidden >= 2, `${where}: ${key} has one hidden cell beside a shown total`).toBe(true);
    }
  }

  it('every report, every filter, JSON and CSV', async () => {
    const filters = ['', `&pcn=${world.pcnA.id}`, `&pcn=${world.pcnB.id}`, `&practice=${world.a1.id}`, `&practice=${world.b2.id}`];
    let checked = 0;
    for (const name of REPORT_NAMES) {
      for (const period of ['2026', '2026-Q1', '2026-03', 'last-12-months']) {
        for (const f of filters) {
          const res = await get(`/api/v1/reports/${name}?period=${period}${f}`);
          expect(res.statusCode, `${name} ${period}${f}: ${res.body}`).toBe(200);
          const body = res.json<{ disclosure: string; figures: FigureJson[] }>();
          expect(body.disclosure).toBe('suppressed');
          checkFigures(body.figures, `${name}?period=${period}${f}`);
          checked += body.figures.length;
          // Asking for exact figures changes nothing for a commissioner.
          const exact = await get(`/api/v1/reports/${name}?period=${period}${f}&disclosure=exact`);
          expect(exact.json<{ disclosure: string }>().disclosure).toBe('suppressed');
        }
        const csv = await get(`/api/v1/reports/${name}.csv?period=${period}&disclosure=exact`);
        expect(csv.statusCode).toBe(200);
        const rows = parse<Record<string, string>>(csv.body, { columns: true });
        checkFigures(
          rows.map((x) => ({
            metric: x.metric ?? '',
            breakdown: x.breakdown ?? '',
            group: x.group ?? '',
            unit: x.unit ?? '',
            value: x.value === '' || x.value === undefined ? null : Number(x.value),
            ci95Lower: null,
            ci95Upper: null,
            withheldReason: x.withheld_reason === '' ? null : (x.withheld_reason ?? null),
          })),
          `${name}.csv?period=${period}`,
        );
        expect(rows.every((x) => x.disclosure === 'suppressed')).toBe(true);
        expect(csv.body).not.toContain('walk test note');
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const headlines = (await get('/api/v1/reports/headlines?period=2026')).json<{
      headlines: { figure: FigureJson | null }[];
      topUnmetNeeds: { figure: FigureJson }[];
    }>();
    checkFigures([...headlines.headlines.flatMap((h) => (h.figure === null ? [] : [h.figure])), ...headlines.topUnmetNeeds.map((u) => u.figure)], 'headlines');
  });

  it('the unmet-need register (notes) is not open to a commissioner', async () => {
    const res = await get('/api/v1/reports/unmet-need/register?period=2026');
    expect([403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('walk test note');
  });
});
