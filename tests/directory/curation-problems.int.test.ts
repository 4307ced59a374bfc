import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { curationWorld, type CurationWorld } from './curation-support.ts';

/**
 * Jo, a link worker, rings the singing group's number and it is wrong: she reports it in one click
 * with a note. The owner (Calder Befriending Network's provider) sees it in their queue and on the
 * listing, fixes the number and resolves it; the other VCSE's provider never sees it; leads see all.
 */
describe.each(TEST_DIALECTS)('directory curation, reported problems, on %s', (dialect) => {
  let w: CurationWorld;
  let problemId = '';
  beforeAll(async () => {
    w = await curationWorld(dialect);
  });
  afterAll(async () => w.t.close());

  const url = () => `/api/v1/services/${w.service.singing}`;

  it('Jo reports a wrong phone number in one click: queued, audited with coded values only', async () => {
    const before = await w.lastSeq();
    const res = await w.send('jo', 'POST', `${url()}/problems`, { kind: 'wrong_contact', note: 'Number rings out; the new one is 01632 960 222' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      serviceId: w.service.singing,
      serviceName: 'Tuesday Singing for Wellbeing',
      kind: 'wrong_contact',
      note: 'Number rings out; the new one is 01632 960 222',
      status: 'open',
      reportedBy: 'Jo Barker',
      resolvedAt: null,
    });
    problemId = res.json().id;
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['service.problem_reported']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toEqual({ problemId, kind: 'wrong_contact', organisationId: expect.any(String) });
    expect(events[0]?.summary).not.toContain('01632');
    // The owning organisation's provider is e-mailed (the other VCSE's is not); the record names no one.
    const mail = await w.t.database.db
      .selectFrom('outbound_message')
      .select(['channel', 'recipient', 'template', 'referral_id'])
      .where('template', '=', 'service_problem_reported')
      .execute();
    expect(mail).toEqual([{ channel: 'email', recipient: 'provider@demo.linkwork.test', template: 'service_problem_reported', referral_id: null }]);
  });

  it('only link workers and leads report; a kind must be chosen', async () => {
    expect((await w.send('gp', 'POST', `${url()}/problems`, { kind: 'closed' })).statusCode).toBe(403);
    expect((await w.send('provider', 'POST', `${url()}/problems`, { kind: 'closed' })).statusCode).toBe(403);
    const noKind = await w.send('jo', 'POST', `${url()}/problems`, { note: 'something' });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.details.fields).toHaveProperty('kind');
    expect((await w.send('jo', 'POST', `${url()}/problems`, { kind: 'on_fire' })).statusCode).toBe(400);
    expect((await w.send('jo', 'POST', '/api/v1/services/00000000-0000-7000-8000-000000000000/problems', { kind: 'closed' })).statusCode).toBe(404);
  });

  it("the owner sees it in their queue and on the listing; the other organisation's provider does not; leads see all", async () => {
    const own = await w.get('provider', '/api/v1/service-problems');
    expect(own.statusCode).toBe(200);
    expect(own.json().problems).toMatchObject([{ id: problemId, kind: 'wrong_contact', status: 'open' }]);
    expect((await w.get('provider2', '/api/v1/service-problems')).json().problems).toEqual([]);
    expect((await w.get('lead', '/api/v1/service-problems')).json().problems.map((p: { id: string }) => p.id)).toEqual([problemId]);
    expect((await w.get('jo', '/api/v1/service-problems')).statusCode).toBe(403);
    expect((await w.get('provider', url())).json()).toMatchObject({ openProblems: 1 });
    expect((await w.get('jo', '/api/v1/directory/services?q=singing')).json().services[0]).toMatchObject({ openProblems: 1 });
  });

  it('the owner fixes the number and resolves it; another provider cannot (404); resolving twice is refused', async () => {
    expect((await w.send('provider2', 'POST', `/api/v1/service-problems/${problemId}/resolve`)).statusCode).toBe(404);
    const fixed = await w.send('provider', 'PATCH', url(), { expectedVersion: 1, phone: '01632 960 222' });
    expect(fixed.json().service.phones).toEqual([{ number: '01632 960 222', description: null }]);
    const before = await w.lastSeq();
    const res = await w.send('provider', 'POST', `/api/v1/service-problems/${problemId}/resolve`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', resolvedBy: expect.any(String), resolvedAt: w.t.clock.now().toISOString() });
    expect((await w.auditSince(before)).map((e) => e.action)).toEqual(['service.problem_resolved']);
    expect((await w.send('provider', 'POST', `/api/v1/service-problems/${problemId}/resolve`)).json().error.code).toBe('invalid_transition');
    expect((await w.get('provider', '/api/v1/service-problems')).json().problems).toEqual([]);
    expect((await w.get('provider', '/api/v1/service-problems?status=resolved')).json().problems).toMatchObject([{ id: problemId }]);
    expect((await w.get('provider', url())).json()).toMatchObject({ openProblems: 0 });
  });
});
