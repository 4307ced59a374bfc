import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/services/kernel/ids.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, type Casework } from './case-support.ts';

/**
 * Work as a pathway, as a story over HTTP on both databases. Dana is off sick from her job with a
 * "not fit for work" note. Her plan sets a goal of going back to the same employer (barriers:
 * health and confidence); Jo refers her to an employment support service (WorkWell), which
 * accepts. She goes back to work on 20 December and is discharged with that date; at 13 weeks
 * (due 21 March) she is still in work. Sam says work is not a goal now, and that is an answer that
 * saves like any other. Bad input gets coded errors and leaves stored data as it was; every write
 * is one audit event with coded values only; a link worker outside the practice sees nothing.
 *
 * The clock starts at 2026-11-21T09:00Z (the referral's date).
 */
describe.each(TEST_DIALECTS)('work as a pathway on %s', (dialect) => {
  let w: Casework;
  let dana: { id: string; personId: string; nhsNumber: string };
  let sam: { id: string; personId: string; nhsNumber: string };
  let serviceId = '';

  const url = (c: { id: string }, path = '') => `/api/v1/cases/${c.id}${path}`;
  const db = () => w.t.database.db;
  const caseVersion = async (c: { id: string }) =>
    Number((await db().selectFrom('referral').select('version').where('id', '=', c.id).executeTakeFirstOrThrow()).version);
  const workRows = (c: { id: string }) =>
    db().selectFrom('work_record').selectAll().where('referral_id', '=', c.id).orderBy('stage').orderBy('follow_up_weeks').execute();
  const view = async (c: { id: string }) => {
    const res = await w.get(w.s.jo, url(c));
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const goal = { text: 'Go back to my job at the bakery', steps: [{ text: 'Talk to my manager about a phased return', who: 'me' }] };

  beforeAll(async () => {
    w = await casework(dialect);
    dana = await w.newCase();
    sam = await w.newCase();
    for (const c of [dana, sam]) {
      expect((await w.post(w.s.jo, url(c, '/status'), { command: 'accept', version: 1 })).statusCode).toBe(200);
      expect((await w.post(w.s.jo, url(c, '/status'), { command: 'start', version: 2 })).statusCode).toBe(200);
    }
    // An employment support service, run by the demo provider's organisation.
    const provider = await db().selectFrom('user_scope').select('organisation_id').where('user_id', '=', w.user.provider).executeTakeFirstOrThrow();
    serviceId = newId();
    const at = '2026-11-01T10:00:00.000Z';
    await db()
      .insertInto('service')
      .values({
        id: serviceId,
        organisation_id: provider.organisation_id,
        name: 'WorkWell (demo)',
        description: null,
        needs: '["employment"]',
        takes_referrals: 1,
        archived: 0,
        created_at: at,
        updated_at: at,
        capacity: 'open',
      })
      .execute();
  });
  afterAll(async () => w.t.close());

  it('records Dana’s baseline: off sick since a date, with a "not fit" note; one coded audit event', async () => {
    const before = await w.lastSeq();
    const res = await w.post(w.s.jo, url(dana, '/work'), {
      stage: 'baseline',
      version: 0,
      employmentStatus: 'off_sick',
      offSickSince: '2026-09-14',
      fitNoteState: 'not_fit',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      caseId: dana.id,
      record: {
        stage: 'baseline',
        followUpWeeks: 0,
        recordedAt: '2026-11-21T09:00:00.000Z',
        employmentStatus: 'off_sick',
        offSickSince: '2026-09-14',
        fitNoteState: 'not_fit',
        adjustments: [],
        inWork: null,
        returnedToWorkOn: null,
        movement: [],
        version: 1,
      },
    });
    const events = await w.auditSince(before);
    expect(events.map((e) => [e.action, e.outcome, e.person_id, e.entity_id])).toEqual([['case.work_recorded', 'success', dana.personId, dana.id]]);
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({
      stage: 'baseline',
      followUpWeeks: 0,
      version: 1,
      employmentStatus: 'off_sick',
      fitNoteState: 'not_fit',
      inWork: null,
      returnedToWork: false,
    });
    expect(events[0]?.summary).not.toContain('2026-09-14');
  });

  it('re-records the baseline from the version seen; a stale version is a conflict that changes nothing', async () => {
    const again = await w.post(w.s.jo, url(dana, '/work'), {
      stage: 'baseline',
      version: 1,
      employmentStatus: 'off_sick',
      offSickSince: '2026-09-14',
      fitNoteState: 'not_fit',
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().record.version).toBe(2);
    const rows = await workRows(dana);
    const audit = await w.auditCount();
    const stale = await w.post(w.s.jo, url(dana, '/work'), { stage: 'baseline', version: 1, employmentStatus: 'unemployed_looking' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } });
    expect(await workRows(dana)).toEqual(rows);
    expect(await w.auditCount()).toBe(audit); // a conflict writes nothing, not even an audit event
  });

  it('refuses bad input with coded field errors and leaves everything as it was', async () => {
    const rows = await workRows(dana);
    const bad: [object, number, string, string?][] = [
      [{ stage: 'baseline', version: 2, employmentStatus: 'off_sick' }, 400, 'invalid_input', 'offSickSince'],
      [{ stage: 'baseline', version: 2, employmentStatus: 'employed_full_time', offSickSince: '2026-09-14' }, 400, 'invalid_input', 'offSickSince'],
      [
        { stage: 'baseline', version: 2, employmentStatus: 'off_sick', offSickSince: '2026-09-14', fitNoteState: 'not_fit', adjustments: ['altered_hours'] },
        400,
        'invalid_input',
        'adjustments',
      ],
      [{ stage: 'baseline', version: 2, employmentStatus: 'off_sick', offSickSince: '2027-01-01' }, 400, 'invalid_input', 'offSickSince'],
      [{ stage: 'baseline', version: 2, employmentStatus: 'on_the_moon' }, 400, 'invalid_input', 'employmentStatus'],
      [{ stage: 'baseline', version: 2, employmentStatus: 'off_sick', offSickSince: '2026-09-14', nhsNumber: dana.nhsNumber }, 400, 'invalid_input'],
      [{ stage: 'discharge', version: 0, employmentStatus: 'employed_full_time' }, 409, 'invalid_transition'],
      [{ stage: 'follow_up', version: 0, weeks: 13, inWork: true }, 409, 'invalid_transition'],
      [{ stage: 'follow_up', version: 0, weeks: 12, inWork: true }, 400, 'invalid_input', 'weeks'],
    ];
    for (const [body, status, code, field] of bad) {
      const res = await w.post(w.s.jo, url(dana, '/work'), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      const error = res.json().error;
      expect(error.code, JSON.stringify(body)).toBe(code);
      if (field !== undefined) expect(Object.keys(error.details.fields ?? {}), JSON.stringify(body)).toContain(field);
      expect(res.body).not.toContain(dana.nhsNumber);
    }
    expect(await workRows(dana)).toEqual(rows);
  });

  it('saves a plan with a work goal and barriers; a later save without `work` keeps them', async () => {
    const before = await w.lastSeq();
    const res = await w.post(w.s.jo, url(dana, '/plan/versions'), {
      basedOnVersion: 0,
      goals: [goal],
      work: { goal: 'return_same_employer', barriers: ['confidence', 'health'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().work).toEqual({ goal: 'return_same_employer', barriers: ['health', 'confidence'] });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['case.plan_saved']);
    expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ version: 1, workGoal: 'return_same_employer' });

    // An older client that knows nothing of work does not erase it.
    const review = await w.post(w.s.jo, url(dana, '/plan/versions'), { basedOnVersion: 1, goals: [{ ...goal, status: 'in_progress', progress: 4 }] });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json().work).toEqual({ goal: 'return_same_employer', barriers: ['health', 'confidence'] });
    expect((await view(dana)).plan.current.work).toEqual({ goal: 'return_same_employer', barriers: ['health', 'confidence'] });
  });

  it('"not a goal now" is an answer: Sam’s plan saves with it, and with no work part at all it saves too', async () => {
    const none = await w.post(w.s.jo, url(sam, '/plan/versions'), { basedOnVersion: 0, goals: [{ text: 'Get out of the house once a week' }] });
    expect(none.statusCode, none.body).toBe(201);
    expect(none.json().work).toEqual({ goal: null, barriers: [] });
    const notNow = await w.post(w.s.jo, url(sam, '/plan/versions'), {
      basedOnVersion: 1,
      goals: [{ text: 'Get out of the house once a week' }],
      work: { goal: 'not_a_goal_now' },
    });
    expect(notNow.statusCode, notNow.body).toBe(201);
    expect(notNow.json().work).toEqual({ goal: 'not_a_goal_now', barriers: [] });
    const row = await db()
      .selectFrom('plan_version')
      .select(['work_goal', 'work_barriers'])
      .where('referral_id', '=', sam.id)
      .where('version', '=', 2)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ work_goal: 'not_a_goal_now', work_barriers: null });
    const bad = await w.post(w.s.jo, url(sam, '/plan/versions'), { basedOnVersion: 2, goals: [{ text: 'x' }], work: { goal: 'become_astronaut' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
    expect(
      Number(
        (
          await db()
            .selectFrom('plan_version')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('referral_id', '=', sam.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(2);
  });

  it('Jo refers Dana to WorkWell, which accepts', async () => {
    const sent = await w.post(w.s.jo, url(dana, '/community-referrals'), {
      serviceId,
      kind: 'refer',
      need: 'employment',
      reasonText: 'Wants to go back to work',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const accepted = await w.post(w.s.provider, `/api/v1/community-referrals/${sent.json().id}/respond`, { command: 'accept', version: sent.json().version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
  });

  it('discharges Dana back at work since 20 December, with no fit note; a follow-up before 13 weeks is refused as not due', async () => {
    w.t.clock.advance(40 * DAY); // 2026-12-31
    const version = await caseVersion(dana);
    const before = await w.lastSeq();
    const res = await w.post(w.s.jo, url(dana, '/status'), {
      command: 'discharge',
      version,
      reason: 'goals_met',
      sharingChoice: 'coded_only',
      confirmGoalsMet: true,
      work: { employmentStatus: 'employed_full_time', fitNoteState: 'none', returnedToWorkOn: '2026-12-20' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('discharged');
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['case.status_changed']);
    expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ command: 'discharge', workStatus: 'employed_full_time', returnedToWork: true });
    const v = await view(dana);
    expect(v.work.returnedToWorkOn).toBe('2026-12-20');
    expect(v.work.records.map((r: { stage: string }) => r.stage)).toEqual(['baseline', 'discharge']);
    expect(v.work.followUps).toEqual([
      { weeks: 13, dueOn: '2027-03-21', state: 'not_due' },
      { weeks: 26, dueOn: '2027-06-20', state: 'not_due' },
    ]);

    const early = await w.post(w.s.jo, url(dana, '/work'), { stage: 'follow_up', version: 0, weeks: 13, inWork: true });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'invalid_input', details: { reason: 'follow_up_not_due', dueOn: '2027-03-21' } });
    // The baseline is closed once the case is: a discharged case takes follow-ups only.
    const late = await w.post(w.s.jo, url(dana, '/work'), { stage: 'baseline', version: 2, employmentStatus: 'employed_full_time' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invalid_transition');
  });

  it('a discharge with a return before the referral is refused and the case stays open', async () => {
    const version = await caseVersion(sam);
    const res = await w.post(w.s.jo, url(sam, '/status'), {
      command: 'discharge',
      version,
      reason: 'other',
      sharingChoice: 'coded_only',
      work: { employmentStatus: 'employed_part_time', returnedToWorkOn: '2026-01-01' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: { fields: { returnedToWorkOn: expect.any(String) } } });
    expect((await db().selectFrom('referral').select('status').where('id', '=', sam.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect(await workRows(sam)).toEqual([]);
  });

  it('at 13 weeks Dana is still in work: the follow-up is recorded on the closed case', async () => {
    w.t.clock.advance(81 * DAY); // 2027-03-22
    const before = await w.lastSeq();
    const res = await w.post(w.s.jo, url(dana, '/work'), { stage: 'follow_up', version: 0, weeks: 13, inWork: true, employmentStatus: 'employed_full_time' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({ stage: 'follow_up', followUpWeeks: 13, inWork: true, version: 1 });
    const events = await w.auditSince(before);
    expect(events.map((e) => [e.action, e.person_id])).toEqual([['case.work_recorded', dana.personId]]);
    expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ stage: 'follow_up', followUpWeeks: 13, inWork: true });
    const v = await view(dana);
    expect(v.work.followUps).toEqual([
      { weeks: 13, dueOn: '2027-03-21', state: 'in_work' },
      { weeks: 26, dueOn: '2027-06-20', state: 'not_due' },
    ]);
    expect(v.timeline.filter((e: { kind: string }) => e.kind === 'work_recorded')).toHaveLength(4);
  });

  it('scope: a link worker outside the practice gets not_found, a GP referrer forbidden; neither writes', async () => {
    const rows = await workRows(dana);
    const other = await w.post(w.s.amira, url(dana, '/work'), { stage: 'follow_up', version: 0, weeks: 26, inWork: true });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    const gp = await w.post(w.s.gp, url(dana, '/work'), { stage: 'follow_up', version: 0, weeks: 26, inWork: true });
    expect(gp.statusCode).toBe(403);
    expect(await workRows(dana)).toEqual(rows);
  });
});
