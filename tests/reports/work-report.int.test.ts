import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilson } from '../../src/domain/insight/intervals.ts';
import { newId } from '../../src/services/kernel/ids.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { nextNhsNumber } from '../casework/case-support.ts';
import { figureOf, insertCommunityReferral, insertEpisode, insertPerson, insertService, type FigureJson } from './report-support.ts';

/**
 * The work report (K1–K5) against figures computed by hand, on both databases. Period 2025-Q3;
 * the clock reads 2026-11-21, so every 13- and 26-week follow-up is due.
 *
 * PCN A (P odd at a1, even at a2), all referred in 2025-Q3:
 * - P1–P10: goal "go back to the same employer", barrier health; baseline off sick, not fit;
 *   referred 1 July 2025. P1–P8 back at work on 1 August 2025 (31 days); discharge fit note none
 *   (P1–P5) or may be fit (P6–P8); P9 discharged still off sick, not fit; P10 no discharge record.
 *   13 weeks: P1–P6 in work, P7 not, P8 not recorded. 26 weeks: P1–P4 in work, P5 not, P6–P8 not recorded.
 * - P11–P13: goal "a new job", barriers skills and confidence; baseline out of work and looking,
 *   no fit note; referred 1 August 2025. P11 discharged still looking (fit note none), job search.
 * - P14–P15: goal "stay in work"; baseline working part time (not in the return cohort).
 * - P16–P19: "not a goal now". P20–P21: a plan with no work answer. P22: no plan.
 * Employment support (a service meeting the `employment` need): P1–P8 accepted or attended, P9
 * declined, P11 waiting; P16 accepted (no work goal: not counted). P10 → befriending, accepted (not employment).
 * Outside: P23 at b1 (PCN B) with a work goal; P24 at a1 referred in October 2025.
 *
 * K1 answer: with goal 15, not a goal now 4, not recorded 3, total 22 (68.2%). Goals: same
 *   employer 10, new job 3, stay in work 2. Barriers: health 10, skills 3, confidence 3.
 * K2: referred on 10, connected 8 of 15 (53.3%).
 * K3: cohort 13 (P1–P13), returned 8 (61.5%); Kaplan–Meier median 31 days (8 of 13 at risk return
 *   at day 31: S = 5/13 < 0.5). Steps: job search 1.
 * K4: 13 weeks due 8: in work 6, not 1, not recorded 1 → 75%; 26 weeks due 8: 4, 1, 3 → 50%.
 * K5: baseline × discharge: not fit → none 5, → may be fit 3, → not fit 1; none → none 1 (10);
 *   not fit at baseline 9, improved 8 (88.9%).
 * Practice data: a1's latest extract (2026-11-01) holds P1, P3, … P15 (8 with a goal) and P17;
 *   each has 4 fit notes in the year before referral, 2 in the year after, 1 before and 1 after
 *   those windows → 1.0 and 0.5 per person per quarter, change −0.5. An older a1 extract is ignored.
 */
