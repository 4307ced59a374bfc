import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReferral } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { curationWorld, type CurationWorld } from './curation-support.ts';

const DAY = 86_400_000;

/**
 * A provider keeps their listing right with approval off: edits go live at once with a new
 * version; a stale version is refused and writes nothing; another organisation's listing is not
 * theirs to see for editing (404); a listing goes stale after 6 months and "verify" freshens it;
 * archiving hides it from the directory and new referrals but keeps it (and referrals made to it)
 * for history; restore brings it back.
 */
describe.each(TEST_DIALECTS)('directory curation, edits live, on %s', (dialect) => {
  let w: CurationWorld;
  beforeAll(async () => {
    w = await curationWorld(dialect);
  });
  afterAll(async () => w.t.close());

  const url = () => `/api/v1/services/${w.service.singing}`;

  it('shows staff the listing in full; the owner may manage it, a link worker may report on it', async () => {
    const own = await w.get('provider', url());
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      id: w.service.singing,
      version: 1,
      name: 'Tuesday Singing for Wellbeing',
      organisation: { name: 'Calder Befriending Network (demo)' },
      capacity: 'open',
      waitingWeeks: null,
      takesReferrals: true,
      archived: false,
      stale: false,
      staleMonths: 6,
      lastVerifiedAt: null,
      needsSource: 'manual',
      needs: [{ code: 'loneliness', confidence: null, terms: [] }, { code: 'mental_wellbeing' }, { code: 'low_mood' }, { code: 'bereavement' }],
      openProblems: 0,
      pendingEdit: null,
      missingFromSource: false,
      mayManage: true,
      mayReport: false,
      editsNeedApproval: false,
    });
    const jo = await w.get('jo', url());
    expect(jo.json()).toMatchObject({ mayManage: false, mayReport: true, pendingEdit: null });
    expect((await w.get('provider2', url())).json()).toMatchObject({ mayManage: false });
  });

  it('the owner edits it: live at once, next version, needs marked corrected, one audit event naming the fields only', async () => {
    const before = await w.lastSeq();
    const res = await w.send('provider', 'PATCH', url(), {
      expectedVersion: 1,
      description: 'Now on Tuesdays and Thursdays at the Square Chapel.',
      capacity: 'waiting_list',
      waitingWeeks: 3,
      minimumAge: 18,
      phone: '01632 960 111',
      needs: ['loneliness', 'bereavement'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      outcome: 'applied',
      edit: null,
      service: {
        version: 2,
        description: 'Now on Tuesdays and Thursdays at the Square Chapel.',
        capacity: 'waiting_list',
        waitingWeeks: 3,
        minimumAge: 18,
        phones: [{ number: '01632 960 111' }],
        needs: [{ code: 'loneliness' }, { code: 'bereavement' }],
        needsSource: 'corrected',
      },
    });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['service.updated']);
    const summary = JSON.parse(events[0]?.summary ?? '{}');
    expect(summary).toEqual({ fields: ['description', 'minimumAge', 'capacity', 'waitingWeeks', 'needs', 'phone'], held: [], version: 2 });
    expect(events[0]?.summary).not.toContain('Square Chapel');
  });

  it('a save from a stale version is refused (409 conflict, stale_version) and changes nothing', async () => {
    const res = await w.send('provider', 'PATCH', url(), { expectedVersion: 1, name: 'Overwritten' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version' } });
    expect((await w.get('provider', url())).json()).toMatchObject({ name: 'Tuesday Singing for Wellbeing', version: 2 });
  });

  it('bad input is a coded 400 with the field, and nothing is written', async () => {
    const ages = await w.send('provider', 'PATCH', url(), { expectedVersion: 2, minimumAge: 60, maximumAge: 18 });
    expect(ages.statusCode).toBe(400);
    expect(ages.json().error).toMatchObject({ code: 'invalid_input', details: { fields: { maximumAge: expect.any(String) } } });
    const nothing = await w.send('provider', 'PATCH', url(), { expectedVersion: 2 });
    expect(nothing.statusCode).toBe(400);
    const unknown = await w.send('provider', 'PATCH', url(), { expectedVersion: 2, archived: true });
    expect(unknown.statusCode).toBe(400);
    const email = await w.send('provider', 'PATCH', url(), { expectedVersion: 2, email: 'not an email' });
    expect(email.json().error.details.fields).toHaveProperty('email');
    expect((await w.get('provider', url())).json()).toMatchObject({ version: 2, minimumAge: 18 });
  });

  it("another organisation's provider cannot edit, verify or archive it (404, audited as denied); a link worker may not edit at all (403)", async () => {
    const before = await w.lastSeq();
    for (const [method, path, body] of [
      ['PATCH', url(), { expectedVersion: 2, name: 'Hijacked' }],
      ['POST', `${url()}/verify`, undefined],
      ['POST', `${url()}/archive`, undefined],
      ['PUT', `${url()}/needs`, { expectedVersion: 2, needs: ['debt'] }],
    ] as const) {
      const res = await w.send('provider2', method, path, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const events = await w.auditSince(before);
    expect(events.map((e) => [e.action, e.outcome])).toEqual(Array(4).fill(['access.denied', 'denied']));
    const jo = await w.send('jo', 'PATCH', url(), { expectedVersion: 2, name: 'Hijacked' });
    expect(jo.statusCode).toBe(403);
    expect((await w.get('provider', url())).json()).toMatchObject({ name: 'Tuesday Singing for Wellbeing', version: 2 });
  });

  it('a listing not verified for 6 months is stale on its page and in the list; verifying freshens it (version unchanged)', async () => {
    w.t.clock.advance(190 * DAY);
    expect((await w.get('jo', url())).json()).toMatchObject({ stale: true });
    const staleList = await w.get('jo', '/api/v1/directory/services?stale=true');
    expect(staleList.json().services.map((s: { name: string }) => s.name)).toContain('Tuesday Singing for Wellbeing');
    expect(staleList.json().services.every((s: { stale: boolean }) => s.stale)).toBe(true);

    const before = await w.lastSeq();
    const res = await w.send('provider', 'POST', `${url()}/verify`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stale: false, lastVerifiedAt: w.t.clock.now().toISOString(), lastVerifiedBy: expect.any(String), version: 2 });
    expect((await w.auditSince(before)).map((e) => e.action)).toEqual(['service.verified']);
    const fresh = await w.get('jo', '/api/v1/directory/services?stale=false');
    expect(fresh.json().services.map((s: { name: string }) => s.name)).toEqual(['Tuesday Singing for Wellbeing']);
  });

  it('the directory list searches words (any case), filters by need, capacity and own organisation', async () => {
    const names = async (who: 'jo' | 'provider' | 'provider2', q: string) =>
      (await w.get(who, `/api/v1/directory/services${q}`)).json().services.map((s: { name: string }) => s.name);
    expect(await names('jo', '?q=SINGING')).toEqual(['Tuesday Singing for Wellbeing']);
    expect(await names('jo', '?q=calder%20phone')).toEqual(['Befriending by phone']);
    expect(await names('jo', '?need=debt')).toEqual(['Debt and benefits advice']);
    expect(await names('jo', '?capacity=waiting_list')).toEqual(['Tuesday Singing for Wellbeing']);
    expect(await names('provider', '?mine=true')).toEqual(['Befriending by phone', 'Tuesday Singing for Wellbeing', 'Walking for Health Halifax']);
    expect(await names('provider2', '?mine=true')).toEqual(['Debt and benefits advice']);
    const page = (await w.get('jo', '/api/v1/directory/services?limit=2&offset=2')).json();
    expect(page.total).toBe(4);
    expect(page.services).toHaveLength(2);
  });

  it('archiving hides it from the directory and from new referrals but keeps it, and referrals made to it, for history; restore brings it back', async () => {
    const db = w.t.database.db;
    const person = await db.selectFrom('person').select(['id', 'practice_id']).where('family_name', '=', 'Qureshi').executeTakeFirstOrThrow();
    const joId = (await db.selectFrom('app_user').select('id').where('email', '=', 'link_worker@demo.linkwork.test').executeTakeFirstOrThrow()).id;
    const kase = await makeReferral(w.t.deps, { id: person.id, practiceId: person.practice_id }, { status: 'active', linkWorkerId: joId });
    const referred = await w.send('jo', 'POST', `/api/v1/cases/${kase.id}/community-referrals`, {
      serviceId: w.service.singing,
      kind: 'refer',
      need: 'loneliness',
    });
    expect(referred.statusCode, referred.body).toBe(201);

    // Matching and the open ORUK API offer it before it is archived…
    const matched = async () =>
      (await w.send('jo', 'POST', '/api/v1/services/match', { text: 'singing group' })).json().results.map((r: { id: string }) => r.id);
    const published = async () =>
      (await w.t.app.inject({ method: 'GET', url: '/oruk/services?per_page=100' })).json().contents.map((x: { id: string }) => x.id);
    expect(await matched()).toContain(w.service.singing);
    expect(await published()).toContain(w.service.singing);

    // A minute on: the matcher's cached index is keyed on the latest updated_at, so a change in the
    // same millisecond as the previous one would go unseen (reported; not this feature's code).
    w.t.clock.advance(60_000);
    const before = await w.lastSeq();
    const res = await w.send('provider', 'POST', `${url()}/archive`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ archived: true, version: 3, mayReport: false });
    expect((await w.auditSince(before)).map((e) => e.action)).toEqual(['service.archived']);

    const listed = (await w.get('jo', '/api/v1/directory/services')).json().services.map((s: { id: string }) => s.id);
    expect(listed).not.toContain(w.service.singing);
    expect((await w.get('jo', '/api/v1/services')).json().services.map((s: { id: string }) => s.id)).not.toContain(w.service.singing);
    expect((await w.get('provider', '/api/v1/directory/services?archived=true')).json().services.map((s: { id: string }) => s.id)).toEqual([w.service.singing]);
    expect((await w.get('jo', '/api/v1/directory/services?archived=true')).statusCode).toBe(403);
    // …and neither does after.
    expect(await matched()).not.toContain(w.service.singing);
    expect(await published()).not.toContain(w.service.singing);
    // Still readable, and the referral already made keeps its service.
    expect((await w.get('jo', url())).json()).toMatchObject({ archived: true, name: 'Tuesday Singing for Wellbeing' });
    const onCase = (await w.get('jo', `/api/v1/cases/${kase.id}/community-referrals`)).json().communityReferrals;
    expect(onCase).toMatchObject([{ serviceId: w.service.singing, serviceName: 'Tuesday Singing for Wellbeing', status: 'sent' }]);
    const again = await w.send('jo', 'POST', `/api/v1/cases/${kase.id}/community-referrals`, { serviceId: w.service.singing, kind: 'signpost' });
    expect(again.statusCode).toBe(400);
    // Archived listings are not edited, reported or archived twice.
    expect((await w.send('provider', 'PATCH', url(), { expectedVersion: 3, name: 'X' })).json().error.code).toBe('invalid_transition');
    expect((await w.send('provider', 'POST', `${url()}/archive`)).json().error.code).toBe('invalid_transition');
    expect((await w.send('jo', 'POST', `${url()}/problems`, { kind: 'closed' })).json().error.code).toBe('invalid_transition');

    const restored = await w.send('provider', 'POST', `${url()}/restore`);
    expect(restored.json()).toMatchObject({ archived: false, version: 4 });
    expect((await w.get('jo', '/api/v1/directory/services')).json().services.map((s: { id: string }) => s.id)).toContain(w.service.singing);
  });
});

