import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';
import { createNotification } from '../../src/services/kernel/notifications.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, phone, type Casework } from './case-support.ts';

/**
 * Jo's Today as the weeks pass (the injected clock moves): a new allocation waits for first
 * contact; a review date comes due and then goes overdue; a community referral goes unanswered
 * past 14 days; a case falls silent past 21 days; three failed attempts suggest discharge.
 */
describe.each(TEST_DIALECTS)("a link worker's Today on %s", (dialect) => {
  let w: Casework;
  let fresh: { id: string };
  let review: { id: string };
  let quiet: { id: string };
  let paused: { id: string };
  let unreachable: { id: string };
  let amirasCase: { id: string };
  let crId: string;

  type Item = { id: string };
  const ids = (items: Item[]) => items.map((c) => c.id);

  beforeAll(async () => {
    w = await casework(dialect);
    fresh = await w.newCase();
    review = await w.newCase({ status: 'active' });
    quiet = await w.newCase({ status: 'active' });
    paused = await w.newCase({ status: 'on_hold' });
    unreachable = await w.newCase();
    amirasCase = await w.newCase({ ods: 'X99003', linkWorker: 'amira', referrer: 'gp2' });
    // Review on Tuesday 24 November (today is Saturday 21st).
    const plan = await w.post(w.s.jo, `/api/v1/cases/${review.id}/plan/versions`, {
      basedOnVersion: 0,
      reviewOn: '2026-11-24',
      goals: [{ text: 'Walk to the park' }],
    });
    expect(plan.statusCode).toBe(201);
    for (const c of [review, quiet, paused]) expect((await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, phone(w.t, true))).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) await w.post(w.s.jo, `/api/v1/cases/${unreachable.id}/contacts`, phone(w.t, false));
    // A referral to a community service that nobody answers (written as the community use cases would).
    const vcse = await w.t.database.db.selectFrom('organisation').select('id').where('kind', '=', 'vcse').executeTakeFirstOrThrow();
    const at = w.t.clock.now().toISOString();
    const serviceId = newId();
    await w.t.database.db
      .insertInto('service')
      .values({
        id: serviceId,
        organisation_id: vcse.id,
        name: 'Tuesday Walking Group',
        description: null,
        needs: '["physical_activity"]',
        takes_referrals: 1,
        archived: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    crId = newId();
    await w.t.database.db
      .insertInto('community_referral')
      .values({
        id: crId,
        referral_id: review.id,
        service_id: serviceId,
        kind: 'refer',
        status: 'sent',
        need: 'physical_activity',
        reason_text: null,
        decline_reason: null,
        sent_at: at,
        responded_at: null,
        expires_at: null,
        created_by: w.user.jo,
        updated_at: at,
        version: 1,
      })
      .execute();
  });
  afterAll(async () => w.t.close());

  const today = async (who = w.s.jo, q = '') => {
    const res = await w.get(who, `/api/v1/today${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('on day one: the new allocation, the review due this week, the case suggesting "unable to contact"', async () => {
    const t = await today();
    expect(t.date).toBe('2026-11-21');
    expect(t.linkWorkerId).toBe(w.user.jo);
    expect(ids(t.newAllocations)).toEqual([fresh.id]);
    expect(ids(t.reviewsDue)).toEqual([review.id]);
    expect(t.reviewsDue[0]).toMatchObject({ nextReviewOn: '2026-11-24', status: 'active', successfulContacts: 1 });
    expect(t.overdueFollowUps).toEqual([]);
    expect(t.noRecentContact).toEqual([]);
    expect(t.unansweredCommunityReferrals).toEqual([]);
    expect(ids(t.suggestedDischarges)).toEqual([unreachable.id]);
    // Another link worker's case never appears on Jo's Today.
    expect(JSON.stringify(t)).not.toContain(amirasCase.id);
  });

  it('the day after the review date: overdue', async () => {
    w.t.clock.advance(4 * DAY);
    const t = await today();
    expect(t.date).toBe('2026-11-25');
    expect(ids(t.overdueFollowUps)).toEqual([review.id]);
    expect(t.reviewsDue).toEqual([]);
  });

  it('after 14 days the unanswered community referral; contact drops the new allocation off the list', async () => {
    expect((await w.post(w.s.jo, `/api/v1/cases/${fresh.id}/contacts`, phone(w.t, true))).statusCode).toBe(201);
    w.t.clock.advance(10 * DAY + 60_000); // 14 days and a minute after it was sent
    const t = await today();
    expect(t.newAllocations).toEqual([]);
    expect(t.unansweredCommunityReferrals).toEqual([
      expect.objectContaining({
        communityReferralId: crId,
        serviceName: 'Tuesday Walking Group',
        daysWaiting: 14,
        case: expect.objectContaining({ id: review.id }),
      }),
    ]);
    expect(t.noRecentContact).toEqual([]);
  });

  it('after 21 days without contact: the silent cases, but not the one on hold', async () => {
    w.t.clock.advance(8 * DAY);
    const t = await today();
    expect(ids(t.noRecentContact).sort()).toEqual([review.id, quiet.id, unreachable.id].sort());
    expect(ids(t.noRecentContact)).not.toContain(paused.id);
    expect(ids(t.noRecentContact)).not.toContain(fresh.id); // contacted a week into the story
    // An answered referral leaves the list.
    await w.t.database.db
      .updateTable('community_referral')
      .set({ status: 'accepted', responded_at: w.t.clock.now().toISOString() })
      .where('id', '=', crId)
      .execute();
    expect((await today()).unansweredCommunityReferrals).toEqual([]);
  });

  it('counts unread notifications, and audits the view once with counts only', async () => {
    await createNotification(w.t.database.db, w.t.clock, systemActor('test'), w.user.jo, 'community_referral_declined', review.id);
    await createNotification(w.t.database.db, w.t.clock, systemActor('test'), w.user.jo, 'case_allocated', fresh.id);
    const before = await w.lastSeq();
    const t = await today();
    expect(t.unreadNotifications).toBe(2);
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['case.today_viewed']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({ overdue: 1, noRecentContact: 3, linkWorkerId: w.user.jo });
  });

  it("lets the lead see a link worker's Today, and stops a link worker seeing another's", async () => {
    const t = await today(w.s.lead, `?linkWorkerId=${w.user.amira}`);
    expect(ids(t.newAllocations)).toEqual([amirasCase.id]);
    const res = await w.get(w.s.jo, `/api/v1/today?linkWorkerId=${w.user.amira}`);
    expect(res.statusCode).toBe(403);
    expect((await w.get(w.s.provider, '/api/v1/today')).statusCode).toBe(403);
    expect((await w.get(w.s.gp, '/api/v1/today')).statusCode).toBe(403);
  });
});
