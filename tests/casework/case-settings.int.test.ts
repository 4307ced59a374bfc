import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/services/kernel/ids.ts';
import { expireCommunityReferrals } from '../../src/services/community/expire-community-referrals.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, phone, type Casework } from './case-support.ts';

/**
 * A deployment that sets its own casework rules: "unable to contact" after 2 failed attempts
 * (LINKWORK_UNABLE_TO_CONTACT_AFTER) and community referrals that expire after 7 days
 * (LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS). Every place that applies the rules follows them.
 */
describe.each(TEST_DIALECTS)('casework settings on %s', (dialect) => {
  let w: Casework;
  let serviceId: string;
  beforeAll(async () => {
    w = await casework(dialect, { LINKWORK_UNABLE_TO_CONTACT_AFTER: '2', LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS: '7' });
    const vcse = await w.t.database.db.selectFrom('organisation').select('id').where('kind', '=', 'vcse').executeTakeFirstOrThrow();
    const at = w.t.clock.now().toISOString();
    serviceId = newId();
    await w.t.database.db
      .insertInto('service')
      .values({
        id: serviceId,
        organisation_id: vcse.id,
        name: 'Settings Test Befriending',
        description: null,
        needs: '["loneliness"]',
        takes_referrals: 1,
        archived: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
  });
  afterAll(async () => w.t.close());

  it('suggests "unable to contact" after the configured 2 failed attempts, on the contact, the case, the caseload and Today', async () => {
    const c = await w.newCase();
    const first = await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, phone(w.t, false));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().suggestedDischarge).toBeNull();
    const second = await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, phone(w.t, false));
    expect(second.json().suggestedDischarge).toBe('unable_to_contact');
    expect((await w.get(w.s.jo, `/api/v1/cases/${c.id}`)).json().suggestedDischarge).toBe('unable_to_contact');
    const caseload = (await w.get(w.s.jo, '/api/v1/cases')).json();
    expect(caseload.cases.find((x: { id: string }) => x.id === c.id).suggestedDischarge).toBe('unable_to_contact');
    const today = (await w.get(w.s.jo, '/api/v1/today')).json();
    expect(today.suggestedDischarges.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('gives a community referral 7 days, lists it as unanswered on Today after 7 days and expires it then', async () => {
    const c = await w.newCase({ status: 'active' });
    const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/community-referrals`, { serviceId, kind: 'refer', need: 'loneliness' });
    expect(res.statusCode, res.body).toBe(201);
    const sentAt = w.t.clock.now().getTime();
    expect(res.json().expiresAt).toBe(new Date(sentAt + 7 * DAY).toISOString());

    const listed = async () =>
      (await w.get(w.s.jo, '/api/v1/today'))
        .json()
        .unansweredCommunityReferrals.filter((u: { communityReferralId: string }) => u.communityReferralId === res.json().id);
    w.t.clock.advance(7 * DAY - 60_000);
    expect(await listed()).toEqual([]);
    expect(await expireCommunityReferrals(w.t.deps)).toEqual({ expired: 0 });
    w.t.clock.advance(60_000);
    expect(await expireCommunityReferrals(w.t.deps)).toEqual({ expired: 1 });
    const row = await w.t.database.db.selectFrom('community_referral').select('status').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.status).toBe('no_response');
    // Expired: Today keeps it in view, marked "no response", for as many days again, then lets it go.
    w.t.clock.advance(DAY);
    expect(await listed()).toMatchObject([{ status: 'no_response', daysWaiting: 8, serviceName: 'Settings Test Befriending' }]);
    expect((await w.get(w.s.jo, '/api/v1/today')).json().unansweredAfterDays).toBe(7);
    w.t.clock.advance(7 * DAY);
    expect(await listed()).toEqual([]);
  });
});
