import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/**
 * A story of scope: Jo (link worker for Bankfield and King Cross) sees her practices' people and
 * nobody else's; Helen (lead) sees the whole PCN but not the neighbouring PCN; reaching outside
 * answers 404 exactly as a record that does not exist would, and the attempt is audited.
 */
describe.each(TEST_DIALECTS)('scoped access on %s', (dialect) => {
  let t: TestApp;
  let jo: Session;
  let amira: Session;
  let lead: Session;
  let persons: Record<string, string>;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { demo: true });
    jo = await sessionFor(t, 'link_worker@demo.linkwork.test');
    amira = await sessionFor(t, 'link_worker2@demo.linkwork.test');
    lead = await sessionFor(t, 'lead@demo.linkwork.test');
    const rows = await t.database.db.selectFrom('person').select(['id', 'family_name']).execute();
    persons = Object.fromEntries(rows.map((r) => [r.family_name, r.id]));
    const o = await t.database.db.selectFrom('organisation').select(['id', 'ods_code']).execute();
    orgs = Object.fromEntries(o.map((r) => [r.ods_code ?? '', r.id]));
  });
  afterAll(async () => t.close());

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const lastEvent = () => t.database.db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

  it('lists only the people at the practices a link worker covers', async () => {
    const res = await get(jo, '/api/v1/persons');
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .persons.map((p: { familyName: string }) => p.familyName)
        .sort(),
    ).toEqual(['Hartley', 'Qureshi']);
    const e = await lastEvent();
    expect(e.action).toBe('person.listed');
    expect(JSON.parse(e.summary)).toMatchObject({ count: 2, shownPeople: 2 });
    // Which two: "who has seen this person" finds the listing (issue 14).
    const shown = await t.database.db.selectFrom('audit_event_person').select('person_id').where('event_seq', '=', e.seq).execute();
    expect(shown.map((r) => r.person_id).sort()).toEqual([persons['Hartley'], persons['Qureshi']].sort());
  });

  it('shows a person in scope with their deprivation decile, and audits the read against that person', async () => {
    const res = await get(jo, `/api/v1/persons/${persons['Hartley']}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ nhsNumber: '9990079196', postcode: 'HX1 1AA', lsoa: 'E01010994' });
    expect(res.json().imdDecile).toEqual(expect.any(Number));
    const e = await lastEvent();
    expect(e).toMatchObject({ action: 'person.viewed', outcome: 'success', person_id: persons['Hartley'], actor_role: 'link_worker' });
  });

  it('answers 404 for a person outside scope, identical to a missing one, and audits the attempt', async () => {
    const outside = await get(jo, `/api/v1/persons/${persons['Sutcliffe']}`);
    const missing = await get(jo, '/api/v1/persons/01900000-0000-7000-8000-000000000000');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
    const events = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'access.denied')
      .where('person_id', '=', persons['Sutcliffe'] ?? '')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'denied', entity_type: 'person' });
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({ attempted: 'person.viewed', reason: 'not_found' });
  });

  it('gives another link worker a different slice', async () => {
    const res = await get(amira, '/api/v1/persons');
    expect(
      res
        .json()
        .persons.map((p: { familyName: string }) => p.familyName)
        .sort(),
    ).toEqual(['Nowak', 'Sutcliffe']);
    expect((await get(amira, `/api/v1/persons/${persons['Hartley']}`)).statusCode).toBe(404);
  });

  it('lets the lead see the whole PCN but not the neighbouring PCN', async () => {
    const res = await get(lead, '/api/v1/persons');
    expect(
      res
        .json()
        .persons.map((p: { familyName: string }) => p.familyName)
        .sort(),
    ).toEqual(['Hartley', 'Nowak', 'Qureshi', 'Sutcliffe']);
    expect((await get(lead, `/api/v1/persons/${persons['Ackroyd']}`)).statusCode).toBe(404);
  });

  it('refuses to register a person at a practice outside scope without writing anything', async () => {
    const before = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: jo.headers,
      payload: { givenName: 'Eve', familyName: 'Out', dateOfBirth: '1990-01-01', practiceId: orgs['X99003'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    const after = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('scopes organisations: a link worker sees their practices, not the other PCN', async () => {
    const list = await get(jo, '/api/v1/organisations');
    const visible: { odsCode: string | null; kind: string; name: string }[] = list.json().organisations;
    expect(
      visible
        .filter((o) => o.kind !== 'vcse')
        .map((o) => o.odsCode)
        .sort(),
    ).toEqual(['X99001', 'X99002']);
    // Community organisations are public directory data, visible to everyone signed in.
    expect(
      visible
        .filter((o) => o.kind === 'vcse')
        .map((o) => o.name)
        .sort(),
    ).toEqual(['Calder Befriending Network (demo)', 'Halifax Money Advice (demo)']);
    expect((await get(jo, `/api/v1/organisations/${orgs['X99005']}`)).statusCode).toBe(404);
    expect((await get(jo, `/api/v1/organisations/${orgs['X99001']}`)).statusCode).toBe(200);
  });

  it('lets the lead list the users in their PCN only, and not see an ICB commissioner', async () => {
    const res = await get(lead, '/api/v1/users');
    const emails = res.json().users.map((u: { email: string }) => u.email);
    expect(emails).toContain('link_worker@demo.linkwork.test');
    expect(emails).toContain('referrer@demo.linkwork.test');
    expect(emails).not.toContain('commissioner@demo.linkwork.test');
    expect(emails).not.toContain('provider@demo.linkwork.test');
    const commissioner = await t.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'commissioner@demo.linkwork.test')
      .executeTakeFirstOrThrow();
    expect((await get(lead, `/api/v1/users/${commissioner.id}`)).statusCode).toBe(404);
    // No password hash or other secret leaves in a user view.
    expect(JSON.stringify(res.json())).not.toMatch(/argon2|password/i);
  });
});