describe.each(TEST_DIALECTS)('work report on %s', (dialect) => {
  let t: TestApp;
  let pcnLead: Session;
  let commissioner: Session;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { pcnA, icb, a1, a2, b1, vcse } = world;
    pcnLead = await sessionFor(t, (await makeUser(t.deps, 'pcn_lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    const workwell = await insertService(t.deps, vcse.id, 'WorkWell');
    await t.deps.db.updateTable('service').set({ needs: '["employment","mental_wellbeing"]' }).where('id', '=', workwell).execute();
    const befriending = await insertService(t.deps, vcse.id, 'Befriending');

    const db = t.deps.db;
    const work = async (
      referralId: string,
      personId: string,
      stage: string,
      w: { weeks?: number; status?: string | null; fit?: string | null; inWork?: 0 | 1 | null; returned?: string | null; movement?: string | null },
    ) =>
      db
        .insertInto('work_record')
        .values({
          id: newId(),
          referral_id: referralId,
          person_id: personId,
          stage,
          follow_up_weeks: w.weeks ?? 0,
          recorded_at: '2025-12-01T10:00:00.000Z',
          recorded_by: 'test',
          employment_status: w.status ?? null,
          off_sick_since: w.status === 'off_sick' ? '2025-05-01' : null,
          fit_note_state: w.fit ?? null,
          adjustments: w.fit === 'may_be_fit' ? 'phased_return' : null,
          in_work: w.inWork ?? null,
          returned_to_work_on: w.returned ?? null,
          movement: w.movement ?? null,
          version: 1,
        })
        .execute();
    const plan = async (referralId: string, goal: string | null, barriers: string | null) =>
      db
        .insertInto('plan_version')
        .values({
          id: newId(),
          referral_id: referralId,
          version: 1,
          goals: '[]',
          review_on: null,
          created_at: '2025-07-10T10:00:00.000Z',
          created_by: 'test',
          work_goal: goal,
          work_barriers: barriers,
        })
        .execute();

    // The practice's own data: an old extract (ignored) and the current one.
    const extract = async (date: string) => {
      const id = newId();
      await db
        .insertInto('practice_extract')
        .values({ id, practice_id: a1.id, extract_date: date, people: 0, events: 0, imported_at: `${date}T10:00:00.000Z`, imported_by: 'test' })
        .execute();
      return id;
    };
    const oldExtract = await extract('2025-01-01');
    const currentExtract = await extract('2026-11-01');
    const inPracticeData = async (extractId: string, nhsNumber: string, fitNotes: string[]) => {
      const id = newId();
      await db
        .insertInto('practice_person')
        .values({
          id,
          extract_id: extractId,
          practice_id: a1.id,
          nhs_number: nhsNumber,
          date_of_birth: '1980-01-01',
          sex: 'female',
          ethnicity: null,
          postcode: null,
          lsoa: null,
          ltc_registers: '',
          ltc_count: 0,
          palliative: 0,
          do_not_contact: 0,
        })
        .execute();
      for (const date of fitNotes) {
        await db
          .insertInto('practice_event')
          .values({ extract_id: extractId, person_id: id, date, kind: 'fit_note', end_date: null, fitness: 'not_fit', role: null })
          .execute();
      }
    };

    for (let n = 1; n <= 24; n += 1) {
      const practice = n === 23 ? b1 : n % 2 === 1 ? a1 : a2;
      const nhsNumber = nextNhsNumber();
      const personId = await insertPerson(t.deps, { practiceId: practice.id, nhsNumber });
      const createdAt = n === 24 ? '2025-10-02T10:00:00.000Z' : n >= 11 && n <= 13 ? '2025-08-01T10:00:00.000Z' : '2025-07-01T10:00:00.000Z';
      const id = await insertEpisode(t.deps, { personId, practiceId: practice.id, createdAt, status: n <= 13 ? 'discharged' : 'active' });
      if (n <= 10 || n === 23 || n === 24) await plan(id, 'return_same_employer', 'health');
      else if (n <= 13) await plan(id, 'new_job', 'confidence;skills');
      else if (n <= 15) await plan(id, 'stay_in_work', null);
      else if (n <= 19) await plan(id, 'not_a_goal_now', null);
      else if (n <= 21) await plan(id, null, null);

      if (n <= 10) {
        await work(id, personId, 'baseline', { status: 'off_sick', fit: 'not_fit' });
        if (n <= 8) {
          await work(id, personId, 'discharge', { status: 'employed_full_time', fit: n <= 5 ? 'none' : 'may_be_fit', returned: '2025-08-01' });
          await work(id, personId, 'follow_up', { weeks: 13, inWork: n <= 6 ? 1 : n === 7 ? 0 : null, status: 'employed_full_time' });
          if (n <= 5) await work(id, personId, 'follow_up', { weeks: 26, inWork: n <= 4 ? 1 : 0 });
        }
        if (n === 9) await work(id, personId, 'discharge', { status: 'off_sick', fit: 'not_fit' });
      } else if (n <= 13) {
        await work(id, personId, 'baseline', { status: 'unemployed_looking', fit: 'none' });
        if (n === 11) await work(id, personId, 'discharge', { status: 'unemployed_looking', fit: 'none', movement: 'job_search' });
      } else if (n <= 15) {
        await work(id, personId, 'baseline', { status: 'employed_part_time', fit: 'none' });
      } else if (n === 23) {
        await work(id, personId, 'baseline', { status: 'off_sick', fit: 'not_fit' });
      }

      if (n <= 9 || n === 11 || n === 16) {
        const status = n <= 4 ? 'accepted' : n <= 8 ? 'attended' : n === 9 ? 'declined' : n === 11 ? 'sent' : 'accepted';
        await insertCommunityReferral(t.deps, { referralId: id, serviceId: workwell, status, sentAt: createdAt });
      }
      if (n === 10) await insertCommunityReferral(t.deps, { referralId: id, serviceId: befriending, status: 'accepted', sentAt: createdAt });

      if (practice.id === a1.id && (n <= 15 || n === 17)) {
        const notes = n <= 7 || n === 9 ? ['2024-07-05', '2024-10-01', '2025-01-10', '2025-04-01'] : ['2024-08-01', '2024-11-01', '2025-02-01', '2025-05-01'];
        const after = n >= 11 ? ['2025-09-01', '2026-03-01'] : ['2025-07-01', '2026-06-30'];
        await inPracticeData(currentExtract, nhsNumber, [...notes, ...after, '2024-06-01', '2026-08-01']);
        if (n === 1)
          await inPracticeData(
            oldExtract,
            nhsNumber,
            Array.from({ length: 10 }, () => '2024-12-01'),
          );
      }
    }
  });
  afterAll(() => t.close());

  const figures = async (s: Session, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ figures: FigureJson[]; notes: string[]; disclosure: string; definitions: { id: string }[] }>();
  };
  const v = (f: FigureJson[], m: string, b: string, g: string) => figureOf(f, m, b, g).value;
  const ci = (k: number, n: number) => {
    const w = wilson(k, n);
    return [(w?.lower ?? 0) * 100, (w?.upper ?? 0) * 100];
  };

  it('K1–K2: work goals, "not a goal now" counted apart, barriers, and connection to employment support', async () => {
    const { figures: f, definitions } = await figures(pcnLead, '/api/v1/reports/work?period=2025-Q3');
    expect(definitions.map((d) => d.id)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    expect(f.filter((x) => x.metric === 'K1' && x.breakdown === 'answer').map((x) => [x.group, x.value])).toEqual([
      ['with_goal', 15],
      ['not_a_goal_now', 4],
      ['not_recorded', 3],
      ['total', 22],
      ['with_goal_share', (100 * 15) / 22],
    ]);
    expect(f.filter((x) => x.metric === 'K1' && x.breakdown === 'goal').map((x) => [x.group, x.value])).toEqual([
      ['stay_in_work', 2],
      ['return_same_employer', 10],
      ['new_job', 3],
      ['volunteering', 0],
      ['training_education', 0],
      ['total', 15],
    ]);
    expect(v(f, 'K1', 'barrier', 'health')).toBe(10);
    expect(v(f, 'K1', 'barrier', 'skills')).toBe(3);
    expect(v(f, 'K1', 'barrier', 'confidence')).toBe(3);
    expect(v(f, 'K1', 'barrier', 'caring')).toBe(0);
    expect(v(f, 'K2', 'people', 'referred_on')).toBe(10);
    expect(v(f, 'K2', 'people', 'connected')).toBe(8);
    const share = figureOf(f, 'K2', 'people', 'connected_share');
    expect(share.value).toBeCloseTo((100 * 8) / 15, 10);
    expect([share.ci95Lower, share.ci95Upper]).toEqual(ci(8, 15));
  });

  it('K3–K4: return to work with its interval and censored median, and still in work at 13 and 26 weeks among those due', async () => {
    const { figures: f } = await figures(pcnLead, '/api/v1/reports/work?period=2025-Q3');
    expect(v(f, 'K3', 'measure', 'cohort')).toBe(13);
    expect(v(f, 'K3', 'measure', 'returned')).toBe(8);
    const returned = figureOf(f, 'K3', 'measure', 'returned_share');
    expect(returned.value).toBeCloseTo((100 * 8) / 13, 10);
    expect([returned.ci95Lower, returned.ci95Upper]).toEqual(ci(8, 13));
    expect(v(f, 'K3', 'measure', 'days_to_return_median')).toBe(31);
    expect(f.filter((x) => x.metric === 'K3' && x.breakdown === 'movement').map((x) => [x.group, x.value])).toEqual([
      ['volunteering', 0],
      ['training', 0],
      ['job_search', 1],
    ]);
    expect(f.filter((x) => x.metric === 'K4' && x.breakdown === 'follow_up').map((x) => [x.group, x.value])).toEqual([
      ['13|in_work', 6],
      ['13|not_in_work', 1],
      ['13|not_recorded', 1],
      ['13|total', 8],
      ['26|in_work', 4],
      ['26|not_in_work', 1],
      ['26|not_recorded', 3],
      ['26|total', 8],
    ]);
    const at13 = figureOf(f, 'K4', 'rate', 'in_work_13');
    expect(at13.value).toBe(75);
    expect([at13.ci95Lower, at13.ci95Upper]).toEqual(ci(6, 8));
    expect(v(f, 'K4', 'rate', 'in_work_26')).toBe(50);
  });

  it('K5: fit-note movement, and fit notes before and after from the latest practice extract', async () => {
    const { figures: f, notes } = await figures(pcnLead, '/api/v1/reports/work?period=2025-Q3');
    expect(v(f, 'K5', 'baseline|discharge', 'not_fit|none')).toBe(5);
    expect(v(f, 'K5', 'baseline|discharge', 'not_fit|may_be_fit')).toBe(3);
    expect(v(f, 'K5', 'baseline|discharge', 'not_fit|not_fit')).toBe(1);
    expect(v(f, 'K5', 'baseline|discharge', 'none|none')).toBe(1);
    expect(v(f, 'K5', 'baseline|discharge', 'not_fit|total')).toBe(9);
    expect(v(f, 'K5', 'baseline|discharge', 'total')).toBe(10);
    expect(v(f, 'K5', 'improvement', 'improved')).toBe(8);
    expect(v(f, 'K5', 'improvement', 'improved_share')).toBeCloseTo((100 * 8) / 9, 10);
    expect(v(f, 'K5', 'practice_data', 'matched')).toBe(8);
    expect(v(f, 'K5', 'practice_data', 'before_per_quarter')).toBe(1);
    expect(v(f, 'K5', 'practice_data', 'after_per_quarter')).toBe(0.5);
    expect(v(f, 'K5', 'practice_data', 'change_per_quarter')).toBe(-0.5);
    expect(notes.join(' ')).toContain('regression to the mean');
  });

  it('suppressed for a commissioner: small counts withheld, rates withheld with their numerators, the rest rounded', async () => {
    const body = await figures(commissioner, `/api/v1/reports/work?period=2025-Q3&pcn=${world.pcnA.id}`);
    expect(body.disclosure).toBe('suppressed');
    const f = body.figures;
    expect(v(f, 'K1', 'answer', 'with_goal')).toBe(15);
    expect(figureOf(f, 'K1', 'answer', 'not_a_goal_now')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(v(f, 'K1', 'answer', 'total')).toBe(20);
    expect(v(f, 'K1', 'answer', 'with_goal_share')).toBe(68.2);
    expect(v(f, 'K2', 'people', 'connected')).toBe(10);
    expect(v(f, 'K2', 'people', 'connected_share')).toBe(53.3);
    expect(v(f, 'K3', 'measure', 'returned_share')).toBe(61.5);
    expect(v(f, 'K3', 'measure', 'days_to_return_median')).toBe(31);
    // 6 in work at 13 weeks is withheld, and so is the rate it is the numerator of.
    expect(figureOf(f, 'K4', 'follow_up', '13|in_work')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(figureOf(f, 'K4', 'rate', 'in_work_13')).toMatchObject({ value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'small_number_suppressed' });
    expect(figureOf(f, 'K4', 'rate', 'in_work_26')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(figureOf(f, 'K5', 'baseline|discharge', 'not_fit|may_be_fit')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(v(f, 'K5', 'improvement', 'improved_share')).toBe(88.9);
    // Averages over fewer than 10 people are withheld.
    expect(figureOf(f, 'K5', 'practice_data', 'before_per_quarter')).toMatchObject({ value: null, withheldReason: 'small_cohort_withheld' });
  });

  it('says "no practice data" where none is loaded, and a PCN B reader sees only PCN B', async () => {
    const body = await figures(commissioner, `/api/v1/reports/work?period=2025-Q3&pcn=${world.pcnB.id}`);
    expect(body.notes.join(' ')).toContain('No practice data');
    const exact = await figures(pcnLead, '/api/v1/reports/work?period=2025-Q3');
    expect(exact.notes.join(' ')).not.toContain('No practice data');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reports/work?period=2025-Q3&pcn=${world.pcnB.id}`, headers: pcnLead.headers });
    expect(res.statusCode).toBe(404);
  });
});
