import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../src/domain/reference.ts';
import { SELF_REFERRAL_RATE_LIMIT } from '../../src/server/http/intake/referral-routes.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { allAuditSummaries, EDITH, intakeApp, type Intake } from './intake-support.ts';

/** The public self-referral form, as a member of the public (and a robot) would use it. */
describe.each(TEST_DIALECTS)('self-referral from the public form on %s', (dialect) => {
  let x: Intake;
  beforeAll(async () => {
    x = await intakeApp(dialect);
  });
  afterAll(async () => x.close());

  const form = (practiceId: string) => ({
    firstName: 'Maureen',
    lastName: 'Ibbotson',
    dateOfBirth: '1957-06-30',
    addressLine1: '4 Pellon Lane',
    town: 'Halifax',
    postcode: 'hx3 0ar',
    phone: '01632 960444',
    howToContactYou: ['phone', 'letter'],
    bestTimesToContact: ['afternoon'],
    gpPracticeId: practiceId,
    whatWouldHelp: ['loneliness', 'digital_inclusion'],
    inYourOwnWords: 'Since my sister moved away I hardly see anyone, and I cannot use the computer.',
    needAnInterpreter: false,
    accessibleFormats: ['large_print'],
    consent: true,
  });

  it('lists the GP practices where the service runs, by name and id only, without signing in', async () => {
    const res = await x.get(null, '/api/v1/public/practices');
    expect(res.statusCode).toBe(200);
    const practices = res.json().practices;
    // Hebden Lane's PCN has no lead in the demo: nobody would triage a referral there.
    expect(practices.map((p: { name: string }) => p.name)).toEqual([
      'Bankfield Surgery (demo)',
      'Boothtown Health Centre (demo)',
      'King Cross Medical Centre (demo)',
      'Saville Park Practice (demo)',
    ]);
    for (const p of practices) expect(Object.keys(p).sort()).toEqual(['id', 'name']);
  });

  it('refuses a practice nobody triages, so no referral is sent where no one will see it', async () => {
    const referrals = await x.count('referral');
    const res = await x.post(null, '/api/v1/public/self-referrals', form(x.org['X99005'] ?? ''), '198.51.100.9');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.gpPracticeId).toMatch(/not available at this GP practice/);
    const partner = await x.post(x.s.sam, '/api/v1/referrals', {
      practiceId: x.org['X99005'],
      person: { givenName: 'Gwen', familyName: 'Hebden', dateOfBirth: '1955-01-08' },
      needs: ['housing'],
      consentGiven: true,
    });
    expect(partner.statusCode).toBe(400);
    expect(Object.keys(partner.json().error.details.fields)).toEqual(['practiceId']);
    expect(await x.count('referral')).toBe(referrals);
  });

  it('refuses a form without consent, storing nothing', async () => {
    const [persons, referrals] = [await x.count('person'), await x.count('referral')];
    const res = await x.post(null, '/api/v1/public/self-referrals', { ...form(x.org['X99002'] ?? ''), consent: false }, '198.51.100.1');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual({ consent: 'Tick the box to say you agree, so that we can contact you' });
    expect([await x.count('person'), await x.count('referral')]).toEqual([persons, referrals]);
  });

  it('refuses a practice that is not a GP practice', async () => {
    const res = await x.post(null, '/api/v1/public/self-referrals', form(x.org['Calder Befriending Network (demo)'] ?? ''), '198.51.100.1');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.details.fields)).toEqual(['gpPracticeId']);
  });

  it('takes a real submission and answers only the reference', async () => {
    const before = await x.lastSeq();
    const res = await x.post(null, '/api/v1/public/self-referrals', form(x.org['X99002'] ?? ''), '198.51.100.1');
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(REFERENCE_PATTERN);

    const row = await x.t.database.db.selectFrom('referral').selectAll().where('reference', '=', res.json().reference).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'self',
      referrer_user_id: null,
      referrer_org_id: null,
      practice_id: x.org['X99002'],
      urgency: 'routine',
      status: 'referred',
    });
    expect(row.reason_text).toContain('sister');
    const person = await x.t.database.db.selectFrom('person').selectAll().where('id', '=', row.person_id).executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      nhs_number: null,
      given_name: 'Maureen',
      name_folded: 'maureen ibbotson',
      postcode: 'HX3 0AR',
      practice_id: x.org['X99002'],
    });
    expect(JSON.parse(person.contact_preferences ?? '')).toEqual({ methods: ['phone', 'letter'], bestTimes: ['afternoon'] });
    expect(JSON.parse(person.communication_needs ?? '')).toEqual({ interpreterNeeded: false, accessibleFormats: ['large_print'] });

    const events = await x.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'referral.created', actor_role: 'system:self-referral', person_id: row.person_id });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ source: 'self', urgency: 'routine', needCount: 2, safeguarding: false, personMatch: 'new' });
  });

  it('answers a robot that fills the honeypot exactly as a person, but stores nothing personal', async () => {
    const [persons, referrals, addresses] = [await x.count('person'), await x.count('referral'), await x.count('person_address')];
    const before = await x.lastSeq();
    const res = await x.post(
      null,
      '/api/v1/public/self-referrals',
      { ...form(x.org['X99001'] ?? ''), firstName: 'Robot', website: 'http://cheap-pills.example' },
      '198.51.100.2',
    );
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(REFERENCE_PATTERN);
    expect(await x.t.database.db.selectFrom('referral').select('id').where('reference', '=', res.json().reference).executeTakeFirst()).toBeUndefined();
    expect([await x.count('person'), await x.count('referral'), await x.count('person_address')]).toEqual([persons, referrals, addresses]);
    const events = await x.auditSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'access.denied', outcome: 'denied', person_id: null });
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ attempted: 'referral.created', reason: 'honeypot' });
  });

  it(`limits each address to ${SELF_REFERRAL_RATE_LIMIT.max} submissions an hour; other addresses are unaffected`, async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < SELF_REFERRAL_RATE_LIMIT.max; i++) {
      const res = await x.post(null, '/api/v1/public/self-referrals', { ...form(x.org['X99003'] ?? ''), lastName: `Limit${i}` }, ip);
      expect(res.statusCode, res.body).toBe(201);
    }
    const refused = await x.post(null, '/api/v1/public/self-referrals', { ...form(x.org['X99003'] ?? ''), lastName: 'LimitOver' }, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await x.t.database.db.selectFrom('person').select('id').where('family_name', '=', 'LimitOver').executeTakeFirst()).toBeUndefined();
    const other = await x.post(null, '/api/v1/public/self-referrals', { ...form(x.org['X99003'] ?? ''), lastName: 'OtherAddress' }, '198.51.100.78');
    expect(other.statusCode).toBe(201);
  });

  it('reuses the record when the NHS number and date of birth match, and never reveals anything', async () => {
    const first = await x.post(x.s.shah, '/api/v1/referrals', { person: EDITH, needs: ['bereavement'], consentGiven: true });
    expect(first.statusCode).toBe(201);
    const persons = await x.count('person');
    const res = await x.post(
      null,
      '/api/v1/public/self-referrals',
      { ...form(x.org['X99001'] ?? ''), firstName: 'Edie', lastName: 'Marsden', dateOfBirth: EDITH.dateOfBirth, nhsNumber: EDITH.nhsNumber },
      '198.51.100.3',
    );
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(await x.count('person')).toBe(persons);
    const row = await x.t.database.db
      .selectFrom('referral')
      .select(['id', 'person_id'])
      .where('reference', '=', res.json().reference)
      .executeTakeFirstOrThrow();
    expect(row.person_id).toBe(first.json().personId);
    // The record is not changed by what the public typed; the lead is asked to check the difference.
    const person = await x.t.database.db.selectFrom('person').select(['given_name', 'postcode']).where('id', '=', row.person_id).executeTakeFirstOrThrow();
    expect(person).toEqual({ given_name: 'Edith', postcode: 'HX1 1AA' });
    const triage = await x.get(x.s.helen, '/api/v1/triage');
    const item = triage.json().referrals.find((r: { id: string }) => r.id === row.id);
    expect(item.identityChecks).toEqual(['details_differ_from_record']);
  });

  it('drops an NHS number that belongs to someone with another date of birth, and flags it for the lead', async () => {
    const persons = await x.count('person');
    const res = await x.post(
      null,
      '/api/v1/public/self-referrals',
      { ...form(x.org['X99001'] ?? ''), lastName: 'Typo', dateOfBirth: '1960-01-01', nhsNumber: EDITH.nhsNumber },
      '198.51.100.4',
    );
    expect(res.statusCode).toBe(201);
    expect(await x.count('person')).toBe(persons + 1);
    const row = await x.t.database.db
      .selectFrom('referral')
      .select(['id', 'person_id'])
      .where('reference', '=', res.json().reference)
      .executeTakeFirstOrThrow();
    const person = await x.t.database.db.selectFrom('person').select(['nhs_number', 'family_name']).where('id', '=', row.person_id).executeTakeFirstOrThrow();
    expect(person).toEqual({ nhs_number: null, family_name: 'Typo' });
    const item = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.find((r: { id: string }) => r.id === row.id);
    expect(item.identityChecks).toEqual(['nhs_number_not_matched']);
  });

  it('raises the safeguarding flag whenever domestic abuse is among the needs', async () => {
    const res = await x.post(
      null,
      '/api/v1/public/self-referrals',
      { ...form(x.org['X99004'] ?? ''), lastName: 'Safe', whatWouldHelp: ['domestic_abuse'] },
      '198.51.100.5',
    );
    expect(res.statusCode).toBe(201);
    const row = await x.t.database.db.selectFrom('referral').select(['safeguarding']).where('reference', '=', res.json().reference).executeTakeFirstOrThrow();
    expect(Number(row.safeguarding)).toBe(1);
    const board = (await x.get(x.s.helen, '/api/v1/triage')).json();
    expect(board.counts.safeguarding).toBe(1);
  });

  it('never writes what the public typed to the logs or the audit trail', async () => {
    const logs = x.t.logs.join('');
    const audit = await allAuditSummaries(x.t);
    for (const secret of ['Maureen', 'Ibbotson', 'Pellon', 'HX3 0AR', '01632 960444', 'sister', 'cheap-pills', 'Robot']) {
      expect(logs, secret).not.toContain(secret);
      expect(audit, secret).not.toContain(secret);
    }
  });
});

