import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_REFERRAL_EXPIRY_DAYS } from '../../src/domain/community-referral.ts';
import { expireCommunityReferrals } from '../../src/services/community/expire-community-referrals.ts';
import { seedDemoServices } from '../../src/services/demo/seed-demo-services.ts';
import { sha256 } from '../../src/services/kernel/ids.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { communityWorld, NOT_FOR_PROVIDERS, type CommunityWorld } from './community-support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The closed loop as a story: Jo, a link worker, refers a widowed woman to the singing group; the
 * befriending network sees her in its inbox with only what it needs, accepts her and records that
 * she started, attended and completed; Jo hears about it. A second referral is declined because the
 * service is full; a third is never answered and expires after 14 days; a signpost involves nobody.
 */
describe.each(TEST_DIALECTS)('community referrals, the closed loop, on %s', (dialect) => {
  let w: CommunityWorld;
  let her: Awaited<ReturnType<CommunityWorld['newCase']>>;
  let singing: { id: string; version: number };

  beforeAll(async () => {
    w = await communityWorld(dialect);
    her = await w.newCase({ givenName: 'Edith', familyName: 'Greenwood' });
  });
  afterAll(async () => w.t.close());

  const db = () => w.t.database.db;
  const notificationsOf = async (userId: string) =>
    (await db().selectFrom('notification').select(['kind', 'referral_id']).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()).map(
      (n) => `${n.kind}:${n.referral_id === her.caseId ? 'her' : n.referral_id}`,
    );

  it('lists the services Jo can refer to, by need (not audited: nothing personal)', async () => {
    const before = await w.lastSeq();
    const all = await w.get('jo', '/api/v1/services');
    expect(all.statusCode).toBe(200);
    expect(all.json().services.map((s: { name: string }) => s.name)).toEqual([
      'Befriending by phone',
      'Debt and benefits advice',
      'Tuesday Singing for Wellbeing',
      'Walking for Health Halifax',
    ]);
    const lonely = await w.get('jo', '/api/v1/services?need=loneliness&takesReferrals=true');
    expect(lonely.json().services.map((s: { name: string }) => s.name)).toEqual(['Befriending by phone', 'Tuesday Singing for Wellbeing']);
    const active = await w.get('jo', '/api/v1/services?need=physical_activity');
    expect(active.json().services).toMatchObject([
      { name: 'Walking for Health Halifax', takesReferrals: false, needs: ['physical_activity', 'loneliness', 'mental_wellbeing'] },
    ]);
    expect(await w.auditSince(before)).toEqual([]);
    // The demo services are seeded once, however often the seed runs.
    expect(await seedDemoServices(w.t.deps, w.orgs)).toEqual({ created: 0 });
  });

  it('Jo refers Edith to the singing group: sent, due back in 14 days, each provider user notified and e-mailed; one audit event without names', async () => {
    const before = await w.lastSeq();
    const res = await w.post('jo', `/api/v1/cases/${her.caseId}/community-referrals`, {
      serviceId: w.service.singing,
      kind: 'refer',
      need: 'loneliness',
      reasonText: 'Loved singing; widowed this year',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      caseId: her.caseId,
      kind: 'refer',
      status: 'sent',
      serviceName: 'Tuesday Singing for Wellbeing',
      organisationName: 'Calder Befriending Network (demo)',
      need: 'loneliness',
      sentAt: '2026-11-21T09:00:00.000Z',
      expiresAt: '2026-12-05T09:00:00.000Z',
      respondedAt: null,
      version: 1,
      allowedCommands: ['cancel'],
      fhirTask: { status: 'requested', businessStatus: 'sent', statusReason: null },
    });
    singing = { id: body.id, version: body.version };

    const events = await w.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'community_referral.created', outcome: 'success', person_id: her.personId, entity_id: singing.id });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ caseId: her.caseId, serviceId: w.service.singing, kind: 'refer', need: 'loneliness' });

    expect(await notificationsOf(w.user.provider)).toEqual(['community_referral_received:her']);
    expect(await notificationsOf(w.user.provider2)).toEqual([]);
    const mail = await db().selectFrom('outbound_message').select(['channel', 'recipient', 'template', 'referral_id']).execute();
    expect(mail).toEqual([{ channel: 'email', recipient: 'provider@demo.linkwork.test', template: 'community_referral_received', referral_id: her.caseId }]);
    const timeline = await db().selectFrom('case_event').select(['kind', 'data']).where('referral_id', '=', her.caseId).execute();
    expect(timeline.map((e) => e.kind)).toEqual(['community_referral_sent']);
  });

  it('the provider sees her in the inbox with the minimum necessary — exactly these fields, and nothing from her notes, plan or record', async () => {
    w.t.clock.advance(3 * HOUR);
    const before = await w.lastSeq();
    const res = await w.get('provider', '/api/v1/inbox');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(Object.keys(item).sort()).toEqual([
      'allowedCommands',
      'consent',
      'declineReason',
      'expiresAt',
      'id',
      'need',
      'person',
      'reasonText',
      'referredBy',
      'respondedAt',
      'sentAt',
      'serviceId',
      'serviceName',
      'status',
      'version',
    ]);
    expect(Object.keys(item.person).sort()).toEqual(['contactMethods', 'contactNotes', 'email', 'familyName', 'givenName', 'phone']);
    expect(Object.keys(item.consent).sort()).toEqual(['given', 'recordedAt']);
    expect(item).toMatchObject({
      id: singing.id,
      status: 'sent',
      version: 1,
      allowedCommands: ['accept', 'decline'],
      serviceName: 'Tuesday Singing for Wellbeing',
      need: 'loneliness',
      reasonText: 'Loved singing; widowed this year',
      referredBy: 'Jo Barker',
      person: {
        givenName: 'Edith',
        familyName: 'Greenwood',
        phone: her.phone,
        email: her.email,
        contactMethods: ['phone', 'letter'],
        contactNotes: 'Mornings are best',
      },
      consent: { given: true, recordedAt: '2026-11-21T09:00:00.000Z' },
    });
    for (const secret of [
      her.nhsNumber,
      her.caseId,
      her.personId,
      ...Object.values(NOT_FOR_PROVIDERS),
      'Referral reason from the GP',
      'large_print',
      'Sang in a choir',
    ]) {
      expect(res.body, secret).not.toContain(secret);
    }
    // A person-level read: audited once, with the count and no names; which person, in audit_event_person.
    const events = await w.auditSince(before);
    expect(events.map((e) => [e.action, JSON.parse(e.summary)])).toEqual([
      ['community_referral.inbox_viewed', { state: 'open', count: 1, shownPeople: 1, shownDigest: sha256(her.personId) }],
    ]);
  });

  it('the provider accepts (response time 3 h), marks started, attended and completed; Jo is told of the acceptance', async () => {
    const steps: [string, string, string[]][] = [
      ['accept', 'accepted', ['start']],
      ['start', 'started', ['mark_attended', 'mark_did_not_attend']],
      ['mark_attended', 'attended', ['complete']],
      ['complete', 'completed', []],
    ];
    let version = singing.version;
    for (const [command, status, next] of steps) {
      const before = await w.lastSeq();
      const res = await w.respond('provider', singing.id, command, version);
      expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ status, version: version + 1, allowedCommands: next, respondedAt: '2026-11-21T12:00:00.000Z' });
      version += 1;
      const events = await w.auditSince(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'community_referral.responded', person_id: her.personId, entity_id: singing.id });
      expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ command, to: status });
      w.t.clock.advance(DAY);
    }
    expect(await notificationsOf(w.user.jo)).toEqual(['community_referral_accepted:her']);
    const timeline = await db().selectFrom('case_event').select('kind').where('referral_id', '=', her.caseId).orderBy('at').orderBy('id').execute();
    expect(timeline.map((e) => e.kind)).toEqual([
      'community_referral_sent',
      'community_referral_accepted',
      'community_referral_started',
      'community_referral_attended',
      'community_referral_completed',
    ]);
    // Finished: off the open inbox, still in the closed view with her contact details (she was taken on).
    expect((await w.get('provider', '/api/v1/inbox')).json().items).toEqual([]);
    const closed = (await w.get('provider', '/api/v1/inbox?state=closed')).json().items;
    expect(closed).toMatchObject([{ id: singing.id, status: 'completed', person: { phone: her.phone } }]);
  });

  it('a second referral is declined as full: Jo is told, the reason is coded, the contact details are withheld from then on', async () => {
    const phone = await w.refer(her.caseId, 'phone');
    w.t.clock.advance(HOUR);
    const noReason = await w.respond('provider', phone.id, 'decline', phone.version);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ code: 'invalid_input', details: { fields: { declineReason: 'Choose a reason for declining' } } });
    const res = await w.respond('provider', phone.id, 'decline', phone.version, 'full');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'declined',
      declineReason: 'full',
      allowedCommands: [],
      person: { givenName: 'Edith', phone: null, email: null, contactMethods: [], contactNotes: null },
    });
    expect(await notificationsOf(w.user.jo)).toEqual(['community_referral_accepted:her', 'community_referral_declined:her']);

    const mine = await w.get('jo', `/api/v1/cases/${her.caseId}/community-referrals`);
    expect(mine.statusCode).toBe(200);
    expect(
      mine
        .json()
        .communityReferrals.map((c: { serviceName: string; status: string; declineReason: string | null; fhirTask: object }) => [
          c.serviceName,
          c.status,
          c.declineReason,
          c.fhirTask,
        ]),
    ).toEqual([
      ['Befriending by phone', 'declined', 'full', { status: 'rejected', businessStatus: 'declined', statusReason: 'full' }],
      ['Tuesday Singing for Wellbeing', 'completed', null, { status: 'completed', businessStatus: 'completed', statusReason: null }],
    ]);
  });

  it('a signpost is recorded on the case without involving any provider', async () => {
    const before = await w.lastSeq();
    const [n0, m0] = [await db().selectFrom('notification').select('id').execute(), await db().selectFrom('outbound_message').select('id').execute()];
    const res = await w.post('jo', `/api/v1/cases/${her.caseId}/community-referrals`, {
      serviceId: w.service.walking,
      kind: 'signpost',
      need: 'physical_activity',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'signpost',
      status: 'signposted',
      expiresAt: null,
      allowedCommands: [],
      fhirTask: { businessStatus: 'signposted' },
    });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['community_referral.signposted']);
    expect(await db().selectFrom('notification').select('id').execute()).toHaveLength(n0.length);
    expect(await db().selectFrom('outbound_message').select('id').execute()).toHaveLength(m0.length);
    // Not in any provider's inbox, in any view.
    expect((await w.get('provider', '/api/v1/inbox?state=all')).json().items.map((i: { id: string }) => i.id)).not.toContain(res.json().id);
  });

  it('a third referral nobody answers becomes "no response" after 14 days, alerts Jo once, and a second run does nothing', async () => {
    const debt = await w.refer(her.caseId, 'debt');
    const sent = await db().selectFrom('community_referral').select(['expires_at']).where('id', '=', debt.id).executeTakeFirstOrThrow();
    w.t.clock.advance(COMMUNITY_REFERRAL_EXPIRY_DAYS * DAY - 60_000);
    expect(await expireCommunityReferrals(w.t.deps)).toEqual({ expired: 0 });
    w.t.clock.advance(60_000);
    expect(w.t.clock.now().toISOString()).toBe(sent.expires_at);

    const before = await w.lastSeq();
    expect(await expireCommunityReferrals(w.t.deps)).toEqual({ expired: 1 });
    const row = await db().selectFrom('community_referral').selectAll().where('id', '=', debt.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'no_response', decline_reason: 'no_response', responded_at: null });
    const events = await w.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'community_referral.expired', actor_role: 'system:expiry-job', person_id: her.personId, entity_id: debt.id });
    expect(await notificationsOf(w.user.jo)).toEqual([
      'community_referral_accepted:her',
      'community_referral_declined:her',
      'community_referral_no_response:her',
    ]);
    const timeline = await db()
      .selectFrom('case_event')
      .select(['kind', 'actor_user_id'])
      .where('referral_id', '=', her.caseId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(timeline).toEqual({ kind: 'community_referral_no_response', actor_user_id: null });

    // Idempotent: nothing more is due, nothing more is written.
    const again = await w.lastSeq();
    expect(await expireCommunityReferrals(w.t.deps)).toEqual({ expired: 0 });
    expect(await w.auditSince(again)).toEqual([]);
    expect(await notificationsOf(w.user.jo)).toHaveLength(3);

    // Too late to answer now.
    const late = await w.respond('provider2', debt.id, 'accept', debt.version);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('conflict');
    const lateCurrent = await w.respond('provider2', debt.id, 'accept', debt.version + 1);
    expect(lateCurrent.json().error.code).toBe('invalid_transition');
  });

  it('keeps names and free text out of every audit summary', async () => {
    const all = await db().selectFrom('audit_event').select('summary').execute();
    const text = all.map((r) => r.summary).join('\n');
    for (const secret of ['Edith', 'Greenwood', her.nhsNumber, her.phone, her.email, 'widowed', 'Loved singing', 'Tuesday Singing'])
      expect(text, secret).not.toContain(secret);
  });
});
