import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, phone, type Casework } from './case-support.ts';

/**
 * The story of one person through the case: Margaret, widowed, referred by her GP for loneliness,
 * allocated to Jo. Jo cannot reach her twice, then does; she accepts (the GP-record code is written
 * once); they talk about what matters and write a two-goal plan; a review adds her progress
 * ratings as version 2; after enough contacts she is discharged with her goals met, sharing coded
 * events only — and the message back and the practice's CSV carry exactly the right codes.
 * Every step is one audit event that holds no words of hers.
 */
describe.each(TEST_DIALECTS)('the case, referral to discharge, on %s', (dialect) => {
  let w: Casework;
  let caseId: string;
  let personId: string;
  let nhsNumber: string;
  let version: number;
  let startSeq: number;
  const HER_WORDS = 'Since Frank died I hardly leave the house';
  const HER_WORDS_2 = 'I used to love the choir';
  const GOAL_1 = 'Get out of the house twice a week';
  const GOAL_2 = 'Sing again';
  const NOTES = 'Daughter Sue visits on Sundays';

  beforeAll(async () => {
    w = await casework(dialect);
    const c = await w.newCase({ needs: ['loneliness'] });
    caseId = c.id;
    personId = c.personId;
    nhsNumber = c.nhsNumber;
    startSeq = await w.lastSeq();
  });
  afterAll(async () => w.t.close());

  /** Runs one API step and checks it wrote exactly one audit event, of this action, against the person. */
  const step = async <R extends { statusCode: number }>(action: string, run: () => Promise<R>, expectStatus = 200): Promise<R> => {
    const before = await w.lastSeq();
    const res = await run();
    expect(res.statusCode, `${action}: ${(res as unknown as { body: string }).body}`).toBe(expectStatus);
    const events = await w.auditSince(before);
    expect(
      events.map((e) => e.action),
      action,
    ).toEqual([action]);
    expect(events[0]?.outcome).toBe('success');
    return res;
  };
  const url = (p = '') => `/api/v1/cases/${caseId}${p}`;

  it('shows the new allocation on the case page, with the lifecycle commands it allows', async () => {
    const res = await step('case.viewed', () => w.get(w.s.jo, url()));
    const c = res.json();
    expect(c).toMatchObject({ id: caseId, status: 'allocated', suggestedDischarge: null, person: { id: personId, nhsNumber, lsoa: 'E01010994' } });
    expect(c.allowedCommands).toEqual(expect.arrayContaining(['accept', 'decline', 'log_attempt', 'discharge']));
    expect(c.contacts).toMatchObject({ successful: 0, attempts: 0, guidance: { min: 6, max: 12, band: 'below' } });
    expect(c.timeline).toEqual([]);
    version = c.version;
    const audit = await w.auditSince(startSeq);
    expect(audit.at(-1)).toMatchObject({ action: 'case.viewed', person_id: personId });
  });

  it('logs two failed attempts (contacting, counted) and then a successful call', async () => {
    for (const n of [1, 2]) {
      const res = await step('case.contact_logged', () => w.post(w.s.jo, url('/contacts'), phone(w.t, false, 'No answer')), 201);
      expect(res.json()).toMatchObject({ status: 'contacting', suggestedDischarge: null, contact: { successful: false, type: 'phone' } });
      const row = await w.t.database.db
        .selectFrom('referral')
        .select(['contact_attempts', 'first_contact_at'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(Number(row.contact_attempts)).toBe(n);
      expect(row.first_contact_at).toBeNull();
      w.t.clock.advance(DAY);
    }
    const ok = await step('case.contact_logged', () => w.post(w.s.jo, url('/contacts'), phone(w.t, true, NOTES)), 201);
    expect(ok.json().status).toBe('contacting');
    version = ok.json().version;
    const row = await w.t.database.db
      .selectFrom('referral')
      .select(['first_contact_at', 'last_contact_at', 'version'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.first_contact_at).toBe(w.t.clock.now().toISOString());
    expect(row.last_contact_at).toBe(w.t.clock.now().toISOString());
    expect(Number(row.version)).toBe(version);
  });

  it('records her acceptance with the GP-record code, exactly once', async () => {
    const res = await step('case.status_changed', () => w.post(w.s.jo, url('/status'), { command: 'accept', version }));
    expect(res.json()).toMatchObject({ status: 'accepted', version: version + 1 });
    version = res.json().version;
    const again = await w.post(w.s.jo, url('/status'), { command: 'accept', version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
    const entries = await w.t.database.db.selectFrom('gp_record_entry').selectAll().where('referral_id', '=', caseId).execute();
    expect(entries.map((e) => [e.code, e.description, e.recorded_on, e.filed_at])).toEqual([
      ['871731000000106', 'Referral to social prescribing service', '2026-11-23', null],
    ]);
    const started = await step('case.status_changed', () => w.post(w.s.jo, url('/status'), { command: 'start', version }));
    version = started.json().version;
    expect(started.json().status).toBe('active');
  });

  it('records what matters to her, in her words, visible on the case page', async () => {
    const body = {
      version: 0,
      needs: [
        { code: 'bereavement', words: HER_WORDS },
        { code: 'loneliness', words: 'Nobody to talk to in the evenings' },
      ],
      strengths: 'Knows lots of people at church',
      interests: HER_WORDS_2,
      barriers: ['transport', 'confidence'],
      notes: NOTES,
    };
    const res = await step('case.conversation_saved', () => w.put(w.s.jo, url('/conversation'), body));
    expect(res.json()).toMatchObject({
      version: 1,
      barriers: ['transport', 'confidence'],
      needs: [{ code: 'bereavement', words: HER_WORDS }, { code: 'loneliness' }],
    });
    // Saving again from the old version is refused; from the current one it moves on.
    const stale = await w.put(w.s.jo, url('/conversation'), body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const again = await step('case.conversation_saved', () => w.put(w.s.jo, url('/conversation'), { ...body, version: 1 }));
    expect(again.json().version).toBe(2);
  });

  it('writes a two-goal plan with a review date that becomes the follow-up date', async () => {
    const plan = {
      basedOnVersion: 0,
      reviewOn: '2026-12-07',
      goals: [
        {
          text: GOAL_1,
          steps: [
            { text: 'Try the Tuesday coffee morning', who: 'Margaret' },
            { text: 'Book community transport', who: 'Jo' },
          ],
          targetDate: '2027-01-31',
          status: 'in_progress',
        },
        { text: GOAL_2, steps: [{ text: 'Visit the community choir', who: 'Margaret with Jo' }] },
      ],
    };
    const res = await step('case.plan_saved', () => w.post(w.s.jo, url('/plan/versions'), plan), 201);
    const v1 = res.json();
    expect(v1).toMatchObject({
      version: 1,
      reviewOn: '2026-12-07',
      goals: [
        { text: GOAL_1, status: 'in_progress', progress: null },
        { text: GOAL_2, status: 'not_started' },
      ],
    });
    expect(v1.goals[0].id).toEqual(expect.any(String));
    version = v1.caseVersion;
    const row = await w.t.database.db.selectFrom('referral').select('next_review_on').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.next_review_on).toBe('2026-12-07');
  });

  it('saves a review as plan version 2 with her progress ratings; version 1 stays readable', async () => {
    w.t.clock.advance(14 * DAY);
    const current = (await w.get(w.s.jo, url('/plan'))).json().plan;
    const review = {
      basedOnVersion: 1,
      reviewOn: '2027-01-04',
      goals: current.goals.map((g: { id: string; text: string; steps: unknown[] }, i: number) => ({
        id: g.id,
        text: g.text,
        steps: g.steps,
        status: i === 0 ? 'achieved' : 'in_progress',
        progress: i === 0 ? 8 : 4,
      })),
    };
    const res = await step('case.plan_saved', () => w.post(w.s.jo, url('/plan/versions'), review), 201);
    expect(res.json()).toMatchObject({
      version: 2,
      goals: [
        { id: current.goals[0].id, progress: 8, status: 'achieved' },
        { id: current.goals[1].id, progress: 4 },
      ],
    });
    version = res.json().caseVersion;
    // A second save from version 1 is a conflict and writes nothing.
    const versionsBefore = await w.t.database.db.selectFrom('plan_version').select('version').where('referral_id', '=', caseId).execute();
    const stale = await w.post(w.s.jo, url('/plan/versions'), review);
    expect(stale.statusCode).toBe(409);
    expect(await w.t.database.db.selectFrom('plan_version').select('version').where('referral_id', '=', caseId).execute()).toHaveLength(versionsBefore.length);

    const printed = await step('case.viewed', () => w.get(w.s.jo, url('/plan')));
    expect(printed.json()).toMatchObject({ plan: { version: 2 }, versions: [1, 2], linkWorker: { displayName: 'Jo Barker' } });
    expect(printed.body).not.toContain(NOTES);
    const v1 = await step('case.viewed', () => w.get(w.s.jo, url('/plan?version=1')));
    expect(v1.json().plan).toMatchObject({ version: 1, goals: [{ text: GOAL_1, progress: null }, { text: GOAL_2 }] });
    expect((await w.get(w.s.jo, url('/plan?version=9'))).statusCode).toBe(404);
  });

  it('counts contacts against the 6–12 guidance', async () => {
    for (let i = 0; i < 5; i++) {
      w.t.clock.advance(3 * DAY);
      const r = await step(
        'case.contact_logged',
        () => w.post(w.s.jo, url('/contacts'), { ...phone(w.t, true), type: i % 2 === 0 ? 'face_to_face' : 'home_visit', durationMinutes: 45 }),
        201,
      );
      version = r.json().version;
    }
    const c = (await w.get(w.s.jo, url())).json();
    expect(c.contacts).toMatchObject({ successful: 6, attempts: 2, guidance: { band: 'within' } });
    expect(c.contacts.items).toHaveLength(8);
    expect(c.contacts.items[0].type).toBe('face_to_face'); // newest first
    version = c.version;
  });

  it('records an unmet need in her area', async () => {
    const res = await step(
      'case.unmet_need_recorded',
      () => w.post(w.s.jo, url('/unmet-needs'), { need: 'transport', kind: 'no_service', note: 'No evening community transport in HX1' }),
      201,
    );
    expect(res.json()).toMatchObject({ need: 'transport', lsoa: 'E01010994' });
  });

  it('discharges her with goals met, sharing coded events only', async () => {
    const stale = await w.post(w.s.jo, url('/status'), { command: 'discharge', version: version - 1, reason: 'goals_met', sharingChoice: 'coded_only' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const res = await step('case.status_changed', () =>
      w.post(w.s.jo, url('/status'), { command: 'discharge', version, reason: 'goals_met', sharingChoice: 'coded_only' }),
    );
    expect(res.json().status).toBe('discharged');
    const c = (await w.get(w.s.jo, url())).json();
    expect(c).toMatchObject({ status: 'discharged', statusReason: 'goals_met', sharingChoice: 'coded_only', allowedCommands: [], nextReviewOn: null });
    // A closed case takes no more records.
    const more = await w.post(w.s.jo, url('/contacts'), phone(w.t, true));
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe('invalid_transition');
  });

  it('writes the message back with the codes and none of her words', async () => {
    const res = await step('case.discharge_message_viewed', () => w.get(w.s.jo, url('/discharge-message')));
    const m = res.json();
    expect(m).toMatchObject({
      kind: 'social_prescribing_discharge',
      sharingChoice: 'coded_only',
      person: { nhsNumber },
      recipients: { gpPractice: { odsCode: 'X99001' }, referrer: { name: 'Dr Priya Shah (GP)' } },
      episode: { acceptedOn: '2026-11-23', linkWorker: 'Jo Barker' },
      outcome: { dischargeReason: 'goals_met', goalsAchieved: { achieved: 1, total: 2 } },
      contacts: { successful: 6, attempts: 2 },
      gpRecordCodes: [
        { system: 'http://snomed.info/sct', code: '871731000000106', display: 'Referral to social prescribing service', recordedOn: '2026-11-23' },
      ],
      needsIdentified: null,
      goals: null,
      summary: null,
      wellbeing: null,
      withheld: ['needsIdentified', 'supportOffered', 'goals', 'summary', 'wellbeing'],
    });
    for (const words of [HER_WORDS, HER_WORDS_2, GOAL_1, GOAL_2, NOTES, 'bereavement', 'Frank']) expect(res.body).not.toContain(words);
  });

  it('gives the practice its pending GP-record entries as CSV, and files them', async () => {
    const csv = await step('gp_record.exported', () => w.get(w.s.gp, '/api/v1/gp-record-entries.csv'));
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('entry_id,practice_ods_code,nhs_number,family_name,given_name,date_of_birth,snomed_code,date,description,reference');
    const rows = lines.slice(1).map((l) => l.split(','));
    const mine = rows.filter((r) => r[2] === nhsNumber);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.slice(6, 9)).toEqual(['871731000000106', '2026-11-23', 'Referral to social prescribing service']);
    const entryId = mine[0]?.[0] ?? '';
    // The other practice's referrer sees none of Bankfield's entries.
    const other = await w.get(w.s.gp2, '/api/v1/gp-record-entries.csv');
    expect(other.body).not.toContain(nhsNumber);
    // Nor may they file them.
    expect((await w.post(w.s.gp2, '/api/v1/gp-record-entries/filed', { ids: [entryId] })).statusCode).toBe(404);

    const filed = await step('gp_record.filed', () => w.post(w.s.gp, '/api/v1/gp-record-entries/filed', { ids: [entryId] }));
    expect(filed.json()).toEqual({ filed: 1 });
    expect((await w.get(w.s.gp, '/api/v1/gp-record-entries.csv')).body).not.toContain(nhsNumber);
    const json = await w.get(w.s.gp, '/api/v1/gp-record-entries?status=filed');
    expect(json.json().entries.map((e: { id: string }) => e.id)).toContain(entryId);
    expect((await w.post(w.s.gp, '/api/v1/gp-record-entries/filed', { ids: [entryId] })).json()).toEqual({ filed: 0 });
  });

  it('told the referring GP at each step, through notifications only they can read', async () => {
    const list = await step('notification.listed', () => w.get(w.s.gp, '/api/v1/notifications'));
    const mine = list.json().notifications.filter((n: { referralId: string }) => n.referralId === caseId);
    expect(mine.map((n: { kind: string }) => n.kind)).toEqual(['referral_status_changed', 'referral_status_changed']);
    expect(list.json().unread).toBeGreaterThanOrEqual(2);
    const id = mine[0].id as string;
    expect((await w.post(w.s.jo, `/api/v1/notifications/${id}/read`)).statusCode).toBe(404);
    const read = await step('notification.read', () => w.post(w.s.gp, `/api/v1/notifications/${id}/read`));
    expect(read.json().readAt).toEqual(expect.any(String));
    const unread = await w.get(w.s.gp, '/api/v1/notifications?unreadOnly=true');
    expect(unread.json().notifications.map((n: { id: string }) => n.id)).not.toContain(id);
  });

  it('shows the whole story on the timeline, in coded steps', async () => {
    const c = (await w.get(w.s.lead, url())).json();
    const kinds = c.timeline.map((e: { kind: string; data: { command?: string } }) => (e.kind === 'status_changed' ? `${e.kind}:${e.data.command}` : e.kind));
    expect(kinds).toEqual([
      // The second failed attempt finds the case already contacting: no status change to show.
      'contact_logged',
      'status_changed:log_attempt',
      'contact_logged',
      'contact_logged',
      'gp_record_entry_added',
      'status_changed:accept',
      'status_changed:start',
      'conversation_saved',
      'conversation_saved',
      'plan_saved',
      'plan_saved',
      'contact_logged',
      'contact_logged',
      'contact_logged',
      'contact_logged',
      'contact_logged',
      'unmet_need_recorded',
      'status_changed:discharge',
    ]);
    expect(c.timeline[0].actor.displayName).toBe('Jo Barker');
    const text = JSON.stringify(c.timeline);
    for (const words of [HER_WORDS, GOAL_1, NOTES]) expect(text).not.toContain(words);
  });

  it('kept every word of hers out of the audit trail', async () => {
    const events = await w.auditSince(startSeq);
    expect(events.length).toBeGreaterThan(20);
    const all = events.map((e) => e.summary).join('\n');
    for (const words of [HER_WORDS, HER_WORDS_2, GOAL_1, GOAL_2, NOTES, 'No answer', 'bereavement', nhsNumber, 'Given', 'Family'])
      expect(all).not.toContain(words);
    for (const e of events.filter((x) => x.action.startsWith('case.') && x.action !== 'case.listed' && x.action !== 'case.today_viewed'))
      expect(e.person_id).toBe(personId);
  });

  it('with the full sharing choice, the message carries the summary in her words', async () => {
    const c2 = await w.newCase({ needs: ['loneliness', 'bereavement'] });
    const u = (p = '') => `/api/v1/cases/${c2.id}${p}`;
    let v = (await w.get(w.s.jo, u())).json().version;
    v = (await w.post(w.s.jo, u('/status'), { command: 'accept', version: v })).json().version;
    await w.put(w.s.jo, u('/conversation'), { version: 0, needs: [{ code: 'bereavement', words: HER_WORDS }], barriers: ['transport'] });
    v = (await w.post(w.s.jo, u('/plan/versions'), { basedOnVersion: 0, goals: [{ text: GOAL_2, status: 'achieved', progress: 9 }] })).json().caseVersion;
    await w.post(w.s.jo, u('/contacts'), phone(w.t, true));
    v = (await w.get(w.s.jo, u())).json().version;
    expect((await w.post(w.s.jo, u('/status'), { command: 'discharge', version: v, reason: 'goals_met', sharingChoice: 'full' })).statusCode).toBe(200);
    const m = (await w.get(w.s.jo, u('/discharge-message'))).json();
    expect(m.sharingChoice).toBe('full');
    expect(m.withheld).toEqual([]);
    expect(m.needsIdentified).toEqual([
      { code: 'bereavement', label: 'Bereavement', personWords: HER_WORDS },
      { code: 'loneliness', label: 'Loneliness and isolation', personWords: null },
    ]);
    expect(m.goals).toEqual([{ text: GOAL_2, status: 'achieved', progress: 9 }]);
    expect(m.summary).toContain('bereavement');
    expect(m.summary).toContain('1 of 1 goal in the personal plan was achieved');
    expect(m.summary).toContain('goals met');
    expect(m.gpRecordCodes.map((g: { code: string }) => g.code)).toEqual(['871731000000106']);
  });

  it('answers the message back only once the case is discharged', async () => {
    const open = await w.newCase();
    const res = await w.get(w.s.jo, `/api/v1/cases/${open.id}/discharge-message`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_transition');
  });
});