/**
 * With LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL on: a provider's edit waits for a lead (capacity and
 * waiting time still go live at once); the lead sees before and after, approves it (live, next
 * version) or rejects it with a reason the provider reads; an edit overtaken by another change
 * cannot be approved as it is (409). Leads' own edits and corrections apply directly.
 */
describe.each(TEST_DIALECTS)('directory curation, edits held for approval, on %s', (dialect) => {
  let w: CurationWorld;
  let editId = '';
  beforeAll(async () => {
    w = await curationWorld(dialect, { LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL: '1' });
  });
  afterAll(async () => w.t.close());

  const url = () => `/api/v1/services/${w.service.phone}`;

  it("holds the provider's edit for a lead, but puts capacity and waiting time live at once", async () => {
    const before = await w.lastSeq();
    const res = await w.send('provider', 'PATCH', url(), { expectedVersion: 1, name: 'Telephone befriending', capacity: 'waiting_list', waitingWeeks: 4 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      outcome: 'pending',
      service: { name: 'Befriending by phone', capacity: 'waiting_list', waitingWeeks: 4, version: 2, editsNeedApproval: true },
      edit: {
        status: 'pending',
        baseVersion: 2,
        changes: { name: 'Telephone befriending' },
        current: { name: 'Befriending by phone' },
        submittedBy: expect.any(String),
      },
    });
    expect(body.edit.changes).not.toHaveProperty('capacity');
    editId = body.edit.id;
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['service.edit_submitted']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toEqual({ fields: ['name', 'capacity', 'waitingWeeks'], held: ['name'], editId, version: 2 });

    expect((await w.get('provider', url())).json().pendingEdit).toMatchObject({ id: editId });
    expect((await w.get('jo', url())).json().pendingEdit).toBeNull();
    expect((await w.get('jo', '/api/v1/directory/services?q=phone')).json().services[0]).toMatchObject({ pendingEdit: true, capacity: 'waiting_list' });
  });

  it('the lead sees it in the queue with before and after; a provider may not open the queue (403)', async () => {
    const res = await w.get('lead', '/api/v1/service-edits');
    expect(res.statusCode).toBe(200);
    expect(res.json().edits).toMatchObject([
      { id: editId, serviceName: 'Befriending by phone', organisationName: 'Calder Befriending Network (demo)', serviceVersion: 2, baseVersion: 2 },
    ]);
    expect((await w.get('provider', '/api/v1/service-edits')).statusCode).toBe(403);
  });

  it('the lead approves: live, next version, audited; approving twice is refused', async () => {
    const before = await w.lastSeq();
    const res = await w.send('lead', 'POST', `/api/v1/service-edits/${editId}/approve`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', decidedBy: expect.any(String), serviceVersion: 3 });
    expect((await w.get('jo', url())).json()).toMatchObject({ name: 'Telephone befriending', version: 3 });
    expect((await w.auditSince(before)).map((e) => e.action)).toEqual(['service.edit_approved']);
    expect((await w.send('lead', 'POST', `/api/v1/service-edits/${editId}/approve`)).json().error.code).toBe('invalid_transition');
    expect((await w.get('lead', '/api/v1/service-edits')).json().edits).toEqual([]);
  });

  it('an edit overtaken by another change cannot be approved (409 stale_edit); the lead rejects it with a reason the provider reads', async () => {
    const held = await w.send('provider', 'PATCH', url(), { expectedVersion: 3, description: 'Weekly calls from a trained volunteer.' });
    const heldId = held.json().edit.id;
    // A newer edit from the owner supersedes the first; only one waits per listing.
    const newer = await w.send('provider', 'PATCH', url(), { expectedVersion: 3, description: 'Weekly calls from a trained, DBS-checked volunteer.' });
    expect(newer.statusCode, newer.body).toBe(200);
    const newerId = newer.json().edit.id;
    expect((await w.get('lead', '/api/v1/service-edits')).json().edits.map((e: { id: string }) => e.id)).toEqual([newerId]);
    expect((await w.send('lead', 'POST', `/api/v1/service-edits/${heldId}/approve`)).json().error.code).toBe('invalid_transition');

    // Capacity changes live meanwhile, so the held edit's base is out of date.
    expect((await w.send('provider', 'PATCH', url(), { expectedVersion: 3, capacity: 'open', waitingWeeks: null })).json().service.version).toBe(4);
    const stale = await w.send('lead', 'POST', `/api/v1/service-edits/${newerId}/approve`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_edit', baseVersion: 3, currentVersion: 4 } });
    expect((await w.get('jo', url())).json().description).not.toContain('DBS');

    const before = await w.lastSeq();
    const rejected = await w.send('lead', 'POST', `/api/v1/service-edits/${newerId}/reject`, { reason: 'Please send it again: the listing changed.' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: 'Please send it again: the listing changed.' });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['service.edit_rejected']);
    expect(events[0]?.summary).not.toContain('send it again');
    expect((await w.get('provider', url())).json()).toMatchObject({
      pendingEdit: null,
      lastDecidedEdit: { id: newerId, status: 'rejected', decisionReason: 'Please send it again: the listing changed.' },
    });
    expect((await w.send('lead', 'POST', `/api/v1/service-edits/${newerId}/reject`, { reason: 'again' })).json().error.code).toBe('invalid_transition');
    expect((await w.send('lead', 'POST', `/api/v1/service-edits/${newerId}/reject`, { reason: '' })).statusCode).toBe(400);
  });

  it("a provider's needs correction is held too; a lead's correction and edits apply directly", async () => {
    const provider = await w.send('provider', 'PUT', `${url()}/needs`, { expectedVersion: 4, needs: ['loneliness'] });
    expect(provider.json()).toMatchObject({ outcome: 'pending', edit: { changes: { needs: ['loneliness'] } }, service: { needsSource: 'manual' } });
    await w.send('lead', 'POST', `/api/v1/service-edits/${provider.json().edit.id}/reject`, { reason: 'Keep bereavement' });

    const before = await w.lastSeq();
    const lead = await w.send('lead', 'PUT', `${url()}/needs`, { expectedVersion: 4, needs: ['loneliness', 'bereavement', 'bereavement'] });
    expect(lead.statusCode, lead.body).toBe(200);
    expect(lead.json()).toMatchObject({
      outcome: 'applied',
      service: { version: 5, needsSource: 'corrected', needs: [{ code: 'loneliness' }, { code: 'bereavement' }] },
    });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['service.classification_corrected']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({
      from: ['loneliness', 'bereavement', 'confidence'],
      to: ['loneliness', 'bereavement'],
      version: 5,
    });
    const stale = await w.send('lead', 'PUT', `${url()}/needs`, { expectedVersion: 4, needs: ['loneliness'] });
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version' } });

    const edit = await w.send('lead', 'PATCH', url(), { expectedVersion: 5, takesReferrals: false });
    expect(edit.json()).toMatchObject({ outcome: 'applied', service: { takesReferrals: false, version: 6 } });
  });
});
