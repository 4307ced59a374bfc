import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { figureOf, insertArea, insertEpisode, insertListExtract, insertPerson, type FigureJson } from './report-support.ts';

/**
 * Reach and equity (R1–R5) against the registered list, on both databases, every figure by hand.
 *
 * Period 2026-Q3: 92 days, annualising factor s = 365/92; midpoint 15 Aug 2026 (ages on that day).
 * Practice a1's list (extract of 2026-08-01; an older one of 2025-08-01 with other numbers must be
 * ignored): 40-44 F 1,000, 40-44 M 1,000, 70-74 F 500, 70-74 M 500 (3,000); by LSOA: L1 (IMD
 * decile 1, Census shares asian 50% / white 50%) 2,400, L2 (decile 10, white 100%) 600.
 * Modelled list ethnicity: asian 1,200 (40%), white 1,800 (60%).
 * People referred at a1 in Q3, one referral each:
 *   A F born 1984-08-15 (42: 40-44), L1, Indian (asian), NHS number;
 *   B M born 1984-01-01 (42), L1, White British, NHS number;
 *   C F born 1954-01-01 (72: 70-74), L2, ethnicity not stated (Z), NHS number;
 *   D F born 1954-06-01 (72), no postcode, no ethnicity, no NHS number; discharged unable to contact.
 * R4: ethnicity stated 2/4 = 50%; LSOA 3/4 = 75%; sex 100%; date of birth 100%; NHS number 75%.
 * R1: decile 1 = 2/2400 × 1000 × s; decile 10 = 1/600 × 1000 × s; 40-44|F = 1/1000 × 1000 × s;
 *     70-74|F = 2/500 × 1000 × s; ethnic referred shares (of stated) asian 50%, white 50%.
 * R2: quintile 1 = (2/3)/(2400/3000) = 0.8333, quintile 5 = (1/3)/(600/3000) = 1.6667; rate ratio
 *     q1/q5 = (2/2400)/(1/600) = 0.5; age 40-44 = (2/4)/(2000/3000) = 0.75, 70-74 = 1.5; sex F =
 *     (3/4)/(1500/3000) = 1.5, M = 0.5; asian = 0.5/0.4 = 1.25, white = 0.5/0.6 = 0.8333.
 * R3: DSR with ESP weights (40-44: 7,000; 70-74: 5,000 per 100,000; sexes equal), re-weighted over
 *     the bands present (0.12): (0.035×0.001 × 2 + 0.025×0.004) × 1000 × s / 0.12 = 1.41667 × s.
 * R5: women (A, C, D): unable to contact 1/3.
 */
