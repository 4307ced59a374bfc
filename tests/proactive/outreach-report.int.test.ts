import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { figureOf, insertEpisode, insertLsoa, insertPerson, type FigureJson } from '../reports/report-support.ts';
import { newId } from '../../src/services/kernel/ids.ts';
import { insertExtract, insertRun, testNhsNumber, type PracticePersonSpec } from './outreach-support.ts';

const L1 = 'E01099101';

/**
 * The `proactive` report on a hand-built world. 40 people at practice a1 (PCN A) were taken into
 * outreach on 15 July 2026 (2026-Q3), person i:
 * - 0–7 identified, never reviewed (still open); 8–9 not suitable;
 * - 10–39 cleared and invited, with 1, 2 or 3 invitations (10 each: attempts = 1 + (i − 10) mod 3);
 *   10–23 accepted (a referral each; 10–21 had a successful contact; 10–19 a "what matters"
 *   conversation: engaged), 24–32 declined "not now", 33–35 opted out, 36–39 no response.
 * Men: 18–23 and 36–39 (10 invited, 2 engaged: 18, 19); women the rest of the invited (20, 8 engaged).
 * Ethnicity: not stated when i mod 3 = 0, else White British. All in an LSOA of IMD decile 1.
 * Funnel: identified 40, reviewed 32, cleared 30, invited 30, responded 23 (14 + 9), accepted 14,
 * first contact 12, engaged 10. Yield 10 ÷ 30. Also one outreach at b1 (PCN B: the commissioner's
 * ICB sees it, the PCN A lead does not) and one at a1 started in October (outside the period).
 */
