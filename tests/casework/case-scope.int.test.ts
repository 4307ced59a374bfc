import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/services/kernel/ids.ts';
import { makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { sessionFor, type Session } from '../support/test-app.ts';
import { casework, phone, type Casework } from './case-support.ts';

/**
 * Who may see and change a case. Jo's case at Bankfield: Jo and the PCN lead see it (and Kieran,
 * who covers a practice of the same PCN, does not — Bankfield is not one of his); another link
 * worker or another PCN's lead gets 404 exactly as for a case that does not exist, audited; the
 * referring GP and the provider the person was referred to get 403 on every case endpoint — the
 * conversation and plan never reach them.
 */
describe.each(TEST_DIALECTS)('case scope on %s', (dialect) => {
  let w: Casework;
  let caseId: string;
  let otherLead: Session;
  let kieran: Session;
  const WORDS = 'I miss my sister terribly';
  const GOAL = 'Phone my sister every Sunday';

  beforeAll(async () => {
    w = await casework(dialect);
    const c = await w.newCase({ status: 'accepted' });
    caseId = c.id;
    expect((await w.put(w.s.jo, `/api/v1/cases/${caseId}/conversation`, { version: 0, needs: [{ code: 'loneliness', words: WORDS }] })).statusCode).toBe(200);
    expect((await w.post(w.s.jo, `/api/v1/cases/${caseId}/plan/versions`, { basedOnVersion: 0, goals: [{ text: GOAL }] })).statusCode).toBe(201);
    // The person has been referred to the demo provider's service, so the provider's own scope reaches this case.
    const vcse = await w.t.database.db
      .selectFrom('user_scope')
      .innerJoin('app_user', 'app_user.id', 'user_scope.user_id')
      .select('user_scope.organisation_id')
      .where('app_user.email', '=', 'provider@demo.linkwork.test')
      .executeTakeFirstOrThrow();
    const at = w.t.clock.now().toISOString();
    const serviceId = newId();
    await w.t.database.db
      .insertInto('service')
      .values({
        id: serviceId,
        organisation_id: vcse.organisation_id,
        name: 'Befriending',
        description: null,
        needs: '["loneliness"]',
        takes_referrals: 1,
        archived: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await w.t.database.db
      .insertInto('community_referral')
      .values({
        id: newId(),
        referral_id: caseId,
        service_id: serviceId,
        kind: 'refer',
        status: 'accepted',
        need: 'loneliness',
        reason_text: null,
        decline_reason: null,
        sent_at: at,
        responded_at: at,
        expires_at: null,
        created_by: w.user.jo,
        updated_at: at,
        version: 1,
      })
      .execute();
    const upperValley = await w.org('XDEMO3');
    const u = await makeUser(w.t.deps, 'lead', [upperValley]);
    otherLead = await sessionFor(w.t, u.email);
    kieran = await sessionFor(w.t, 'link_worker3@demo.linkwork.test');
  });
  afterAll(async () => w.t.close());

  const reads = (id: string) => [
    `/api/v1/cases/${id}`,
    `/api/v1/cases/${id}/plan`,
    `/api/v1/cases/${id}/plan?version=1`,
    `/api/v1/cases/${id}/discharge-message`,
  ];
  const writes = (id: string): [string, string, object][] => [
    ['POST', `/api/v1/cases/${id}/status`, { command: 'start', version: 1 }],
    ['POST', `/api/v1/cases/${id}/contacts`, phone(w.t, true)],
    ['PUT', `/api/v1/cases/${id}/conversation`, { version: 1, needs: [{ code: 'debt' }] }],
    ['POST', `/api/v1/cases/${id}/plan/versions`, { basedOnVersion: 1, goals: [{ text: 'x' }] }],
    ['POST', `/api/v1/cases/${id}/unmet-needs`, { need: 'transport', kind: 'no_service' }],
  ];
  const send = (who: Session, method: string, url: string, payload?: object) =>
    w.t.app.inject({ method: method as 'GET', url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });

  it('shows the case, conversation and plan to its link worker and the lead', async () => {
    for (const who of [w.s.jo, w.s.lead]) {
      const res = await w.get(who, `/api/v1/cases/${caseId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().conversation.needs[0].words).toBe(WORDS);
      expect(res.json().plan.current.goals[0].text).toBe(GOAL);
    }
  });

  it('answers 404 to a link worker or lead whose practices do not include the case, as if it did not exist, and audits it', async () => {
    const missing = newId();
    for (const who of [w.s.amira, kieran, otherLead]) {
      for (const url of reads(caseId)) {
        const res = await w.get(who, url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json()).toEqual((await w.get(who, url.replace(caseId, missing))).json());
      }
      for (const [method, url, payload] of writes(caseId)) expect((await send(who, method, url, payload)).statusCode, url).toBe(404);
    }
    const denials = await w.t.database.db
      .selectFrom('audit_event')
      .select(['summary', 'entity_id'])
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', caseId)
      .execute();
    expect(denials.length).toBe(3 * (reads(caseId).length + writes(caseId).length));
    expect(denials.every((d) => JSON.parse(d.summary).reason === 'not_found')).toBe(true);
    // Nothing was written by any of those attempts.
    const c = (await w.get(w.s.jo, `/api/v1/cases/${caseId}`)).json();
    expect(c).toMatchObject({
      status: 'accepted',
      version: 2,
      contacts: { successful: 0 },
      unmetNeeds: [],
      conversation: { version: 1 },
      plan: { versions: [{ version: 1 }] },
    });
  });

  it('gives the referring GP, the provider and every non-casework role a 403 on every case endpoint', async () => {
    for (const who of [w.s.gp, w.s.provider, w.s.commissioner, w.s.admin, w.s.auditor, w.s.pcnLead]) {
      for (const url of reads(caseId)) {
        const res = await w.get(who, url);
        expect(res.statusCode, url).toBe(403);
        expect(res.body).not.toContain(WORDS);
        expect(res.body).not.toContain(GOAL);
      }
      for (const [method, url, payload] of writes(caseId)) expect((await send(who, method, url, payload)).statusCode, url).toBe(403);
    }
  });

  it('keeps the conversation and plan out of every audit summary and every other role’s view', async () => {
    const all = (await w.t.database.db.selectFrom('audit_event').select('summary').execute()).map((e) => e.summary).join('\n');
    expect(all).not.toContain(WORDS);
    expect(all).not.toContain(GOAL);
    // Not even the need codes, on events about this case (a service's own needs may be audited elsewhere).
    const about = await w.t.database.db.selectFrom('audit_event').select('summary').where('entity_id', '=', caseId).execute();
    expect(about.length).toBeGreaterThan(0);
    expect(about.map((e) => e.summary).join('\n')).not.toContain('loneliness');
  });

  it('lets the lead act on the case too (case:update across the PCN)', async () => {
    const res = await w.post(w.s.lead, `/api/v1/cases/${caseId}/status`, { command: 'start', version: 2 });
    expect(res.json()).toMatchObject({ status: 'active', version: 3 });
  });

  it('keeps GP-record entries to the practice: a lead of another PCN exports none of them', async () => {
    await w.post(w.s.jo, `/api/v1/cases/${(await w.newCase()).id}/status`, { command: 'accept', version: 1 });
    expect((await w.get(w.s.gp, '/api/v1/gp-record-entries')).json().entries.length).toBeGreaterThan(0);
    expect((await w.get(otherLead, '/api/v1/gp-record-entries')).json().entries).toEqual([]);
    const bankfield = await w.org('X99001');
    expect((await w.get(otherLead, `/api/v1/gp-record-entries?practiceId=${bankfield.id}`)).statusCode).toBe(404);
    expect((await w.get(w.s.gp2, `/api/v1/gp-record-entries.csv?practiceId=${bankfield.id}`)).statusCode).toBe(404);
    expect((await w.get(w.s.gp, `/api/v1/gp-record-entries.csv?practiceId=${bankfield.id}`)).statusCode).toBe(200);
  });
});