describe.each(TEST_DIALECTS)('reach report on %s', (dialect) => {
  let t: TestApp;
  let pcnLead: Session;
  let commissioner: Session;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  const s = 365 / 92;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { a1, pcnA, icb } = world;
    pcnLead = await sessionFor(t, (await makeUser(t.deps, 'pcn_lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const ods = a1.odsCode ?? '';
    await insertArea(t.deps, 'ZZ1 1AA', 'E01990001', 1, { asian: 5000, white: 5000 });
    await insertArea(t.deps, 'ZZ2 2BB', 'E01990002', 10, { white: 10000 });
    const bands: [string, 'M' | 'F', number][] = [
      ['40-44', 'F', 1000],
      ['40-44', 'M', 1000],
      ['70-74', 'F', 500],
      ['70-74', 'M', 500],
    ];
    await insertListExtract(
      t.deps,
      'age_sex',
      '2026-08-01',
      bands.map(([ageBand, sex, patients]) => ({ practiceOds: ods, ageBand, sex, patients })),
    );
    await insertListExtract(
      t.deps,
      'age_sex',
      '2025-08-01',
      bands.map(([ageBand, sex, patients]) => ({ practiceOds: ods, ageBand, sex, patients: patients * 2 })),
    );
    await insertListExtract(t.deps, 'lsoa', '2026-08-01', [
      { practiceOds: ods, lsoa: 'E01990001', patients: 2400 },
      { practiceOds: ods, lsoa: 'E01990002', patients: 600 },
    ]);
    const at = '2026-08-03T10:00:00.000Z';
    const a = await insertPerson(t.deps, {
      practiceId: a1.id,
      sex: 'female',
      dateOfBirth: '1984-08-15',
      postcode: 'ZZ1 1AA',
      ethnicCategory: 'H',
      nhsNumber: '9990000018',
    });
    const b = await insertPerson(t.deps, {
      practiceId: a1.id,
      sex: 'male',
      dateOfBirth: '1984-01-01',
      postcode: 'ZZ1 1AA',
      ethnicCategory: 'A',
      nhsNumber: '9990000026',
    });
    const c = await insertPerson(t.deps, {
      practiceId: a1.id,
      sex: 'female',
      dateOfBirth: '1954-01-01',
      postcode: 'ZZ2 2BB',
      ethnicCategory: 'Z',
      nhsNumber: '9990000034',
    });
    const d = await insertPerson(t.deps, { practiceId: a1.id, sex: 'female', dateOfBirth: '1954-06-01' });
    for (const p of [a, b, c]) await insertEpisode(t.deps, { personId: p, practiceId: a1.id, createdAt: at });
    await insertEpisode(t.deps, {
      personId: d,
      practiceId: a1.id,
      createdAt: at,
      status: 'discharged',
      statusReason: 'unable_to_contact',
      closedAt: '2026-09-01T10:00:00.000Z',
    });
  });
  afterAll(() => t.close());

  const get = async (sess: Session, url: string) => t.app.inject({ method: 'GET', url, headers: sess.headers });
  const figures = async (sess: Session, url: string): Promise<{ figures: FigureJson[]; notes: string[] }> => {
    const res = await get(sess, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[]; notes: string[] }>();
  };

  it('computes completeness, rates, representation, the standardised rate and exits by hand', async () => {
    const { figures: f, notes } = await figures(pcnLead, `/api/v1/reports/reach?period=2026-Q3&practice=${world.a1.id}`);
    const v = (m: string, b: string, g: string) => figureOf(f, m, b, g).value;
    expect([
      v('R4', 'field', 'ethnicity'),
      v('R4', 'field', 'lsoa'),
      v('R4', 'field', 'sex'),
      v('R4', 'field', 'date_of_birth'),
      v('R4', 'field', 'nhs_number'),
    ]).toEqual([50, 75, 100, 100, 75]);
    expect(v('R1', 'imd_decile', '1')).toBeCloseTo((2 / 2400) * 1000 * s, 6);
    expect(v('R1', 'imd_decile', '10')).toBeCloseTo((1 / 600) * 1000 * s, 6);
    expect(figureOf(f, 'R1', 'imd_decile', '5').withheldReason).toBe('no_denominator');
    expect(v('R1', 'age_band|sex', '40-44|F')).toBeCloseTo(1 * s, 6);
    expect(v('R1', 'age_band|sex', '70-74|F')).toBeCloseTo(4 * s, 6);
    expect(v('R1', 'age_band|sex', '70-74|M')).toBe(0);
    expect(v('R2', 'imd_quintile', '1')).toBeCloseTo(2 / 3 / 0.8, 6);
    expect(v('R2', 'imd_quintile', '5')).toBeCloseTo(1 / 3 / 0.2, 6);
    expect(v('R2', 'imd_quintile_rate_ratio', '1')).toBeCloseTo(0.5, 6);
    expect(v('R2', 'age_band', '40-44')).toBeCloseTo(0.75, 6);
    expect(v('R2', 'age_band', '70-74')).toBeCloseTo(1.5, 6);
    expect(v('R2', 'sex', 'F')).toBeCloseTo(1.5, 6);
    expect(v('R2', 'sex', 'M')).toBeCloseTo(0.5, 6);
    expect(v('R1', 'ethnic_group', 'asian|referred')).toBeCloseTo(50, 6);
    expect(v('R1', 'ethnic_group', 'asian|list_modelled')).toBeCloseTo(40, 6);
    expect(v('R1', 'ethnic_group', 'white|list_modelled')).toBeCloseTo(60, 6);
    expect(v('R2', 'ethnic_group', 'asian')).toBeCloseTo(1.25, 6);
    expect(v('R2', 'ethnic_group', 'white')).toBeCloseTo(0.5 / 0.6, 6);
    const ods = world.a1.odsCode ?? '';
    expect(v('R3', 'practice', ods)).toBeCloseTo(((0.035 * 0.001 * 2 + 0.025 * 0.004) * 1000 * s) / 0.12, 6);
    expect(v('R3', 'list_size', ods)).toBe(3000);
    expect(v('R3', 'limit_95_lower', ods)).toBeLessThan(v('R3', 'practice', 'total') ?? 0);
    expect(v('R5', 'sex', 'F|unable_to_contact')).toBeCloseTo(100 / 3, 6);
    expect(v('R5', 'sex', 'M|unable_to_contact')).toBe(0);
    expect(notes.some((n) => n.includes('2026-08-01'))).toBe(true);
    expect(notes.some((n) => n.toLowerCase().includes('modelled'))).toBe(true);
  });

  it('says so when no list extract covers the practices', async () => {
    const { figures: f, notes } = await figures(pcnLead, `/api/v1/reports/reach?period=2026-Q3&practice=${world.a2.id}`);
    expect(figureOf(f, 'R1', 'imd_decile', '1').withheldReason).toBe('no_denominator');
    expect(notes.some((n) => n.includes('denominators import'))).toBe(true);
  });

  it('a commissioner never sees a count of 1–7 or a rate built on one', async () => {
    const { figures: f } = await figures(commissioner, '/api/v1/reports/reach?period=2026-Q3');
    for (const fig of f) {
      if (fig.unit === 'count' && fig.value !== null) expect(fig.value === 0 || fig.value > 7).toBe(true);
    }
    expect(figureOf(f, 'R1', 'imd_decile', '1').value).toBeNull();
    expect(figureOf(f, 'R2', 'sex', 'F').value).toBeNull();
    expect(figureOf(f, 'R4', 'field', 'ethnicity').value).toBeNull();
  });
});