/** Partner and proactive referrals, and the sources each caller may record. */
describe.each(TEST_DIALECTS)('partner and proactive referrals on %s', (dialect) => {
  let x: Intake;
  beforeAll(async () => {
    x = await intakeApp(dialect);
  });
  afterAll(async () => x.close());

  const tenant = { givenName: 'Kyle', familyName: 'Brear', dateOfBirth: '1990-10-10', address: { postcode: 'HX3 0DA' }, phone: '07700 900333' };

  it('a housing officer refers a tenant registered at any practice; the source is partner, the organisation theirs', async () => {
    const res = await x.post(x.s.sam, '/api/v1/referrals', {
      person: tenant,
      practiceId: x.org['X99004'],
      needs: ['housing', 'debt'],
      consentGiven: true,
      reasonText: 'Rent arrears after losing work',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: 'partner', status: 'referred' });
    const row = await x.t.database.db.selectFrom('referral').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'partner',
      referrer_user_id: x.userId.sam,
      referrer_org_id: x.org['Calderdale Housing Options (demo)'],
      practice_id: x.org['X99004'],
    });
    const mine = (await x.get(x.s.sam, '/api/v1/my-referrals')).json().referrals;
    expect(mine.map((r: { id: string; statusInWords: string }) => [r.id, r.statusInWords])).toEqual([
      [res.json().id, 'Received: waiting to be given to a link worker'],
    ]);
    const board = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals;
    expect(board.find((r: { id: string }) => r.id === res.json().id).referrer).toEqual({
      name: 'Sam Holroyd (Housing Options)',
      organisationName: 'Calderdale Housing Options (demo)',
      contact: null,
    });
  });

  it('a partner must name the practice, may only record the source partner, and may not refer without consent', async () => {
    const noPractice = await x.post(x.s.sam, '/api/v1/referrals', { person: tenant, needs: ['housing'], consentGiven: true });
    expect(noPractice.statusCode).toBe(400);
    expect(Object.keys(noPractice.json().error.details.fields)).toEqual(['practiceId']);
    const wrongSource = await x.post(x.s.sam, '/api/v1/referrals', {
      person: tenant,
      practiceId: x.org['X99004'],
      source: 'gp',
      needs: ['housing'],
      consentGiven: true,
    });
    expect(wrongSource.statusCode).toBe(400);
    expect(Object.keys(wrongSource.json().error.details.fields)).toEqual(['source']);
    const noConsent = await x.post(x.s.sam, '/api/v1/referrals', { person: tenant, practiceId: x.org['X99004'], needs: ['housing'], consentGiven: false });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.details.fields).toHaveProperty('consentGiven');
  });

  it('a partner is never told about existing records: a possible duplicate goes through and is flagged for the lead', async () => {
    const sutcliffe = { givenName: 'Bethany', familyName: 'Sutcliffe', dateOfBirth: '1991-11-02', address: { postcode: 'HX3 0BJ' } };
    const res = await x.post(x.s.sam, '/api/v1/referrals', { person: sutcliffe, practiceId: x.org['X99003'], needs: ['housing'], consentGiven: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('Beth"');
    const item = (await x.get(x.s.helen, '/api/v1/triage')).json().referrals.find((r: { id: string }) => r.id === res.json().id);
    expect(item.identityChecks).toEqual(['possible_duplicate']);
  });

  it('a link worker offers the service proactively; consent is sought at first contact', async () => {
    const res = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'proactive',
      practiceId: x.org['X99002'],
      person: { givenName: 'Neville', familyName: 'Shackleton', dateOfBirth: '1961-03-03', nhsNumber: '9991158383', address: { postcode: 'HX3 0AR' } },
      needs: ['employment', 'long_term_condition'],
      consentGiven: false,
      reasonText: 'Three fit notes in six months; COPD',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: 'proactive', status: 'referred' });
    const row = await x.t.database.db.selectFrom('referral').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(Number(row.consent_given)).toBe(0);
    expect(row.consent_recorded_at).toBeNull();
    expect(row).toMatchObject({ referrer_user_id: x.userId.jo, referrer_org_id: x.org['XDEMO2'] });
    const lead = await x.post(x.s.helen, '/api/v1/referrals', {
      source: 'proactive',
      practiceId: x.org['X99004'],
      personId: await personId('Nowak'),
      needs: ['physical_activity'],
      consentGiven: false,
    });
    expect(lead.statusCode, lead.body).toBe(201);
  });

  it('staff must say where a referral came from and may only refer at practices they cover', async () => {
    const noSource = await x.post(x.s.jo, '/api/v1/referrals', {
      practiceId: x.org['X99002'],
      personId: await personId('Qureshi'),
      needs: ['debt'],
      consentGiven: true,
    });
    expect(noSource.statusCode).toBe(400);
    expect(Object.keys(noSource.json().error.details.fields)).toEqual(['source']);
    const outside = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'proactive',
      practiceId: x.org['X99003'],
      person: tenant,
      needs: ['debt'],
      consentGiven: false,
    });
    expect(outside.statusCode).toBe(400);
    expect(Object.keys(outside.json().error.details.fields)).toEqual(['practiceId']);
    // Someone Jo does not cover answers not_found, as if they did not exist.
    const notHers = await x.post(x.s.jo, '/api/v1/referrals', { source: 'gp', personId: await personId('Sutcliffe'), needs: ['debt'], consentGiven: true });
    expect(notHers.statusCode).toBe(404);
    // Keying in a GP's referral received on paper: the practice defaults to the person's.
    const keyed = await x.post(x.s.jo, '/api/v1/referrals', { source: 'gp', personId: await personId('Qureshi'), needs: ['debt'], consentGiven: true });
    expect(keyed.statusCode, keyed.body).toBe(201);
    expect(keyed.json()).toMatchObject({ source: 'gp', personId: await personId('Qureshi') });
  });

  it('referrers refer for their own practice only, as GP or clinician', async () => {
    const proactive = await x.post(x.s.shah, '/api/v1/referrals', { source: 'proactive', person: tenant, needs: ['debt'], consentGiven: true });
    expect(proactive.statusCode).toBe(400);
    expect(Object.keys(proactive.json().error.details.fields)).toEqual(['source']);
    const other = await x.post(x.s.shah, '/api/v1/referrals', { practiceId: x.org['X99002'], person: tenant, needs: ['debt'], consentGiven: true });
    expect(other.statusCode).toBe(400);
    expect(Object.keys(other.json().error.details.fields)).toEqual(['practiceId']);
    const nurse = await x.post(x.s.shah, '/api/v1/referrals', {
      source: 'clinician',
      person: { ...tenant, givenName: 'Kylie' },
      needs: ['debt'],
      consentGiven: true,
    });
    expect(nurse.statusCode, nurse.body).toBe(201);
    expect(nurse.json().source).toBe('clinician');
    // A person outside her practice whom she never referred is not hers to choose.
    expect((await x.post(x.s.shah, '/api/v1/referrals', { personId: await personId('Qureshi'), needs: ['debt'], consentGiven: true })).statusCode).toBe(404);
    // Someone at her practice is.
    expect((await x.post(x.s.shah, '/api/v1/referrals', { personId: await personId('Hartley'), needs: ['loneliness'], consentGiven: true })).statusCode).toBe(
      201,
    );
  });

  it('roles without the permission cannot refer at all', async () => {
    for (const who of ['provider', 'pcnLead', 'commissioner', 'admin', 'auditor'] as const) {
      const res = await x.post(x.s[who], '/api/v1/referrals', {
        source: 'gp',
        practiceId: x.org['X99001'],
        person: tenant,
        needs: ['debt'],
        consentGiven: true,
      });
      expect(res.statusCode, who).toBe(403);
    }
  });

  async function personId(familyName: string): Promise<string> {
    return (await x.t.database.db.selectFrom('person').select('id').where('family_name', '=', familyName).executeTakeFirstOrThrow()).id;
  }
});

