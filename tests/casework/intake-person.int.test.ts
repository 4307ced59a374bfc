import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { allAuditSummaries, EDITH, intakeApp, type Intake } from './intake-support.ts';

const DAY = 86_400_000;

/**
 * Edith's record over time: Jo keeps her details current (a move keeps the old address in the
 * history), two people editing at once cannot overwrite each other, and Helen merges the duplicate
 * record a self-referral created.
 */
describe.each(TEST_DIALECTS)('the person record: details, address history, versions, merge on %s', (dialect) => {
  let x: Intake;
  let edithId: string;
  let edithReferralId: string;

  beforeAll(async () => {
    x = await intakeApp(dialect);
    const res = await x.post(x.s.shah, '/api/v1/referrals', { person: EDITH, needs: ['bereavement'], consentGiven: true });
    edithId = res.json().personId;
    edithReferralId = res.json().id;
  });
  afterAll(async () => x.close());

  const details = async (who: keyof Intake['s'] = 'jo', id = edithId) => x.get(x.s[who], `/api/v1/persons/${id}/details`);

  it('shows Jo the full record with deprivation decile and address history, and audits the read', async () => {
    const before = await x.lastSeq();
    const res = await details();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: edithId,
      nhsNumber: EDITH.nhsNumber,
      givenName: 'Edith',
      sex: 'female',
      ethnicCategory: 'A',
      ethnicCategoryLabel: 'White - British',
      postcode: 'HX1 1AA',
      lsoa: 'E01010994',
      practice: { id: x.org['X99001'], name: 'Bankfield Surgery (demo)' },
      phone: EDITH.phone,
      contactPreferences: EDITH.contactPreferences,
      communicationNeeds: EDITH.communicationNeeds,
      addresses: [{ line1: '12 Mill Lane', line2: null, town: 'Halifax', postcode: 'HX1 1AA', validFrom: '2026-11-21', validTo: null }],
      mergedIntoId: null,
      version: 1,
    });
    expect(res.json().imdDecile).toEqual(expect.any(Number));
    const events = await x.auditSince(before);
    expect(events).toMatchObject([{ action: 'person.viewed', person_id: edithId }]);
  });

  it('answers 404 to a link worker who does not cover her practice, and 403 to roles that see no people', async () => {
    expect((await details('amira')).statusCode).toBe(404);
    for (const who of ['shah', 'sam', 'provider', 'pcnLead', 'commissioner', 'admin', 'auditor'] as const) {
      expect((await details(who)).statusCode, who).toBe(403);
      expect((await x.patch(x.s[who], `/api/v1/persons/${edithId}`, { version: 1, phone: null })).statusCode, who).toBe(403);
    }
    expect((await x.patch(x.s.amira, `/api/v1/persons/${edithId}`, { version: 1, phone: null })).statusCode).toBe(404);
  });

  it('records a move: the old address is closed and kept, the postcode (and so the LSOA) follows', async () => {
    x.t.clock.advance(10 * DAY);
    const before = await x.lastSeq();
    const res = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, {
      version: 1,
      phone: '01632 960999',
      contactPreferences: { methods: ['phone'], bestTimes: ['afternoon'] },
      address: { change: 'moved', line1: 'Flat 2, Chapel Court', town: 'Halifax', postcode: 'hx3 0ar', validFrom: '2026-11-28' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ version: 2, phone: '01632 960999', postcode: 'HX3 0AR', contactPreferences: { methods: ['phone'], bestTimes: ['afternoon'] } });
    expect(p.lsoa).toBe('E01010968');
    expect(p.addresses.map((a: { postcode: string; validFrom: string; validTo: string | null }) => [a.postcode, a.validFrom, a.validTo])).toEqual([
      ['HX3 0AR', '2026-11-28', null],
      ['HX1 1AA', '2026-11-21', '2026-11-28'],
    ]);
    const events = await x.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'person.updated', person_id: edithId, entity_id: edithId });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ fields: ['phone', 'contactPreferences', 'address'], addressChange: 'moved' });
  });

  it('refuses a stale version with 409 and changes nothing (the other editor’s save stands)', async () => {
    const before = await x.lastSeq();
    const res = await x.patch(x.s.helen, `/api/v1/persons/${edithId}`, {
      version: 1,
      phone: '01632 960000',
      address: { change: 'moved', postcode: 'HX3 0BJ' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } });
    const now = (await details()).json();
    expect(now).toMatchObject({ version: 2, phone: '01632 960999', postcode: 'HX3 0AR' });
    expect(now.addresses).toHaveLength(2);
    expect((await x.auditSince(before)).map((e) => e.action)).toEqual(['person.viewed']);
  });

  it('corrects a typing slip in the current address in place, without a new history entry', async () => {
    const res = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, {
      version: 2,
      address: { change: 'correction', line1: 'Flat 3, Chapel Court', town: 'Halifax', postcode: 'HX3 0AR' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().addresses.map((a: { line1: string }) => a.line1)).toEqual(['Flat 3, Chapel Court', '12 Mill Lane']);
    expect(res.json().version).toBe(3);
  });

  it('refuses a move dated before the current address began, or in the future', async () => {
    const early = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, {
      version: 3,
      address: { change: 'moved', postcode: 'HX3 0BJ', validFrom: '2026-11-01' },
    });
    expect(early.statusCode).toBe(400);
    expect(Object.keys(early.json().error.details.fields)).toEqual(['address.validFrom']);
    const future = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, {
      version: 3,
      address: { change: 'moved', postcode: 'HX3 0BJ', validFrom: '2027-01-01' },
    });
    expect(future.statusCode).toBe(400);
    expect((await details()).json().version).toBe(3);
  });

  it('keeps the folded name in step with the names, and can clear optional details', async () => {
    const res = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, {
      version: 3,
      givenName: 'Édith',
      genderIdentity: 'Woman',
      email: 'edith.m@example.org',
      phone: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ givenName: 'Édith', genderIdentity: 'Woman', email: 'edith.m@example.org', phone: null, version: 4 });
    const row = await x.t.database.db.selectFrom('person').select('name_folded').where('id', '=', edithId).executeTakeFirstOrThrow();
    expect(row.name_folded).toBe('edith marsden');
  });

  it('changes the GP practice only to one the editor covers', async () => {
    const outside = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, { version: 4, practiceId: x.org['X99003'] });
    expect(outside.statusCode).toBe(400);
    expect(Object.keys(outside.json().error.details.fields)).toEqual(['practiceId']);
  });

  it('answers an unchanged save without bumping the version', async () => {
    const res = await x.patch(x.s.jo, `/api/v1/persons/${edithId}`, { version: 4, givenName: 'Édith' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(4);
  });

  describe('a self-referral without an NHS number, then a merge', () => {
    let selfPersonId: string;
    let selfReferralId: string;

    it('a self-referral creates a second record for Edith (the public are never told about records)', async () => {
      const res = await x.post(
        null,
        '/api/v1/public/self-referrals',
        {
          firstName: 'Edith',
          lastName: 'Marsden',
          dateOfBirth: EDITH.dateOfBirth,
          postcode: 'HX3 0AR',
          addressLine1: 'Flat 3, Chapel Court',
          phone: '01632 960777',
          gpPracticeId: x.org['X99001'],
          whatWouldHelp: ['loneliness'],
          consent: true,
        },
        '203.0.113.5',
      );
      expect(res.statusCode, res.body).toBe(201);
      const row = await x.t.database.db
        .selectFrom('referral')
        .select(['id', 'person_id'])
        .where('reference', '=', res.json().reference)
        .executeTakeFirstOrThrow();
      selfPersonId = row.person_id;
      selfReferralId = row.id;
      expect(selfPersonId).not.toBe(edithId);
      const item = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.find((r: { id: string }) => r.id === selfReferralId);
      expect(item.identityChecks).toContain('possible_duplicate');
    });

    it('a link worker can add the NHS number later, but not one that is on another record', async () => {
      const taken = await x.patch(x.s.jo, `/api/v1/persons/${selfPersonId}`, { version: 1, nhsNumber: EDITH.nhsNumber });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.details.reason).toBe('nhs_number_taken');
      expect(taken.body).not.toContain(edithId);
    });

    it('lists the possible duplicates among the people the asker covers, and audits the check', async () => {
      const before = await x.lastSeq();
      const res = await x.get(x.s.helen, `/api/v1/persons/${edithId}/duplicates`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().candidates.map((c: { personId: string }) => c.personId)).toEqual([selfPersonId]);
      expect(res.json().candidates[0]).toMatchObject({
        givenName: 'Edith',
        hasNhsNumber: false,
        reasons: expect.arrayContaining(['same_postcode', 'similar_name']),
        version: 1,
      });
      expect((await x.auditSince(before)).map((e) => [e.action, e.person_id])).toEqual([['person.duplicates_checked', edithId]]);
      expect((await x.get(x.s.amira, `/api/v1/persons/${edithId}/duplicates`)).statusCode).toBe(404);
    });

    it('a link worker may not merge (403, audited)', async () => {
      const before = await x.lastSeq();
      const res = await x.post(x.s.jo, `/api/v1/persons/${edithId}/merge`, { mergePersonId: selfPersonId, version: 4, mergePersonVersion: 1 });
      expect(res.statusCode).toBe(403);
      const events = await x.auditSince(before);
      expect(events).toMatchObject([{ action: 'access.denied', outcome: 'denied', person_id: edithId }]);
      expect(JSON.parse(events[0]?.summary ?? '')).toMatchObject({ attempted: 'person.merged', permission: 'person:merge' });
    });

    it('refuses a merge at stale versions, of one record with itself, and outside the lead’s scope', async () => {
      const stale = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, { mergePersonId: selfPersonId, version: 3, mergePersonVersion: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details.reason).toBe('stale_version');
      const self = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, { mergePersonId: edithId, version: 4, mergePersonVersion: 4 });
      expect(self.statusCode).toBe(400);
      const ackroyd = (await x.t.database.db.selectFrom('person').select('id').where('family_name', '=', 'Ackroyd').executeTakeFirstOrThrow()).id;
      const outside = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, { mergePersonId: ackroyd, version: 4, mergePersonVersion: 1 });
      expect(outside.statusCode).toBe(404);
    });

    it('refuses to merge two records with different NHS numbers: they are two people', async () => {
      const hartley = await x.t.database.db.selectFrom('person').select(['id', 'version']).where('family_name', '=', 'Hartley').executeTakeFirstOrThrow();
      const res = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, {
        mergePersonId: hartley.id,
        version: 4,
        mergePersonVersion: Number(hartley.version),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.reason).toBe('different_nhs_numbers');
    });

    it('Helen merges the duplicate: its referral moves to Edith, it is marked merged, the merge is audited without names', async () => {
      const gpEntryId = '01900000-0000-7000-8000-00000000e001';
      await x.t.database.db
        .insertInto('gp_record_entry')
        .values({
          id: gpEntryId,
          referral_id: selfReferralId,
          person_id: selfPersonId,
          practice_id: x.org['X99001'] ?? '',
          code: '871731000000106',
          description: 'Referral to social prescribing service',
          recorded_on: '2026-12-01',
          filed_at: null,
          filed_by: null,
          created_at: x.t.clock.now().toISOString(),
        })
        .execute();
      const before = await x.lastSeq();
      const res = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, { mergePersonId: selfPersonId, version: 4, mergePersonVersion: 1 });
      expect(res.statusCode, res.body).toBe(200);
      // Edith's phone had been cleared; the merged record's fills the gap.
      expect(res.json()).toMatchObject({
        mergedPersonId: selfPersonId,
        referralsMoved: 1,
        person: { id: edithId, version: 5, nhsNumber: EDITH.nhsNumber, phone: '01632 960777' },
      });

      const hers = await x.t.database.db.selectFrom('referral').select('id').where('person_id', '=', edithId).execute();
      expect(hers.map((r) => r.id).sort()).toEqual([edithReferralId, selfReferralId].sort());
      const entry = await x.t.database.db.selectFrom('gp_record_entry').select('person_id').where('id', '=', gpEntryId).executeTakeFirstOrThrow();
      expect(entry.person_id).toBe(edithId);
      const merged = await x.t.database.db
        .selectFrom('person')
        .select(['merged_into_id', 'nhs_number'])
        .where('id', '=', selfPersonId)
        .executeTakeFirstOrThrow();
      expect(merged).toEqual({ merged_into_id: edithId, nhs_number: null });
      const timeline = await x.t.database.db
        .selectFrom('case_event')
        .select(['kind', 'data'])
        .where('referral_id', '=', selfReferralId)
        .orderBy('at')
        .execute();
      expect(timeline.map((e) => e.kind)).toEqual(['referral_created', 'person_merged']);

      const events = await x.auditSince(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'person.merged', person_id: edithId, entity_id: edithId });
      expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ mergedPersonId: selfPersonId, referralsMoved: 1, gpRecordEntriesMoved: 1, filled: ['phone'] });
      // Edith's referrals are both hers now; the merged record no longer shows as a duplicate.
      expect((await x.get(x.s.helen, `/api/v1/persons/${edithId}/duplicates`)).json().candidates).toEqual([]);
      const item = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.find((r: { id: string }) => r.id === selfReferralId);
      expect(item.person.id).toBe(edithId);
      expect(item.identityChecks).not.toContain('possible_duplicate');
    });

    it('the merged record says where it went and cannot be edited or merged again', async () => {
      const res = await details('jo', selfPersonId);
      expect(res.json().mergedIntoId).toBe(edithId);
      const edit = await x.patch(x.s.jo, `/api/v1/persons/${selfPersonId}`, { version: 2, phone: null });
      expect(edit.statusCode).toBe(409);
      expect(edit.json().error.details).toEqual({ reason: 'merged', mergedIntoId: edithId });
      const again = await x.post(x.s.helen, `/api/v1/persons/${edithId}/merge`, { mergePersonId: selfPersonId, version: 5, mergePersonVersion: 2 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details.reason).toBe('already_merged');
      // Referring the merged record by id leads to the record it joined.
      const ref = await x.post(x.s.jo, '/api/v1/referrals', { source: 'gp', personId: selfPersonId, needs: ['loneliness'], consentGiven: true });
      expect(ref.statusCode, ref.body).toBe(201);
      expect(ref.json().personId).toBe(edithId);
    });

    it('a merge fills in what the kept record lacks', async () => {
      // Two records for Tomasz Nowak's neighbour: the kept one has no phone, the other no NHS number.
      const a = await x.post(x.s.helen, '/api/v1/referrals', {
        source: 'proactive',
        practiceId: x.org['X99004'],
        person: { givenName: 'Ivy', familyName: 'Greenwood', dateOfBirth: '1940-01-01', address: { postcode: 'HX3 0DA' } },
        needs: ['loneliness'],
        consentGiven: false,
      });
      const b = await x.post(x.s.helen, '/api/v1/referrals', {
        source: 'proactive',
        practiceId: x.org['X99004'],
        person: {
          givenName: 'Ivy',
          familyName: 'Greenwod',
          dateOfBirth: '1940-01-01',
          nhsNumber: '9991316760',
          phone: '01632 960123',
          address: { postcode: 'HX3 0DA' },
        },
        needs: ['loneliness'],
        consentGiven: false,
        confirmNotDuplicate: true,
      });
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      const res = await x.post(x.s.helen, `/api/v1/persons/${a.json().personId}/merge`, {
        mergePersonId: b.json().personId,
        version: 1,
        mergePersonVersion: 1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().person).toMatchObject({ nhsNumber: '9991316760', phone: '01632 960123', familyName: 'Greenwood', version: 2 });
      const event = await x.t.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'person.merged')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(event.summary).filled).toEqual(['nhs_number', 'phone']);
    });
  });

  it('keeps every personal value out of the audit summaries', async () => {
    const text = await allAuditSummaries(x.t);
    for (const secret of [
      'Edith',
      'Édith',
      'Marsden',
      EDITH.nhsNumber,
      'HX1 1AA',
      'HX3 0AR',
      '01632 960999',
      'Chapel Court',
      'edith.m@example.org',
      'Greenwood',
      '9991316760',
      '01632 960777',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
