import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES, nextStatus } from '../../src/domain/case-lifecycle.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { setUserDisabled } from '../../src/services/identity/set-user-disabled.ts';
import { makeReferral } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { intakeApp, type Intake } from './intake-support.ts';

/** Triage decisions, the lifecycle's limits, and who may act on which referral. */
describe.each(TEST_DIALECTS)('triage decisions and scope on %s', (dialect) => {
  let x: Intake;
  const person: Record<string, { id: string; practiceId: string }> = {};

  beforeAll(async () => {
    x = await intakeApp(dialect);
    for (const r of await x.t.database.db.selectFrom('person').select(['id', 'practice_id', 'family_name']).execute())
      person[r.family_name] = { id: r.id, practiceId: r.practice_id };
  });
  afterAll(async () => x.close());

  const refer = async (who: 'shah' | 'firth', needs: string[] = ['loneliness']) => {
    const res = await x.post(x.s[who], '/api/v1/referrals', {
      personId: who === 'shah' ? person['Hartley']?.id : person['Sutcliffe']?.id,
      needs,
      consentGiven: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('Helen turns a referral away with a coded reason; Dr Shah is told and reads the reason in plain words', async () => {
    const id = await refer('shah');
    const before = await x.lastSeq();
    const res = await x.post(x.s.helen, `/api/v1/referrals/${id}/reject`, { reason: 'needs_clinical_service', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', statusReason: 'needs_clinical_service', linkWorker: null, version: 2 });
    const events = await x.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'referral.rejected', entity_id: id, person_id: person['Hartley']?.id });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ from: 'referred', to: 'rejected', reason: 'needs_clinical_service' });
    const row = await x.t.database.db.selectFrom('referral').select(['closed_at', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_at: x.t.clock.now().toISOString(), status_reason: 'needs_clinical_service' });
    const note = await x.t.database.db.selectFrom('notification').select(['user_id', 'kind']).where('referral_id', '=', id).execute();
    expect(note).toEqual([{ user_id: x.userId.shah, kind: 'referral_status_changed' }]);
    const mine = (await x.get(x.s.shah, `/api/v1/referrals/${id}/status`)).json();
    expect(mine).toMatchObject({
      status: 'rejected',
      statusInWords: 'Not taken on by the social prescribing service',
      reasonInWords: 'Needs a clinical service instead',
      closedAt: expect.any(String),
    });
  });

  it('Helen redirects a referral to a better-suited service', async () => {
    const id = await refer('firth');
    const before = await x.lastSeq();
    const res = await x.post(x.s.helen, `/api/v1/referrals/${id}/redirect`, { reason: 'better_served_elsewhere', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'redirected', statusReason: 'better_served_elsewhere' });
    expect((await x.auditSince(before)).map((e) => e.action)).toEqual(['referral.redirected']);
    const mine = (await x.get(x.s.firth, '/api/v1/my-referrals')).json().referrals.find((r: { id: string }) => r.id === id);
    expect(mine).toMatchObject({ statusInWords: 'Passed to a service better suited to help', reasonInWords: 'Better served by another service' });
  });

  it('refuses a reason that is not one of the coded triage reasons', async () => {
    const id = await refer('shah');
    const res = await x.post(x.s.helen, `/api/v1/referrals/${id}/reject`, { reason: 'too busy', version: 1 });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.details.fields)).toEqual(['reason']);
  });

  it('refuses every triage command the lifecycle does not allow, with invalid_transition, changing nothing', async () => {
    const hartley = person['Hartley'];
    if (hartley === undefined) throw new Error('no Hartley');
    for (const status of CASE_STATUSES) {
      const { id } = await makeReferral(x.t.deps, hartley, {
        status,
        linkWorkerId: status === 'referred' || status === 'rejected' || status === 'redirected' ? null : x.userId.kieran,
      });
      for (const command of ['allocate', 'reject', 'redirect'] as const) {
        if (nextStatus(status, command) !== null) continue;
        const before = await x.lastSeq();
        const res =
          command === 'allocate'
            ? await x.post(x.s.helen, `/api/v1/referrals/${id}/allocate`, { linkWorkerId: x.userId.jo, version: 1 })
            : await x.post(x.s.helen, `/api/v1/referrals/${id}/${command}`, { reason: 'other', version: 1 });
        expect(res.statusCode, `${command} from ${status}`).toBe(409);
        expect(res.json().error, `${command} from ${status}`).toMatchObject({ code: 'invalid_transition', details: { from: status, command } });
        expect(await x.auditSince(before)).toEqual([]);
        const row = await x.t.database.db.selectFrom('referral').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
        expect([row.status, Number(row.version)]).toEqual([status, 1]);
      }
    }
  });

  it('lets a lead move an open case to another link worker who covers the practice', async () => {
    const { id } = await makeReferral(x.t.deps, person['Qureshi'] ?? { id: '', practiceId: '' }, { status: 'active', linkWorkerId: x.userId.jo });
    const res = await x.post(x.s.helen, `/api/v1/referrals/${id}/allocate`, { linkWorkerId: x.userId.kieran, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', linkWorker: { id: x.userId.kieran, displayName: 'Kieran Walsh' } });
    const timeline = await x.t.database.db.selectFrom('case_event').select(['kind', 'data']).where('referral_id', '=', id).execute();
    expect(timeline.map((e) => [e.kind, JSON.parse(e.data).previousLinkWorkerId])).toEqual([['reallocated', x.userId.jo]]);
    const same = await x.post(x.s.helen, `/api/v1/referrals/${id}/allocate`, { linkWorkerId: x.userId.kieran, version: 2 });
    expect(same.statusCode).toBe(400);
  });

  it('does not suggest or accept a disabled link worker', async () => {
    await setUserDisabled(x.t.deps, systemActor('test'), x.userId.kieran, true);
    const id = await refer('firth'); // Saville Park: Amira and Kieran cover it
    const board = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.find((r: { id: string }) => r.id === id);
    expect(board.suggestedLinkWorkers.map((s: { displayName: string }) => s.displayName)).toEqual(['Amira Hussain']);
    const res = await x.post(x.s.helen, `/api/v1/referrals/${id}/allocate`, { linkWorkerId: x.userId.kieran, version: 1 });
    expect(res.statusCode).toBe(400);
    await setUserDisabled(x.t.deps, systemActor('test'), x.userId.kieran, false);
  });

  it('someone else’s referral answers 404 — outside the lead’s PCN — exactly like one that does not exist', async () => {
    const ackroyd = person['Ackroyd'];
    if (ackroyd === undefined) throw new Error('no Ackroyd');
    const { id } = await makeReferral(x.t.deps, ackroyd);
    const missing = '01900000-0000-7000-8000-000000000000';
    for (const path of ['allocate', 'reject', 'redirect'] as const) {
      const body = path === 'allocate' ? { linkWorkerId: x.userId.jo, version: 1 } : { reason: 'other', version: 1 };
      const outside = await x.post(x.s.helen, `/api/v1/referrals/${id}/${path}`, body);
      const none = await x.post(x.s.helen, `/api/v1/referrals/${missing}/${path}`, body);
      expect(outside.statusCode, path).toBe(404);
      expect(outside.json()).toEqual(none.json());
    }
    const board = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.map((r: { id: string }) => r.id);
    expect(board).not.toContain(id);
    const denied = await x.t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', id)
      .execute();
    expect(denied.map((d) => JSON.parse(d.summary).attempted).sort()).toEqual(['referral.allocated', 'referral.redirected', 'referral.rejected']);
  });

  it('only leads triage: every other role is refused with 403, and the refusal is audited', async () => {
    const id = await refer('shah');
    for (const who of ['shah', 'sam', 'jo', 'provider', 'pcnLead', 'commissioner', 'admin', 'auditor'] as const) {
      expect((await x.get(x.s[who], '/api/v1/triage')).statusCode, who).toBe(403);
      expect((await x.post(x.s[who], `/api/v1/referrals/${id}/allocate`, { linkWorkerId: x.userId.jo, version: 1 })).statusCode, who).toBe(403);
      expect((await x.post(x.s[who], `/api/v1/referrals/${id}/reject`, { reason: 'other', version: 1 })).statusCode, who).toBe(403);
    }
    const denied = await x.t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', id)
      .execute();
    expect(denied).toHaveLength(16);
    // Commissioners, admins and auditors see no referral at all — not even their own list.
    for (const who of ['pcnLead', 'commissioner', 'admin', 'auditor', 'jo', 'helen', 'provider'] as const) {
      expect((await x.get(x.s[who], '/api/v1/my-referrals')).statusCode, who).toBe(403);
    }
  });

  it('triage and intake need a session (except the public form), and writes need the CSRF token', async () => {
    expect((await x.get(null, '/api/v1/triage')).statusCode).toBe(401);
    expect((await x.get(null, '/api/v1/my-referrals')).statusCode).toBe(401);
    expect((await x.post(null, '/api/v1/referrals', { personId: person['Hartley']?.id, needs: ['debt'], consentGiven: true })).statusCode).toBe(401);
    const noCsrf = await x.t.app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { cookie: x.s.shah.cookie },
      payload: { personId: person['Hartley']?.id, needs: ['debt'], consentGiven: true },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
  });

  it('never answers 5xx to garbage on any intake route', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const routes = [
      ['POST', '/api/v1/referrals'],
      ['GET', '/api/v1/triage'],
      ['POST', `/api/v1/referrals/${id}/allocate`],
      ['POST', `/api/v1/referrals/${id}/reject`],
      ['POST', `/api/v1/referrals/${id}/redirect`],
      ['GET', '/api/v1/my-referrals'],
      ['GET', `/api/v1/referrals/${id}/status`],
      ['GET', '/api/v1/referrals/abc/status'],
      ['GET', '/api/v1/public/practices'],
      ['POST', '/api/v1/public/self-referrals'],
      ['GET', `/api/v1/persons/${id}/details`],
      ['PATCH', `/api/v1/persons/${id}`],
      ['GET', `/api/v1/persons/${id}/duplicates`],
      ['POST', `/api/v1/persons/${id}/merge`],
      ['PATCH', '/api/v1/persons/%00'],
    ] as const;
    const bodies = [
      'null',
      '[]',
      '"x"',
      '{"needs":"loneliness","consentGiven":"yes"}',
      '{"person":{"nhsNumber":12},"needs":[null]}',
      '{"version":-1,"address":{"change":"moved"}}',
      '{"__proto__":{"x":1}}',
      '{'.repeat(2000),
    ];
    let n = 0;
    for (const session of [x.s.helen, x.s.shah, null]) {
      for (const [method, url] of routes) {
        for (const q of ['', '?limit=0', '?practiceId=nope', '?limit=x&limit=y']) {
          for (const body of method === 'GET' ? [undefined] : bodies) {
            const res = await x.t.app.inject({
              method,
              url: url + q,
              headers: { ...(session?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(body === undefined ? {} : { payload: body }),
              remoteAddress: `192.0.2.${(n++ % 250) + 1}`,
            });
            expect(res.statusCode, `${method} ${url}${q} ${body ?? ''}`).toBeLessThan(500);
          }
        }
      }
    }
  });
});