/** Duplicate detection on entry: one person, one record. */
describe.each(TEST_DIALECTS)('duplicate detection on entry on %s', (dialect) => {
  let x: Intake;
  let edithId: string;
  beforeAll(async () => {
    x = await intakeApp(dialect);
    const res = await x.post(x.s.shah, '/api/v1/referrals', { person: EDITH, needs: ['bereavement'], consentGiven: true });
    edithId = res.json().personId;
  });
  afterAll(async () => x.close());

  const near = { givenName: 'Edyth', familyName: 'Marsden', dateOfBirth: EDITH.dateOfBirth, address: { postcode: 'HX1 1AA' } };

  it('reuses the existing record for the same NHS number (never a second one) and notes what differs', async () => {
    const before = await x.lastSeq();
    const persons = await x.count('person');
    const res = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'clinician',
      practiceId: x.org['X99001'],
      person: { ...EDITH, familyName: 'Marsden-Holt' },
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().personId).toBe(edithId);
    expect(await x.count('person')).toBe(persons);
    const familyName = (await x.t.database.db.selectFrom('person').select('family_name').where('id', '=', edithId).executeTakeFirstOrThrow()).family_name;
    expect(familyName).toBe('Marsden');
    const created = (await x.auditSince(before)).find((e) => e.action === 'referral.created');
    expect(JSON.parse(created?.summary ?? '')).toMatchObject({ personMatch: 'nhs_number' });
    const event = await x.t.database.db.selectFrom('case_event').select('data').where('referral_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ personMatch: 'nhs_number', detailsDiffer: ['familyName'] });
  });

  it('refuses an NHS number recorded with another date of birth (a typing slip would attach the wrong person)', async () => {
    const res = await x.post(x.s.shah, '/api/v1/referrals', { person: { ...EDITH, dateOfBirth: '1951-09-04' }, needs: ['loneliness'], consentGiven: true });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.details.fields).sort()).toEqual(['person.dateOfBirth', 'person.nhsNumber']);
  });

  it('tells a link worker who the possible duplicates are, with reference-safe fields only', async () => {
    const persons = await x.count('person');
    const res = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'gp',
      practiceId: x.org['X99001'],
      person: near,
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('conflict');
    expect(error.details.possibleDuplicate).toBe(true);
    expect(error.details.candidates).toEqual([
      {
        personId: edithId,
        givenName: 'Edith',
        familyName: 'Marsden',
        dateOfBirth: EDITH.dateOfBirth,
        postcode: 'HX1 1AA',
        hasNhsNumber: true,
        practice: { id: x.org['X99001'], name: 'Bankfield Surgery (demo)' },
        reasons: ['same_date_of_birth', 'same_postcode', 'similar_name', 'same_initial_and_family_name'],
        version: 1,
      },
    ]);
    expect(res.body).not.toContain(EDITH.nhsNumber);
    expect(res.body).not.toContain(EDITH.phone);
    expect(await x.count('person')).toBe(persons);
  });

  it('tells a GP only that a possible duplicate exists at their practice, without naming anyone', async () => {
    const res = await x.post(x.s.shah, '/api/v1/referrals', { person: near, needs: ['loneliness'], consentGiven: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ reason: 'possible_duplicate', possibleDuplicate: true });
    expect(res.json().error.message).toMatch(/at your practice/);
    expect(res.body).not.toContain('Edith');
    expect(res.body).not.toContain(edithId);
  });

  it('tells a GP at another practice nothing, because the person at Bankfield is not theirs to know about', async () => {
    const res = await x.post(x.s.firth, '/api/v1/referrals', { person: near, needs: ['loneliness'], consentGiven: true });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('does not treat someone with another postcode or a different NHS number as a duplicate', async () => {
    const moved = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'gp',
      practiceId: x.org['X99001'],
      person: { ...near, address: { postcode: 'HX3 0AR' } },
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const otherNhs = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'gp',
      practiceId: x.org['X99001'],
      person: { ...EDITH, nhsNumber: '9991237577' },
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(otherNhs.statusCode, otherNhs.body).toBe(201);
  });

  it('creates the record when the caller confirms it is someone different', async () => {
    const persons = await x.count('person');
    const res = await x.post(x.s.jo, '/api/v1/referrals', {
      source: 'gp',
      practiceId: x.org['X99001'],
      person: near,
      needs: ['loneliness'],
      consentGiven: true,
      confirmNotDuplicate: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().personId).not.toBe(edithId);
    expect(await x.count('person')).toBe(persons + 1);
  });
});
