import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrganisation } from '../../src/db/repositories/organisations/organisations.ts';
import { insertGpRecordEntry } from '../../src/db/repositories/cases/gp-record-entries.ts';
import { appendAudit } from '../../src/services/kernel/audit-append.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { newId, sha256 } from '../../src/services/kernel/ids.ts';
import { communityWorld, type CommunityWorld } from '../casework/community-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makePerson, makeReferral } from '../support/factories.ts';
import { sessionFor, type Session } from '../support/test-app.ts';

interface TrailEvent {
  seq: number;
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  personId: string | null;
  summary: Record<string, unknown>;
}

/**
 * "Who has seen this person" (issue 14): lists, searches (by NHS number too), the provider inbox
 * and exports record which people they showed, and the audit trail filtered by a person finds
 * those appearances beside reads of the record itself.
 */
describe.each(TEST_DIALECTS)('who has seen this person, on %s', (dialect) => {
  let w: CommunityWorld;
  let auditor: Session;

  beforeAll(async () => {
    w = await communityWorld(dialect);
    auditor = await sessionFor(w.t, 'auditor@demo.linkwork.test');
  });
  afterAll(async () => w.t.close());

  /** The person's trail as an auditor reads it: GET /api/v1/audit-events?personId=… */
  const trailOf = async (personId: string): Promise<TrailEvent[]> => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/v1/audit-events?personId=${personId}&limit=200`, headers: auditor.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().events as TrailEvent[];
  };
  const since = (events: TrailEvent[], seq: number) => events.filter((e) => e.seq > seq);

  it('a person on Jo’s caseload list is in their trail as “case.listed by Jo Barker”; someone else is not', async () => {
    const winifred = await w.newCase();
    const before = await w.lastSeq();
    const res = await w.get('jo', '/api/v1/cases?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cases.map((c: { person: { id: string } }) => c.person.id)).toContain(winifred.personId);
    const listed = since(await trailOf(winifred.personId), before).filter((e) => e.action === 'case.listed');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ actorName: 'Jo Barker', personId: null });
    const summary = listed[0]?.summary ?? {};
    expect(summary.shownPeople).toBe(res.json().cases.length);
    expect(summary).not.toHaveProperty('personIds');
    // Amira's practices are not Jo's: a Saville Park person Jo's list never showed is not in it.
    const elsewhere = await w.newCase({ ods: 'X99003' });
    expect(since(await trailOf(elsewhere.personId), before).map((e) => e.action)).not.toContain('case.listed');
  });

  it('a search by NHS number records the one person it found, and not the people it did not', async () => {
    const found = await w.newCase();
    const other = await w.newCase();
    const before = await w.lastSeq();
    const res = await w.get('jo', `/api/v1/cases?q=${found.nhsNumber}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cases.map((c: { person: { id: string } }) => c.person.id)).toEqual([found.personId]);
    const search = since(await trailOf(found.personId), before);
    expect(search.map((e) => e.action)).toEqual(['case.listed']);
    expect(search[0]?.summary).toMatchObject({ searched: true, shownPeople: 1, shownDigest: sha256(found.personId) });
    // The search text (an NHS number) is never in the trail.
    expect(JSON.stringify(search[0]?.summary)).not.toContain(found.nhsNumber);
    expect(since(await trailOf(other.personId), before)).toEqual([]);
  });

  it('the provider’s inbox records each person in it', async () => {
    const edna = await w.newCase();
    await w.refer(edna.caseId, 'singing');
    const before = await w.lastSeq();
    expect((await w.get('provider', '/api/v1/inbox')).statusCode).toBe(200);
    const seen = since(await trailOf(edna.personId), before);
    expect(seen.map((e) => [e.action, e.actorUserId])).toEqual([['community_referral.inbox_viewed', w.user.provider]]);
  });

  it('the GP-record CSV export records each person whose entries it holds', async () => {
    const arthur = await w.newCase();
    const practiceId = (await w.t.database.db.selectFrom('person').select('practice_id').where('id', '=', arthur.personId).executeTakeFirstOrThrow())
      .practice_id;
    const entry = { referralId: arthur.caseId, personId: arthur.personId, practiceId, code: '871731000000106', recordedOn: '2026-11-21' };
    await insertGpRecordEntry(w.t.database.db, { id: newId(), ...entry, description: 'Referral to social prescribing service' }, w.t.clock.now().toISOString());
    const before = await w.lastSeq();
    const csv = await w.get('gp', '/api/v1/gp-record-entries.csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(arthur.nhsNumber);
    expect(since(await trailOf(arthur.personId), before).map((e) => e.action)).toEqual(['gp_record.exported']);
  });

  it('the triage board and the referrer’s “My referrals” record the people on them', async () => {
    const bankfield = await findOrganisation(
      w.t.database.db,
      (await w.t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id,
    );
    if (bankfield === undefined) throw new Error('no Bankfield');
    const person = await makePerson(w.t.deps, bankfield);
    await makeReferral(w.t.deps, person, { status: 'referred', linkWorkerId: null, referrerUserId: w.user.gp });
    const before = await w.lastSeq();
    expect((await w.get('lead', '/api/v1/triage')).statusCode).toBe(200);
    expect((await w.get('gp', '/api/v1/my-referrals')).statusCode).toBe(200);
    expect(since(await trailOf(person.id), before).map((e) => e.action)).toEqual(['referral.listed', 'referral.listed']);
  });

  it('an audit export records the people its events name', async () => {
    const mabel = await w.newCase();
    await w.refer(mabel.caseId, 'phone'); // community_referral.created, about Mabel, by Jo
    const before = await w.lastSeq();
    const csv = await w.t.app.inject({ method: 'GET', url: `/api/v1/audit-events.csv?userId=${w.user.jo}`, headers: auditor.headers });
    expect(csv.statusCode).toBe(200);
    expect(since(await trailOf(mabel.personId), before).map((e) => e.action)).toEqual(['audit.exported']);
  });

  it('a large export is one event and one batched set of rows, its digest in the hashed summary', async () => {
    const ids = Array.from({ length: 2500 }, () => newId());
    const before = await w.lastSeq();
    await w.t.database.db.transaction().execute((tx) =>
      appendAudit(tx, w.t.clock, systemActor('test'), {
        action: 'gp_record.exported',
        outcome: 'success',
        entityType: 'gp_record_entry',
        summary: { count: 2500 },
        shownPersonIds: [...ids, ...ids.slice(0, 10)],
      }),
    );
    const events = await w.auditSince(before);
    expect(events).toHaveLength(1);
    const seq = events[0]?.seq ?? 0;
    expect(JSON.parse(events[0]?.summary ?? '{}')).toEqual({ count: 2500, shownPeople: 2500, shownDigest: sha256([...ids].sort().join(',')) });
    const rows = await w.t.database.db
      .selectFrom('audit_event_person')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('event_seq', '=', seq)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(2500);
    expect((await trailOf(ids[1234] ?? '')).map((e) => e.seq)).toEqual([seq]);
  });
});
