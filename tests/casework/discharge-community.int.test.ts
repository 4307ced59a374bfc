import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/services/kernel/ids.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, type Casework } from './case-support.ts';

/**
 * Discharge closes the loop with community services: a referral the provider has not answered yet
 * is cancelled (nobody would follow it up), while one already accepted stays, because the person
 * may carry on with the service after link work ends.
 */
describe.each(TEST_DIALECTS)('discharge and open community referrals on %s', (dialect) => {
  let w: Casework;
  const services: string[] = [];
  beforeAll(async () => {
    w = await casework(dialect);
    const vcse = await w.t.database.db.selectFrom('organisation').select('id').where('kind', '=', 'vcse').executeTakeFirstOrThrow();
    const at = w.t.clock.now().toISOString();
    for (const name of ['Discharge Test Choir', 'Discharge Test Debt Advice']) {
      const id = newId();
      services.push(id);
      await w.t.database.db
        .insertInto('service')
        .values({
          id,
          organisation_id: vcse.id,
          name,
          description: null,
          needs: '["loneliness"]',
          takes_referrals: 1,
          archived: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  });
  afterAll(async () => w.t.close());

  it('cancels the unanswered referral, keeps the accepted one, and says so in the audit and the timeline', async () => {
    const c = await w.newCase({ status: 'active' });
    const sent = await w.post(w.s.jo, `/api/v1/cases/${c.id}/community-referrals`, { serviceId: services[0], kind: 'refer', need: 'loneliness' });
    const accepted = await w.post(w.s.jo, `/api/v1/cases/${c.id}/community-referrals`, { serviceId: services[1], kind: 'refer', need: 'debt' });
    expect([sent.statusCode, accepted.statusCode]).toEqual([201, 201]);
    await w.t.database.db.updateTable('community_referral').set({ status: 'accepted', version: 2 }).where('id', '=', accepted.json().id).execute();

    const page = (await w.get(w.s.jo, `/api/v1/cases/${c.id}`)).json();
    const before = await w.lastSeq();
    const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, {
      command: 'discharge',
      version: page.version,
      reason: 'goals_met',
      sharingChoice: 'full',
      // No goal in this case's plan is achieved: "goals met" must be confirmed.
      confirmGoalsMet: true,
    });
    expect(res.statusCode, res.body).toBe(200);

    const rows = await w.t.database.db.selectFrom('community_referral').select(['id', 'status']).where('referral_id', '=', c.id).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [sent.json().id]: 'cancelled', [accepted.json().id]: 'accepted' });
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['case.status_changed']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({ command: 'discharge', cancelledCommunityReferrals: 1 });
    const timeline = await w.t.database.db.selectFrom('case_event').select('kind').where('referral_id', '=', c.id).execute();
    expect(timeline.map((e) => e.kind)).toContain('community_referral_cancelled');
  });

  it('a stale discharge changes nothing, including the referrals', async () => {
    const c = await w.newCase({ status: 'active' });
    const sent = await w.post(w.s.jo, `/api/v1/cases/${c.id}/community-referrals`, { serviceId: services[0], kind: 'refer', need: 'loneliness' });
    const page = (await w.get(w.s.jo, `/api/v1/cases/${c.id}`)).json();
    const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, {
      command: 'discharge',
      version: page.version - 1,
      reason: 'goals_met',
      sharingChoice: 'full',
    });
    expect(res.statusCode).toBe(409);
    const row = await w.t.database.db.selectFrom('community_referral').select('status').where('id', '=', sent.json().id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  });
});
