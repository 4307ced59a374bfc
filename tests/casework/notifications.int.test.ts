import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { createNotification } from '../../src/services/kernel/notifications.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeReferral } from '../support/factories.ts';
import { communityWorld, type CommunityWorld, type Who } from './community-support.ts';

interface NotificationItem {
  id: string;
  kind: string;
  referralId: string | null;
  case: { reference: string; person: { givenName: string; familyName: string } | null } | null;
}

/**
 * Issue 14: a person's own actions do not notify themselves, and each notification says whose
 * case it concerns — the person's name where the reader may see the case, else only its reference.
 */
describe.each(TEST_DIALECTS)('notifications on %s', (dialect) => {
  let w: CommunityWorld;

  beforeAll(async () => {
    w = await communityWorld(dialect);
  });
  afterAll(async () => w.t.close());

  const notes = async (who: Who): Promise<NotificationItem[]> => {
    const res = await w.get(who, '/api/v1/notifications?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().notifications as NotificationItem[];
  };
  const kindsFor = async (userId: string, referralId: string) =>
    (await w.t.database.db.selectFrom('notification').select('kind').where('user_id', '=', userId).where('referral_id', '=', referralId).execute()).map(
      (n) => n.kind,
    );
  const personAt = async (ods: string) => {
    const practiceId = (await w.t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', ods).executeTakeFirstOrThrow()).id;
    const p = await w.t.database.db.selectFrom('person').select('id').where('practice_id', '=', practiceId).executeTakeFirstOrThrow();
    return { id: p.id, practiceId };
  };

  it('Jo, who referred the person herself, is not told that she accepted the case; the GP who referred another is', async () => {
    const { personId } = await w.newCase();
    const practiceId = (await w.t.database.db.selectFrom('person').select('practice_id').where('id', '=', personId).executeTakeFirstOrThrow()).practice_id;
    const own = await makeReferral(w.t.deps, { id: personId, practiceId }, { status: 'allocated', linkWorkerId: w.user.jo, referrerUserId: w.user.jo });
    const gps = await makeReferral(w.t.deps, { id: personId, practiceId }, { status: 'allocated', linkWorkerId: w.user.jo, referrerUserId: w.user.gp });
    for (const id of [own.id, gps.id]) {
      const res = await w.post('jo', `/api/v1/cases/${id}/status`, { command: 'accept', version: 1 });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await kindsFor(w.user.jo, own.id)).toEqual([]);
    expect(await kindsFor(w.user.gp, gps.id)).toEqual(['referral_status_changed']);
  });

  it('a lead who referred someone and allocates the referral herself is not told of it; the link worker is', async () => {
    const person = await personAt('X99001');
    const { id } = await makeReferral(w.t.deps, person, { status: 'referred', linkWorkerId: null, referrerUserId: w.user.lead });
    const res = await w.post('lead', `/api/v1/referrals/${id}/allocate`, { linkWorkerId: w.user.jo, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(await kindsFor(w.user.lead, id)).toEqual([]);
    expect(await kindsFor(w.user.jo, id)).toEqual(['case_allocated']);
  });

  it('says whose case: the name and reference to those who may see the case, only the reference to those who may not', async () => {
    // A case allocated to Jo, referred on to the befriending network.
    const edith = await w.newCase({ givenName: 'Edith', familyName: 'Greenwood' });
    await w.refer(edith.caseId, 'singing');
    const reference = (await w.t.database.db.selectFrom('referral').select('reference').where('id', '=', edith.caseId).executeTakeFirstOrThrow()).reference;
    // The provider hears of it, with her name (she is in their inbox).
    const received = (await notes('provider')).find((n) => n.referralId === edith.caseId);
    expect(received).toMatchObject({ kind: 'community_referral_received', case: { reference, person: { givenName: 'Edith', familyName: 'Greenwood' } } });
    // Jo is told about her own case with the name.
    await createNotification(w.t.database.db, w.t.clock, systemActor('test'), w.user.jo, 'outcome_self_completed', edith.caseId);
    const mine = (await notes('jo')).find((n) => n.referralId === edith.caseId);
    expect(mine?.case).toEqual({ reference, person: { givenName: 'Edith', familyName: 'Greenwood' } });
    // A case at a practice Jo does not cover (Saville Park): the reference, never the name.
    const elsewhere = await w.newCase({ ods: 'X99003', givenName: 'Harold', familyName: 'Outside' });
    await createNotification(w.t.database.db, w.t.clock, systemActor('test'), w.user.jo, 'case_reassigned_away', elsewhere.caseId);
    const before = await w.lastSeq();
    const res = await w.get('jo', '/api/v1/notifications?limit=200');
    const away = (res.json().notifications as NotificationItem[]).find((n) => n.referralId === elsewhere.caseId);
    expect(away?.case).toMatchObject({ reference: expect.any(String), person: null });
    expect(res.body).not.toContain('Outside');
    // The listing records who it named (Edith), not who it did not (Harold).
    const [event] = await w.auditSince(before);
    expect(event?.action).toBe('notification.listed');
    const shown = await w.t.database.db
      .selectFrom('audit_event_person')
      .select('person_id')
      .where('event_seq', '=', event?.seq ?? 0)
      .execute();
    expect(shown.map((s) => s.person_id)).toContain(edith.personId);
    expect(shown.map((s) => s.person_id)).not.toContain(elsewhere.personId);
  });
});
