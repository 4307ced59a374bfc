import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../src/domain/reference.ts';
import { makeReferral } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { allAuditSummaries, EDITH, intakeApp, type Intake } from './intake-support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The story of a referral in: Dr Shah refers Edith Marsden, widowed this spring and living alone,
 * from Bankfield Surgery. A day earlier Dr Firth referred someone at Saville Park; an hour later
 * a man referred himself from King Cross. Helen, the lead, sees all three on her triage board
 * oldest first, with how long each has waited and who could take it; she gives Edith to Jo, who is
 * told; Dr Shah sees that Jo has her.
 */
describe.each(TEST_DIALECTS)('a GP referral through triage to a link worker on %s', (dialect) => {
  let x: Intake;
  let edithReferral: { id: string; reference: string; personId: string };
  let firthReferralId: string;

  beforeAll(async () => {
    x = await intakeApp(dialect);
    // Existing caseloads: Jo has two open cases, Kieran one open and one closed (closed ones don't count).
    const qureshi = await x.t.database.db.selectFrom('person').select(['id', 'practice_id']).where('family_name', '=', 'Qureshi').executeTakeFirstOrThrow();
    const q = { id: qureshi.id, practiceId: qureshi.practice_id };
    await makeReferral(x.t.deps, q, { status: 'active', linkWorkerId: x.userId.jo });
    await makeReferral(x.t.deps, q, { status: 'contacting', linkWorkerId: x.userId.jo });
    await makeReferral(x.t.deps, q, { status: 'allocated', linkWorkerId: x.userId.kieran });
    await makeReferral(x.t.deps, q, { status: 'discharged', linkWorkerId: x.userId.kieran });
  });
  afterAll(async () => x.close());

  it('Dr Firth refers a patient at Saville Park first', async () => {
    const res = await x.post(x.s.firth, '/api/v1/referrals', {
      person: { givenName: 'Harold', familyName: 'Pickersgill', dateOfBirth: '1946-02-14', address: { postcode: 'HX3 0BJ' } },
      needs: ['physical_activity'],
      consentGiven: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    firthReferralId = res.json().id;
    x.t.clock.advance(DAY);
  });

  it('Dr Shah refers Edith in a minute: coded needs, her words, urgency, consent, how to reach her', async () => {
    const before = await x.lastSeq();
    const res = await x.post(x.s.shah, '/api/v1/referrals', {
      person: EDITH,
      needs: ['bereavement', 'loneliness'],
      reasonText: 'Widowed in the spring, lives alone, has stopped going to chapel. Would like company.',
      urgency: 'soon',
      consentGiven: true,
      contactNotes: 'Daughter Jean visits on Sundays',
      referrerContact: 'Bankfield reception, ext 214',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'referred', source: 'gp', urgency: 'soon', safeguarding: false });
    expect(body.reference).toMatch(REFERENCE_PATTERN);
    edithReferral = { id: body.id, reference: body.reference, personId: body.personId };

    const row = await x.t.database.db.selectFrom('referral').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      practice_id: x.org['X99001'],
      source: 'gp',
      referrer_user_id: x.userId.shah,
      referrer_org_id: x.org['X99001'],
      referrer_contact: 'Bankfield reception, ext 214',
      contact_notes: 'Daughter Jean visits on Sundays',
      status: 'referred',
      urgency: 'soon',
    });
    expect(Number(row.consent_given)).toBe(1);
    expect(row.consent_recorded_at).toBe(x.t.clock.now().toISOString());
    expect(JSON.parse(row.needs)).toEqual(['bereavement', 'loneliness']);

    const person = await x.t.database.db.selectFrom('person').selectAll().where('id', '=', body.personId).executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      nhs_number: '9991000003',
      name_folded: 'edith marsden',
      postcode: 'HX1 1AA',
      practice_id: x.org['X99001'],
      sex: 'female',
      ethnic_category: 'A',
    });
    expect(JSON.parse(person.contact_preferences ?? '{}')).toEqual(EDITH.contactPreferences);
    const addresses = await x.t.database.db.selectFrom('person_address').selectAll().where('person_id', '=', body.personId).execute();
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({ line1: '12 Mill Lane', postcode: 'HX1 1AA', valid_from: '2026-11-22', valid_to: null });

    const events = await x.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'referral.created', outcome: 'success', actor_role: 'referrer', entity_id: body.id, person_id: body.personId });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ source: 'gp', urgency: 'soon', needCount: 2, safeguarding: false, personMatch: 'new' });
    const timeline = await x.t.database.db.selectFrom('case_event').selectAll().where('referral_id', '=', body.id).execute();
    expect(timeline.map((e) => e.kind)).toEqual(['referral_created']);
    expect(timeline[0]?.actor_user_id).toBe(x.userId.shah);
  });

  it('a man refers himself an hour later, from the public form', async () => {
    x.t.clock.advance(HOUR);
    const res = await x.post(null, '/api/v1/public/self-referrals', {
      firstName: 'Dariusz',
      lastName: 'Kowal',
      dateOfBirth: '1988-08-08',
      phone: '07700 900222',
      howToContactYou: ['text'],
      gpPracticeId: x.org['X99002'],
      whatWouldHelp: ['employment', 'confidence'],
      consent: true,
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('Helen sees the referrals waiting, the one wanted soon above older routine ones, with days waiting, flags and suggested link workers', async () => {
    x.t.clock.advance(3 * DAY);
    const before = await x.lastSeq();
    const res = await x.get(x.s.helen, '/api/v1/triage');
    expect(res.statusCode, res.body).toBe(200);
    const { referrals, counts } = res.json();
    expect(referrals.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([edithReferral.id, firthReferralId]);
    expect(referrals).toHaveLength(3);
    expect(counts).toEqual({ waiting: 3, urgent: 0, safeguarding: 0 });
    expect(referrals.map((r: { daysWaiting: number }) => r.daysWaiting)).toEqual([3, 4, 3]);

    const edith = referrals[0];
    expect(edith).toMatchObject({
      reference: edithReferral.reference,
      source: 'gp',
      urgency: 'soon',
      safeguarding: false,
      needs: ['bereavement', 'loneliness'],
      consentGiven: true,
      contactNotes: 'Daughter Jean visits on Sundays',
      practice: { id: x.org['X99001'], name: 'Bankfield Surgery (demo)' },
      person: { id: edithReferral.personId, givenName: 'Edith', familyName: 'Marsden', dateOfBirth: '1951-04-09', postcode: 'HX1 1AA', hasNhsNumber: true },
      referrer: { name: 'Dr Priya Shah (GP)', organisationName: 'Bankfield Surgery (demo)', contact: 'Bankfield reception, ext 214' },
      identityChecks: [],
      version: 1,
    });
    // Only Jo covers Bankfield; her open caseload counts her active and contacting cases.
    expect(edith.suggestedLinkWorkers).toEqual([{ id: x.userId.jo, displayName: 'Jo Barker', openCaseload: 2 }]);
    expect(JSON.stringify(edith)).not.toContain('9991000003');

    // King Cross is covered by Jo and Kieran: Kieran (one open case) comes before Jo (two).
    const selfRef = referrals[2];
    expect(selfRef).toMatchObject({ source: 'self', referrer: { name: null, organisationName: null, contact: null }, person: { hasNhsNumber: false } });
    expect(selfRef.suggestedLinkWorkers.map((s: { displayName: string; openCaseload: number }) => [s.displayName, s.openCaseload])).toEqual([
      ['Kieran Walsh', 1],
      ['Jo Barker', 2],
    ]);

    const events = await x.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['referral.listed']);
    expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ view: 'triage', count: 3, waiting: 3, shownPeople: 3 });
  });

  it('can narrow the board to one practice', async () => {
    const res = await x.get(x.s.helen, `/api/v1/triage?practiceId=${x.org['X99003']}`);
    expect(res.json().referrals.map((r: { id: string }) => r.id)).toEqual([firthReferralId]);
    expect(res.json().counts.waiting).toBe(1);
  });

  it('refuses to give Edith to a link worker who does not cover Bankfield', async () => {
    const res = await x.post(x.s.helen, `/api/v1/referrals/${edithReferral.id}/allocate`, { linkWorkerId: x.userId.kieran, version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.linkWorkerId).toMatch(/covers this practice/);
  });

  it('Helen gives Edith to Jo; Jo is notified and Dr Shah hears the status changed', async () => {
    const before = await x.lastSeq();
    const res = await x.post(x.s.helen, `/api/v1/referrals/${edithReferral.id}/allocate`, { linkWorkerId: x.userId.jo, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: edithReferral.id,
      reference: edithReferral.reference,
      status: 'allocated',
      statusReason: null,
      linkWorker: { id: x.userId.jo, displayName: 'Jo Barker' },
      allocatedAt: x.t.clock.now().toISOString(),
      version: 2,
    });
    const events = await x.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['referral.allocated']);
    expect(events[0]?.person_id).toBe(edithReferral.personId);
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ from: 'referred', to: 'allocated', linkWorkerId: x.userId.jo, reallocated: false });

    const notes = await x.t.database.db.selectFrom('notification').selectAll().where('referral_id', '=', edithReferral.id).orderBy('user_id').execute();
    expect(notes.map((n) => [n.user_id, n.kind]).sort()).toEqual(
      [
        [x.userId.jo, 'case_allocated'],
        [x.userId.shah, 'referral_status_changed'],
      ].sort(),
    );
    const timeline = await x.t.database.db
      .selectFrom('case_event')
      .select(['kind', 'data'])
      .where('referral_id', '=', edithReferral.id)
      .orderBy('at')
      .execute();
    expect(timeline.map((e) => e.kind)).toEqual(['referral_created', 'allocated']);

    // Jo sees it through her own notifications too.
    const mine = await x.get(x.s.jo, '/api/v1/notifications');
    if (mine.statusCode === 200) {
      expect(
        mine.json().notifications.some((n: { kind: string; referralId: string }) => n.kind === 'case_allocated' && n.referralId === edithReferral.id),
      ).toBe(true);
    }
  });

  it('leaves the triage board and raises Jo’s caseload', async () => {
    const res = await x.get(x.s.helen, '/api/v1/triage');
    const ids = res.json().referrals.map((r: { id: string }) => r.id);
    expect(ids).not.toContain(edithReferral.id);
    const selfRef = res.json().referrals.find((r: { source: string }) => r.source === 'self');
    expect(selfRef.suggestedLinkWorkers.find((s: { displayName: string }) => s.displayName === 'Jo Barker').openCaseload).toBe(3);
  });

  it('a stale version and a move the lifecycle does not allow are both refused, changing nothing', async () => {
    const stale = await x.post(x.s.helen, `/api/v1/referrals/${edithReferral.id}/allocate`, { linkWorkerId: x.userId.jo, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } });
    const reject = await x.post(x.s.helen, `/api/v1/referrals/${edithReferral.id}/reject`, { reason: 'not_eligible', version: 2 });
    expect(reject.statusCode).toBe(409);
    expect(reject.json().error).toMatchObject({ code: 'invalid_transition', details: { from: 'allocated', command: 'reject' } });
    const row = await x.t.database.db
      .selectFrom('referral')
      .select(['status', 'version', 'link_worker_id'])
      .where('id', '=', edithReferral.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'allocated', link_worker_id: x.userId.jo });
    expect(Number(row.version)).toBe(2);
  });

  it('Dr Shah sees her referral with Jo, in plain words, and nothing of the casework', async () => {
    const before = await x.lastSeq();
    const list = await x.get(x.s.shah, '/api/v1/my-referrals');
    expect(list.statusCode).toBe(200);
    expect(list.json().referrals).toHaveLength(1);
    const mine = list.json().referrals[0];
    expect(mine).toEqual({
      id: edithReferral.id,
      reference: edithReferral.reference,
      createdAt: '2026-11-22T09:00:00.000Z',
      source: 'gp',
      urgency: 'soon',
      needs: ['bereavement', 'loneliness'],
      person: { givenName: 'Edith', familyName: 'Marsden', dateOfBirth: '1951-04-09' },
      practice: { id: x.org['X99001'], name: 'Bankfield Surgery (demo)' },
      status: 'allocated',
      statusInWords: 'Given to a link worker, who will be in touch',
      reasonInWords: null,
      linkWorkerName: 'Jo Barker',
      allocatedAt: expect.any(String),
      closedAt: null,
    });
    const one = await x.get(x.s.shah, `/api/v1/referrals/${edithReferral.id}/status`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(mine);
    const events = await x.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['referral.listed', 'referral.viewed']);
    expect(events[1]?.person_id).toBe(edithReferral.personId);
  });

  it('no one else can see that referral: 404 to other referrers, 403 to roles without the permission', async () => {
    for (const who of ['firth', 'sam'] as const) {
      const res = await x.get(x.s[who], `/api/v1/referrals/${edithReferral.id}/status`);
      expect(res.statusCode, who).toBe(404);
      expect((await x.get(x.s[who], '/api/v1/my-referrals')).json().referrals.map((r: { id: string }) => r.id)).not.toContain(edithReferral.id);
    }
    for (const who of ['jo', 'helen', 'provider', 'pcnLead', 'commissioner', 'admin', 'auditor'] as const) {
      expect((await x.get(x.s[who], `/api/v1/referrals/${edithReferral.id}/status`)).statusCode, who).toBe(403);
    }
    const denied = await x.t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', edithReferral.id)
      .execute();
    expect(denied.map((d) => JSON.parse(d.summary).reason).sort()).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
      'not_found',
      'not_found',
    ]);
  });

  it('keeps names, NHS numbers, postcodes and free text out of every audit summary', async () => {
    const text = await allAuditSummaries(x.t);
    for (const secret of ['Edith', 'Marsden', '9991000003', 'HX1 1AA', '01632 960111', 'chapel', 'Jean', 'Dariusz', 'Kowal', '07700 900222', 'Pickersgill']) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
