import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { sessionFor, type Session } from '../support/test-app.ts';
import { communityWorld, SERVICE_NAMES, type CommunityWorld, type Who } from './community-support.ts';

/**
 * Issue 14, "information reaches the person who acts on it", through the API on both databases:
 * how to reach the person shows on the case; a proactive case's consent is recorded on acceptance
 * and the provider sees it; a referral carries the need the service was found for; the link worker
 * sees which referrals can be withdrawn; the message back carries the wellbeing outcomes as the
 * person chose to share them and reaches the referrer and the practice; "goals met" with no goal
 * achieved must be confirmed.
 */

let nhsSeq = 700_000;
/** A fresh synthetic 999-range NHS number with a valid Modulus 11 check digit. */
function nhsNumber(): string {
  for (;;) {
    const body = `999${String(nhsSeq++).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${body}${check}`;
  }
}

describe.each(TEST_DIALECTS)('closing the loops on %s', (dialect) => {
  let w: CommunityWorld;
  let gpOtherPractice: Session;
  const today = () => w.t.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    w = await communityWorld(dialect);
    gpOtherPractice = await sessionFor(w.t, 'referrer2@demo.linkwork.test'); // Saville Park X99003
  });
  afterAll(async () => w.t.close());

  const ok = async (who: Who, url: string, payload?: object) => {
    const res = payload === undefined ? await w.get(who, url) : await w.post(who, url, payload);
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  /** The lead gives a waiting referral to Jo, as the triage board does. */
  const allocateToJo = async (id: string) => {
    const item = (await ok('lead', '/api/v1/triage')).referrals.find((r: { id: string }) => r.id === id);
    await ok('lead', `/api/v1/referrals/${id}/allocate`, { linkWorkerId: w.user.jo, version: item.version });
  };

  /** A referral through the form by `who` at Bankfield (X99001), allocated to Jo. */
  const referAndAllocate = async (who: Who, body: object) => {
    const made = await ok(who, '/api/v1/referrals', {
      ...(who === 'jo'
        ? { practiceId: (await w.t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id }
        : {}),
      person: { nhsNumber: nhsNumber(), givenName: 'Halina', familyName: `Nowak${nhsSeq}`, dateOfBirth: '1950-06-01' },
      needs: ['loneliness'],
      ...body,
    });
    await allocateToJo(made.id);
    return made.id as string;
  };

  /** A GP referral Jo has allocated and the person has accepted (an open case, made through the API). */
  const acceptedCase = async () => {
    const id = await referAndAllocate('gp', { consentGiven: true });
    const { version } = await ok('jo', `/api/v1/cases/${id}`);
    await ok('jo', `/api/v1/cases/${id}/status`, { command: 'accept', version });
    return id;
  };

  it('shows the referrer’s "how best to contact them", the person’s contact preferences and communication needs on the case', async () => {
    const id = await referAndAllocate('gp', {
      consentGiven: true,
      contactNotes: 'Ring after 2pm; her daughter Ania answers',
      person: {
        nhsNumber: nhsNumber(),
        givenName: 'Halina',
        familyName: 'Kowalska',
        dateOfBirth: '1948-02-03',
        phone: '07700 900555',
        contactPreferences: { methods: ['text', 'phone'], bestTimes: ['afternoon'], notes: 'Hard of hearing' },
        communicationNeeds: { interpreterNeeded: true, language: 'Polish', accessibleFormats: ['easy_read'] },
      },
    });
    const kase = await ok('jo', `/api/v1/cases/${id}`);
    expect(kase.referral.contactNotes).toBe('Ring after 2pm; her daughter Ania answers');
    expect(kase.person.contactPreferences).toEqual({ methods: ['text', 'phone'], bestTimes: ['afternoon'], notes: 'Hard of hearing' });
    expect(kase.person.communicationNeeds).toEqual({ interpreterNeeded: true, language: 'Polish', accessibleFormats: ['easy_read'] });
  });

  it('records a proactive referral’s consent when support is accepted, and the provider then sees it', async () => {
    const id = await referAndAllocate('jo', { source: 'proactive', consentGiven: false });
    const before = await ok('jo', `/api/v1/cases/${id}`);
    expect(before.referral).toMatchObject({ consentGiven: false, consentRecordedAt: null });

    // Nobody is sent to a provider before they have agreed; a signpost (details given to them) is fine.
    const early = await w.post('jo', `/api/v1/cases/${id}/community-referrals`, { serviceId: w.service.singing, kind: 'refer' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.reason).toBe('consent_required');
    expect((await w.post('jo', `/api/v1/cases/${id}/community-referrals`, { serviceId: w.service.walking, kind: 'signpost' })).statusCode).toBe(201);

    const refused = await w.post('jo', `/api/v1/cases/${id}/status`, { command: 'accept', version: before.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'invalid_input',
      details: { reason: 'consent_required', fields: { consentGiven: expect.any(String) } },
    });
    const unchanged = await ok('jo', `/api/v1/cases/${id}`);
    expect(unchanged).toMatchObject({ status: before.status, version: before.version, referral: { consentGiven: false } });

    await ok('jo', `/api/v1/cases/${id}/status`, { command: 'accept', version: before.version, consentGiven: true });
    const after = await ok('jo', `/api/v1/cases/${id}`);
    expect(after.referral).toMatchObject({ consentGiven: true, consentRecordedAt: w.t.clock.now().toISOString() });
    expect(after.timeline.find((e: { kind: string; data: { command?: string } }) => e.data.command === 'accept').data).toMatchObject({ consentRecorded: true });

    await w.refer(id, 'singing');
    const inbox = await ok('provider', '/api/v1/inbox');
    const item = inbox.items.find((i: { person: { familyName: string } }) => i.person.familyName === before.person.familyName);
    expect(item.consent).toEqual({ given: true, recordedAt: w.t.clock.now().toISOString() });
  });

  it('files a referral from a two-need search under the need the service meets: the debt service hears about debt', async () => {
    const caseId = await acceptedCase();
    const match = await ok('jo', '/api/v1/services/match', { needs: ['loneliness', 'debt'], referralId: caseId });
    const rank = match.results.findIndex((r: { id: string }) => r.id === w.service.debt) + 1;
    expect(rank, 'the debt service is suggested').toBeGreaterThan(0);
    await ok('jo', `/api/v1/cases/${caseId}/community-referrals`, { serviceId: w.service.debt, kind: 'refer', matchId: match.matchId, matchRank: rank });

    const inbox = await ok('provider2', '/api/v1/inbox');
    const item = inbox.items.find((i: { serviceName: string; sentAt: string }) => i.serviceName === SERVICE_NAMES.debt);
    expect(item.need).toBe('debt');
    const kase = await ok('jo', `/api/v1/cases/${caseId}`);
    expect(kase.communityReferrals.find((r: { serviceId: string }) => r.serviceId === w.service.debt).need).toBe('debt');

    // The worker's own choice still wins.
    const singing = await ok('jo', `/api/v1/cases/${caseId}/community-referrals`, { serviceId: w.service.singing, kind: 'refer', need: 'bereavement' });
    expect(singing.need).toBe('bereavement');
  });

  it('tells the case page which referrals can still be withdrawn, with the version to send', async () => {
    const caseId = await acceptedCase();
    const sent = await w.refer(caseId, 'singing');
    await w.post('jo', `/api/v1/cases/${caseId}/community-referrals`, { serviceId: w.service.walking, kind: 'signpost' });
    const kase = await ok('jo', `/api/v1/cases/${caseId}`);
    const listed = kase.communityReferrals.map((r: { kind: string; canWithdraw: boolean; version: number }) => [r.kind, r.canWithdraw, r.version]);
    expect(listed).toEqual([
      ['refer', true, sent.version],
      ['signpost', false, 1],
    ]);
    await ok('jo', `/api/v1/community-referrals/${sent.id}/cancel`, { version: kase.communityReferrals[0].version });
    const after = await ok('jo', `/api/v1/cases/${caseId}`);
    expect(after.communityReferrals[0]).toMatchObject({ status: 'cancelled', canWithdraw: false });
  });

  it('asks to confirm "goals met" when no goal in the plan is achieved, and writes nothing until it is', async () => {
    const caseId = await acceptedCase();
    const goal = (status: string) => ({ text: 'Get out of the house twice a week', status });
    await ok('jo', `/api/v1/cases/${caseId}/plan/versions`, { basedOnVersion: 0, goals: [goal('in_progress')] });
    const kase = await ok('jo', `/api/v1/cases/${caseId}`);
    const body = { command: 'discharge', version: kase.version, reason: 'goals_met', sharingChoice: 'coded_only' };
    const refused = await w.post('jo', `/api/v1/cases/${caseId}/status`, body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'conflict', details: { reason: 'goals_not_achieved' } });
    expect(await ok('jo', `/api/v1/cases/${caseId}`)).toMatchObject({ status: kase.status, version: kase.version });
    // Another reason needs no confirmation; "goals met" confirmed goes through.
    expect((await ok('jo', `/api/v1/cases/${caseId}/status`, { ...body, confirmGoalsMet: true })).status).toBe('discharged');
  });

  it('the referrer and the practice read the message back, with wellbeing outcomes only as the person chose to share', async () => {
    const discharge = async (sharingChoice: 'full' | 'coded_only') => {
      const id = await referAndAllocate('gp', { consentGiven: true });
      let version = (await ok('jo', `/api/v1/cases/${id}`)).version;
      version = (await ok('jo', `/api/v1/cases/${id}/status`, { command: 'accept', version })).version;
      await ok('jo', `/api/v1/cases/${id}/outcomes`, {
        instrument: 'ons4',
        timepoint: 'baseline',
        mode: 'telephone',
        administeredOn: today(),
        answers: { life_satisfaction: 3, worthwhile: 5, happiness: 4, anxiety: 8 },
      });
      w.t.clock.advance(40 * 86_400_000);
      await ok('jo', `/api/v1/cases/${id}/outcomes`, {
        instrument: 'ons4',
        timepoint: 'final',
        mode: 'telephone',
        administeredOn: today(),
        answers: { life_satisfaction: 7, worthwhile: 5, happiness: 9, anxiety: 2 },
      });
      version = (await ok('jo', `/api/v1/cases/${id}`)).version;
      await ok('jo', `/api/v1/cases/${id}/status`, { command: 'discharge', version, reason: 'moved_away', sharingChoice });
      return id;
    };
    const full = await discharge('full');
    const coded = await discharge('coded_only');

    // The referrer, in My referrals.
    const mine = await ok('gp', `/api/v1/my-referrals/${full}/message`);
    expect(mine).toMatchObject({ kind: 'social_prescribing_discharge', sharingChoice: 'full', outcome: { dischargeReason: 'moved_away' }, withheld: [] });
    const life = mine.wellbeing.find((x: { measure: string }) => x.measure.includes('satisfied'));
    expect(life).toMatchObject({
      instrument: 'ONS4 personal wellbeing',
      baseline: { score: 3, band: 'Low' },
      latest: { score: 7, band: 'High' },
      change: 'improved',
    });
    expect(mine.wellbeing).toHaveLength(4);
    const codedMine = await ok('gp', `/api/v1/my-referrals/${coded}/message`);
    expect(codedMine.wellbeing).toBeNull();
    expect(codedMine.withheld).toContain('wellbeing');
    expect(JSON.stringify(codedMine)).not.toMatch(/ONS4|satisfied/);

    // The practice inbox: both, newest first; the same message as the link worker's.
    const inbox = await ok('gp', '/api/v1/practice-messages');
    expect(inbox.messages.slice(0, 2).map((m: { id: string; sharingChoice: string }) => [m.id, m.sharingChoice])).toEqual([
      [coded, 'coded_only'],
      [full, 'full'],
    ]);
    const { generatedAt: _a, ...practiceCopy } = await ok('gp', `/api/v1/practice-messages/${full}`);
    const { generatedAt: _b, ...caseCopy } = await ok('jo', `/api/v1/cases/${full}/discharge-message`);
    expect(practiceCopy).toEqual(caseCopy);

    // Another practice's GP sees neither; a link worker has no practice inbox; an open case has no message.
    expect((await w.t.app.inject({ method: 'GET', url: `/api/v1/practice-messages/${full}`, headers: gpOtherPractice.headers })).statusCode).toBe(404);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/v1/my-referrals/${full}/message`, headers: gpOtherPractice.headers })).statusCode).toBe(404);
    const otherInbox = (await w.t.app.inject({ method: 'GET', url: '/api/v1/practice-messages', headers: gpOtherPractice.headers })).json();
    expect(otherInbox.messages.map((m: { id: string }) => m.id)).not.toContain(full);
    expect((await w.get('jo', '/api/v1/practice-messages')).statusCode).toBe(403);
    const open = await referAndAllocate('gp', { consentGiven: true });
    expect((await w.get('gp', `/api/v1/my-referrals/${open}/message`)).json().error.code).toBe('invalid_transition');
    expect((await w.get('gp', `/api/v1/practice-messages/${open}`)).statusCode).toBe(404);
  });
});