describe.each(TEST_DIALECTS)('the proactive outreach report on %s', (dialect) => {
  let t: TestApp;
  let lead: Session;
  let commissioner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, b1 } = world;
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    await insertLsoa(t.deps, L1, 1);
    const db = t.database.db;
    const specs = Array.from({ length: 42 }, (_, i): PracticePersonSpec => ({
      key: String(i),
      nhsNumber: testNhsNumber(820_000 + i * 5),
      dateOfBirth: i % 2 === 0 ? '1980-01-01' : '1950-01-01',
      sex: (i >= 18 && i <= 23) || (i >= 36 && i <= 39) ? 'male' : 'female',
      ethnicity: i % 3 === 0 ? null : 'A',
      lsoa: L1,
    }));
    const ppA = await insertExtract(db, a1.id, '2026-07-01', specs.slice(0, 41));
    const ppB = await insertExtract(db, b1.id, '2026-07-01', specs.slice(41));
    const members = specs.slice(0, 41).map((s) => ({ practicePersonId: ppA[s.key] as string, practiceId: a1.id, nhsNumber: s.nhsNumber }));
    const runA = await insertRun(db, { practiceIds: [a1.id], members });
    const runB = await insertRun(db, {
      practiceIds: [b1.id],
      members: [{ practicePersonId: ppB['41'] as string, practiceId: b1.id, nhsNumber: specs[41]?.nhsNumber as string }],
    });

    const insertOutreach = async (o: {
      runId: string;
      practicePersonId: string;
      practiceId: string;
      nhsNumber: string;
      state: string;
      review: string | null;
      attempts: number;
      respondedAt: string | null;
      declineCode: string | null;
      referralId: string | null;
      createdAt: string;
    }) => {
      const id = newId();
      await db
        .insertInto('outreach')
        .values({
          id,
          run_id: o.runId,
          practice_person_id: o.practicePersonId,
          practice_id: o.practiceId,
          nhs_number: o.nhsNumber,
          state: o.state,
          review_outcome: o.review,
          review_reason: o.review === 'not_suitable' ? 'other' : null,
          reviewed_by: o.review === null ? null : 'test',
          reviewed_at: o.review === null ? null : '2026-07-16T10:00:00.000Z',
          attempts: o.attempts,
          last_attempt_at: o.attempts === 0 ? null : '2026-07-20T10:00:00.000Z',
          channel: o.attempts === 0 ? null : 'letter',
          language: o.attempts === 0 ? null : 'en',
          easy_read: 0,
          responded_at: o.respondedAt,
          decline_code: o.declineCode,
          referral_id: o.referralId,
          created_at: o.createdAt,
          updated_at: o.createdAt,
          version: 1,
        })
        .execute();
      for (let k = 0; k < o.attempts; k++) {
        await db
          .insertInto('outreach_attempt')
          .values({
            id: newId(),
            outreach_id: id,
            at: `2026-07-${20 + k}T10:00:00.000Z`,
            channel: k === 0 ? 'letter' : 'phone',
            language: 'en',
            easy_read: 0,
            offer: 'social_prescribing_offered',
            by: 'test',
          })
          .execute();
      }
    };

    for (let i = 0; i < 40; i++) {
      const s = specs[i] as (typeof specs)[number];
      const invited = i >= 10;
      const state = i < 8 ? 'identified' : i < 10 ? 'not_suitable' : i <= 23 ? 'accepted' : i <= 32 ? 'declined' : i <= 35 ? 'opted_out' : 'no_response';
      let referralId: string | null = null;
      if (state === 'accepted') {
        const personId = await insertPerson(t.deps, { practiceId: a1.id, nhsNumber: s.nhsNumber });
        referralId = await insertEpisode(t.deps, {
          personId,
          practiceId: a1.id,
          createdAt: '2026-07-25T10:00:00.000Z',
          source: 'proactive',
          ...(i <= 21 ? { contacts: [['2026-07-28T10:00:00.000Z', true, 'phone']] as [string, boolean, string][] } : {}),
          ...(i <= 19 ? { conversationAt: '2026-07-29T10:00:00.000Z' } : {}),
        });
      }
      await insertOutreach({
        runId: runA,
        practicePersonId: ppA[s.key] as string,
        practiceId: a1.id,
        nhsNumber: s.nhsNumber,
        state,
        review: i < 8 ? null : i < 10 ? 'not_suitable' : 'cleared',
        attempts: invited ? 1 + ((i - 10) % 3) : 0,
        respondedAt: state === 'accepted' || state === 'declined' ? '2026-07-24T10:00:00.000Z' : null,
        declineCode: state === 'declined' ? 'not_now' : null,
        referralId,
        createdAt: '2026-07-15T09:00:00.000Z',
      });
    }
    // Outside the period (a1, October) and outside the lead's scope (b1).
    await insertOutreach({
      runId: runA,
      practicePersonId: ppA['40'] as string,
      practiceId: a1.id,
      nhsNumber: specs[40]?.nhsNumber as string,
      state: 'identified',
      review: null,
      attempts: 0,
      respondedAt: null,
      declineCode: null,
      referralId: null,
      createdAt: '2026-10-02T09:00:00.000Z',
    });
    await insertOutreach({
      runId: runB,
      practicePersonId: ppB['41'] as string,
      practiceId: b1.id,
      nhsNumber: specs[41]?.nhsNumber as string,
      state: 'identified',
      review: null,
      attempts: 0,
      respondedAt: null,
      declineCode: null,
      referralId: null,
      createdAt: '2026-07-15T09:00:00.000Z',
    });
  });
  afterAll(() => t.close());

  const figures = async (s: Session, url: string): Promise<{ figures: FigureJson[]; disclosure: string }> => {
    const res = await t.app.inject({ method: 'GET', url, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[]; disclosure: string }>();
  };

  it('the lead sees the exact funnel, exits, attempts and yield by group for PCN A', async () => {
    const { figures: f } = await figures(lead, '/api/v1/reports/proactive?period=2026-Q3&disclosure=exact');
    const v = (m: string, b: string, g: string) => figureOf(f, m, b, g).value;
    expect(['identified', 'reviewed', 'cleared', 'invited', 'responded', 'accepted', 'first_contact', 'engaged'].map((s) => v('P1', 'stage', s))).toEqual([
      40, 32, 30, 30, 23, 14, 12, 10,
    ]);
    expect(v('P1', 'stage_of_identified', 'engaged')).toBeCloseTo(25, 6);
    expect(v('P1', 'stage_of_previous', 'accepted')).toBeCloseTo((100 * 14) / 23, 6);
    expect(['not_suitable', 'declined', 'no_response', 'opted_out', 'accepted', 'still_open', 'total'].map((x) => v('P1', 'exit', x))).toEqual([
      2, 9, 4, 3, 14, 8, 40,
    ]);
    expect(v('P1', 'decline_code', 'not_now')).toBe(9);
    expect(['1', '2', '3+', 'total'].map((a) => v('P1', 'attempts', a))).toEqual([10, 10, 10, 30]);
    expect(v('P1', 'channel', 'letter')).toBe(30);
    expect(v('P1', 'channel', 'phone')).toBe(30);
    const total = figureOf(f, 'P2', 'total', 'total');
    expect(total.value).toBeCloseTo(100 / 3, 6);
    expect(total.ci95Lower).toBeGreaterThan(15);
    expect(total.ci95Upper).toBeLessThan(55);
    expect(v('P2', 'sex', 'F')).toBeCloseTo(40, 6);
    expect(v('P2', 'sex', 'M')).toBeCloseTo(20, 6);
    expect(v('P2', 'sex_invited', 'M')).toBe(10);
    // Not stated (i mod 3 = 0): invited 12, 15, …, 39 → 10 of 30; engaged 12, 15, 18 → 3.
    expect(v('P2', 'ethnic_group_invited', 'not_stated')).toBe(10);
    expect(v('P2', 'ethnic_group', 'not_stated')).toBeCloseTo(30, 6);
    expect(v('P2', 'imd_quintile_invited', '1')).toBe(30);
  });

  it('the commissioner (the whole ICB) gets it suppressed: no count 1–7, rounded to 5, small shares withheld', async () => {
    const body = await figures(commissioner, '/api/v1/reports/proactive?period=2026-Q3');
    expect(body.disclosure).toBe('suppressed');
    const f = body.figures;
    expect(figureOf(f, 'P1', 'stage', 'identified').value).toBe(40); // 41 with b1, rounded
    expect(figureOf(f, 'P1', 'stage', 'reviewed').value).toBe(30); // 32 rounded
    expect(figureOf(f, 'P1', 'exit', 'not_suitable')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(figureOf(f, 'P1', 'exit', 'opted_out')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(figureOf(f, 'P2', 'sex', 'M').value).toBeNull();
    for (const x of f) if (x.unit === 'count' && x.value !== null) expect(x.value % 5, `${x.breakdown}/${x.group}`).toBe(0);
  });
});
