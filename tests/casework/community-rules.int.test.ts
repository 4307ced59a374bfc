import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExpiryTimer } from '../../src/services/community/expire-community-referrals.ts';
import { allowedProviderCommands, PROVIDER_COMMANDS, type CommunityReferralStatus } from '../../src/domain/community-referral.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { communityWorld, type CommunityWorld } from './community-support.ts';

const HOUR = 3_600_000;

/** Who may do what to which community referral, every refused move, stale writes, and the figures. */
describe.each(TEST_DIALECTS)('community referral rules on %s', (dialect) => {
  let w: CommunityWorld;

  beforeAll(async () => {
    w = await communityWorld(dialect);
  });
  afterAll(async () => w.t.close());

  describe('scope', () => {
    it("another organisation's provider gets 404 on someone else's referral and never sees it in their inbox", async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'singing');
      const before = await w.lastSeq();
      const res = await w.respond('provider2', r.id, 'accept', r.version);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      // The refusal itself is audited (house rule: out of scope answers not_found, recorded).
      expect((await w.auditSince(before)).map((e) => [e.action, e.outcome])).toEqual([['access.denied', 'denied']]);
      const inbox = await w.get('provider2', '/api/v1/inbox?state=all');
      expect(inbox.json().items.map((i: { id: string }) => i.id)).not.toContain(r.id);
      // A made-up id answers the same.
      expect((await w.respond('provider', '0190a000-0000-7000-8000-000000000000', 'accept', 1)).statusCode).toBe(404);
    });

    it('referrers, commissioners, link workers and admins cannot open the inbox (403), and the refusal is audited', async () => {
      for (const who of ['gp', 'commissioner', 'jo', 'admin'] as const) {
        const before = await w.lastSeq();
        const res = await w.get(who, '/api/v1/inbox');
        expect(res.statusCode, who).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
        expect((await w.auditSince(before)).map((e) => e.action)).toEqual(['access.denied']);
      }
    });

    it("a link worker who does not cover the practice gets 404 on the case's referrals; providers cannot list a case's referrals at all", async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'phone');
      expect((await w.get('amira', `/api/v1/cases/${c.caseId}/community-referrals`)).statusCode).toBe(404);
      expect((await w.post('amira', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: w.service.debt, kind: 'refer' })).statusCode).toBe(404);
      expect((await w.post('amira', `/api/v1/community-referrals/${r.id}/cancel`, { version: r.version })).statusCode).toBe(404);
      expect((await w.get('provider', `/api/v1/cases/${c.caseId}/community-referrals`)).statusCode).toBe(403);
      expect((await w.post('provider', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: w.service.debt, kind: 'refer' })).statusCode).toBe(403);
      // The lead covers the whole PCN; the read is audited once, against the person.
      const before = await w.lastSeq();
      expect((await w.get('lead', `/api/v1/cases/${c.caseId}/community-referrals`)).json().communityReferrals).toHaveLength(1);
      expect((await w.auditSince(before)).map((e) => [e.action, e.person_id, JSON.parse(e.summary)])).toEqual([
        ['case.viewed', c.personId, { part: 'community_referrals', count: 1 }],
      ]);
    });
  });

  describe('referring', () => {
    it('refuses referral to a signpost-only service, to a closed case, and a second open referral to the same service', async () => {
      const c = await w.newCase();
      const signpostOnly = await w.post('jo', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: w.service.walking, kind: 'refer' });
      expect(signpostOnly.statusCode).toBe(400);
      expect(signpostOnly.json().error.details.fields.kind).toMatch(/signpost/);
      const unknown = await w.post('jo', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: '0190a000-0000-7000-8000-000000000000', kind: 'refer' });
      expect(unknown.json().error).toMatchObject({ code: 'invalid_input', details: { fields: { serviceId: 'Choose a service from the list' } } });
      await w.refer(c.caseId, 'singing');
      const again = await w.post('jo', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: w.service.singing, kind: 'refer' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'conflict', details: { reason: 'open_referral_exists' } });

      for (const status of ['discharged', 'referred', 'declined']) {
        const closed = await w.newCase({ status });
        const res = await w.post('jo', `/api/v1/cases/${closed.caseId}/community-referrals`, { serviceId: w.service.singing, kind: 'signpost' });
        expect(res.statusCode, status).toBe(409);
        expect(res.json().error.code).toBe('invalid_transition');
      }
      const bad = await w.post('jo', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: w.service.singing, kind: 'refer', need: 'not_a_need' });
      expect(bad.statusCode).toBe(400);
    });

    it('lets the link worker cancel a sent or accepted referral, not a started one; the provider then sees no contact details', async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'singing');
      const before = await w.lastSeq();
      const cancel = await w.post('jo', `/api/v1/community-referrals/${r.id}/cancel`, { version: r.version });
      expect(cancel.statusCode, cancel.body).toBe(200);
      expect(cancel.json()).toMatchObject({ status: 'cancelled', version: 2, allowedCommands: [], fhirTask: { status: 'cancelled' } });
      const events = await w.auditSince(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'community_referral.cancelled', person_id: c.personId });
      expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ command: 'cancel', from: 'sent', to: 'cancelled' });
      const closed = (await w.get('provider', '/api/v1/inbox?state=closed')).json().items.find((i: { id: string }) => i.id === r.id);
      expect(closed).toMatchObject({ status: 'cancelled', person: { phone: null, email: null } });
      expect((await w.post('jo', `/api/v1/community-referrals/${r.id}/cancel`, { version: 2 })).json().error.code).toBe('invalid_transition');

      const r2 = await w.refer(c.caseId, 'singing');
      expect((await w.respond('provider', r2.id, 'accept', 1)).statusCode).toBe(200);
      expect((await w.post('lead', `/api/v1/community-referrals/${r2.id}/cancel`, { version: 2 })).json()).toMatchObject({ status: 'cancelled' });

      const r3 = await w.refer(c.caseId, 'singing');
      await w.respond('provider', r3.id, 'accept', 1);
      await w.respond('provider', r3.id, 'start', 2);
      const late = await w.post('jo', `/api/v1/community-referrals/${r3.id}/cancel`, { version: 3 });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('invalid_transition');
    });
  });

  describe("the provider's replies", () => {
    it('refuses every move the closed loop does not allow, from every status (walking the table), changing nothing', async () => {
      const c = await w.newCase();
      // A path through every status a provider can act on, and the ends it can reach.
      const route: [string, CommunityReferralStatus][] = [
        ['', 'sent'],
        ['accept', 'accepted'],
        ['start', 'started'],
        ['mark_did_not_attend', 'did_not_attend'],
        ['start', 'started'],
        ['mark_attended', 'attended'],
        ['complete', 'completed'],
      ];
      const r = await w.refer(c.caseId, 'phone');
      let version = r.version;
      let checked = 0;
      const refuseAllBut = async (id: string, status: CommunityReferralStatus, v: number) => {
        for (const command of PROVIDER_COMMANDS) {
          if (allowedProviderCommands(status).includes(command)) continue;
          const res = await w.respond('provider', id, command, v, command === 'decline' ? 'other' : undefined);
          expect(res.statusCode, `${status} --${command}-->`).toBe(409);
          expect(res.json().error).toMatchObject({ code: 'invalid_transition', details: { status, command } });
          checked += 1;
        }
        const row = await w.t.database.db.selectFrom('community_referral').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
        expect({ status: row.status, version: Number(row.version) }).toEqual({ status, version: v });
      };
      for (const [command, status] of route) {
        if (command !== '') {
          const res = await w.respond('provider', r.id, command, version);
          expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
          version += 1;
        }
        await refuseAllBut(r.id, status, version);
      }
      // The other ends: declined, cancelled (and no_response in the story test).
      const d = await w.refer(c.caseId, 'singing');
      await w.respond('provider', d.id, 'decline', 1, 'ineligible');
      await refuseAllBut(d.id, 'declined', 2);
      const x = await w.refer(c.caseId, 'singing');
      await w.post('jo', `/api/v1/community-referrals/${x.id}/cancel`, { version: 1 });
      await refuseAllBut(x.id, 'cancelled', 2);
      expect(checked).toBe(4 + 5 + 4 + 5 + 4 + 5 + 6 + 6 + 6);
    });

    it('answers 409 conflict to a stale version and leaves the newer change in place', async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'singing');
      expect((await w.respond('provider', r.id, 'accept', 1)).statusCode).toBe(200);
      const before = await w.lastSeq();
      const stale = await w.respond('provider', r.id, 'decline', 1, 'full');
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } });
      expect(await w.auditSince(before)).toEqual([]);
      const row = await w.t.database.db.selectFrom('community_referral').select(['status', 'decline_reason']).where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'accepted', decline_reason: null });
      // A stale cancel from the link worker too.
      expect((await w.post('jo', `/api/v1/community-referrals/${r.id}/cancel`, { version: 1 })).json().error.code).toBe('conflict');
    });

    it('validates the reply at the edge: a reason only with a decline, a known command', async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'singing');
      expect((await w.respond('provider', r.id, 'accept', 1, 'full')).statusCode).toBe(400);
      expect((await w.respond('provider', r.id, 'decline', 1, 'too_busy')).statusCode).toBe(400);
      expect((await w.respond('provider', r.id, 'expire', 1)).statusCode).toBe(400);
      expect((await w.respond('provider', r.id, 'cancel', 1)).statusCode).toBe(400);
    });
  });

  describe('services', () => {
    it('providers add services for their own organisation only; leads and admins for any VCSE; never for a practice', async () => {
      const body = (organisationId: string, name: string) => ({
        organisationId,
        name,
        needs: ['loneliness'],
        takesReferrals: true,
        description: 'Coffee and chat',
      });
      const before = await w.lastSeq();
      const own = await w.post('provider', '/api/v1/services', body(w.orgs.befriending, 'Coffee morning'));
      expect(own.statusCode, own.body).toBe(201);
      const created = await w.auditSince(before);
      expect(created.map((e) => [e.action, e.entity_id, JSON.parse(e.summary)])).toEqual([
        ['service.created', own.json().id, { organisationId: w.orgs.befriending, needs: ['loneliness'], takesReferrals: true }],
      ]);
      expect(own.json()).toMatchObject({
        name: 'Coffee morning',
        organisationName: 'Calder Befriending Network (demo)',
        needs: ['loneliness'],
        takesReferrals: true,
      });
      const other = await w.post('provider', '/api/v1/services', body(w.orgs.moneyAdvice, 'Not mine'));
      expect(other.json().error).toMatchObject({ code: 'invalid_input', details: { fields: { organisationId: 'Choose your own organisation' } } });
      expect((await w.post('lead', '/api/v1/services', body(w.orgs.moneyAdvice, 'Energy advice'))).statusCode).toBe(201);
      expect((await w.post('admin', '/api/v1/services', body(w.orgs.moneyAdvice, 'Form filling'))).statusCode).toBe(201);
      const practice = (await w.t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
      expect((await w.post('lead', '/api/v1/services', body(practice, 'At the surgery'))).statusCode).toBe(400);
      expect((await w.post('jo', '/api/v1/services', body(w.orgs.befriending, 'Nope'))).statusCode).toBe(403);
      expect((await w.post('provider', '/api/v1/services', { ...body(w.orgs.befriending, 'No needs'), needs: [] })).statusCode).toBe(400);
    });

    it("computes a service's figures exactly: acceptance rate over answered referrals, median response time, a count per status", async () => {
      const svc = (
        await w.post('provider2', '/api/v1/services', {
          organisationId: w.orgs.moneyAdvice,
          name: 'Figures test service',
          needs: ['debt'],
          takesReferrals: true,
        })
      ).json<{ id: string }>().id;
      const referTo = async () => {
        const c = await w.newCase();
        const res = await w.post('jo', `/api/v1/cases/${c.caseId}/community-referrals`, { serviceId: svc, kind: 'refer' });
        return { caseId: c.caseId, id: res.json<{ id: string }>().id };
      };
      // Seven referrals sent at the same moment, answered after 1, 2, 5, 8 and 30 hours, or never.
      const [r1, r2, r3, r4, r5, r7] = [await referTo(), await referTo(), await referTo(), await referTo(), await referTo(), await referTo()];
      const signposted = await w.newCase();
      await w.post('jo', `/api/v1/cases/${signposted.caseId}/community-referrals`, { serviceId: svc, kind: 'signpost' });
      const at = async (hours: number, id: string, command: string, reason?: string) => {
        w.t.clock.advance(hours * HOUR);
        const res = await w.respond('provider2', id, command, 1, reason);
        expect(res.statusCode, res.body).toBe(200);
      };
      await at(1, r4.id, 'decline', 'ineligible'); // +1 h
      await at(1, r1.id, 'accept'); // +2 h
      await at(3, r2.id, 'decline', 'full'); // +5 h
      await at(3, r7.id, 'accept'); // +8 h
      await at(22, r3.id, 'accept'); // +30 h
      expect((await w.respond('provider2', r3.id, 'start', 2)).statusCode).toBe(200);
      expect((await w.post('jo', `/api/v1/community-referrals/${r7.id}/cancel`, { version: 2 })).statusCode).toBe(200);
      void r5; // left unanswered

      // By hand: answered = r1, r2, r3, r4, r7 (5); accepted or later = r1, r3, r7 (3) → 3/5 = 0.6.
      // Response times 1, 2, 5, 8, 30 h → median 5 h. r5 (still sent) and the signpost are not answers.
      const before = await w.lastSeq();
      for (const who of ['provider2', 'jo', 'gp'] as const) {
        const res = await w.get(who, `/api/v1/services/${svc}/stats`);
        expect(res.statusCode, who).toBe(200);
        expect(res.json()).toEqual({
          serviceId: svc,
          received: 6,
          answered: 5,
          acceptedOrLater: 3,
          acceptanceRate: 0.6,
          medianResponseHours: 5,
          byStatus: { sent: 1, accepted: 1, declined: 2, no_response: 0, started: 1, attended: 0, did_not_attend: 0, completed: 0, cancelled: 1 },
          signposted: 1,
        });
      }
      expect(await w.auditSince(before)).toEqual([]);
      expect((await w.get('commissioner', `/api/v1/services/${svc}/stats`)).statusCode).toBe(403);
      expect((await w.get('jo', '/api/v1/services/0190a000-0000-7000-8000-000000000000/stats')).statusCode).toBe(404);

      // An even count: one more answer after 12 h → times 1, 2, 5, 8, 12, 30 → median (5 + 8) / 2 = 6.5.
      w.t.clock.set(new Date(Date.parse('2026-11-21T09:00:00.000Z') + 12 * HOUR));
      const sentAt = await w.t.database.db.selectFrom('community_referral').select('sent_at').where('id', '=', r5.id).executeTakeFirstOrThrow();
      expect(sentAt.sent_at).toBe('2026-11-21T09:00:00.000Z');
      await w.respond('provider2', r5.id, 'accept', 1);
      expect((await w.get('jo', `/api/v1/services/${svc}/stats`)).json()).toMatchObject({
        answered: 6,
        acceptedOrLater: 4,
        acceptanceRate: 4 / 6,
        medianResponseHours: 6.5,
      });
    });
  });

  describe('the expiry timer (what the server runs every hour)', () => {
    it('runs the job at once and then on its interval, and stops when told', async () => {
      const c = await w.newCase();
      const r = await w.refer(c.caseId, 'phone');
      w.t.clock.advance(15 * 24 * HOUR);
      const errors: unknown[] = [];
      const stop = startExpiryTimer(w.t.deps, 20, (e) => errors.push(e));
      const statusOf = async () =>
        (await w.t.database.db.selectFrom('community_referral').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status;
      try {
        for (let i = 0; i < 100 && (await statusOf()) !== 'no_response'; i++) await new Promise((ok) => setTimeout(ok, 20));
        expect(await statusOf()).toBe('no_response');
        // A later referral, overdue too, is picked up by a later tick.
        const r2 = await w.refer(c.caseId, 'phone');
        w.t.clock.advance(15 * 24 * HOUR);
        for (let i = 0; i < 100; i++) {
          const row = await w.t.database.db.selectFrom('community_referral').select('status').where('id', '=', r2.id).executeTakeFirstOrThrow();
          if (row.status === 'no_response') break;
          await new Promise((ok) => setTimeout(ok, 20));
        }
        const row2 = await w.t.database.db.selectFrom('community_referral').select('status').where('id', '=', r2.id).executeTakeFirstOrThrow();
        expect(row2.status).toBe('no_response');
      } finally {
        stop();
      }
      expect(errors).toEqual([]);
      const audits = await w.t.database.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'community_referral.expired').execute();
      expect(audits.map((a) => a.entity_id).filter((id) => id === r.id)).toHaveLength(1);
    });
  });
});
