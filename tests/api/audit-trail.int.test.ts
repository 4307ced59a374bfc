import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/services/audit/verify-audit-chain.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

describe.each(TEST_DIALECTS)('audit trail on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let auditor: Session;
  let lw: Session;
  let practiceId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { demo: true });
    admin = await sessionFor(t, 'admin@demo.linkwork.test');
    auditor = await sessionFor(t, 'auditor@demo.linkwork.test');
    lw = await sessionFor(t, 'link_worker@demo.linkwork.test');
    practiceId = (await t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  const count = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const last = () => t.database.db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

  it('records exactly one event, with the right action, for every mutating use case', async () => {
    const post = (s: Session, url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });
    const steps: [string, () => Promise<{ statusCode: number; json(): { id?: string } }>][] = [];
    let userId = '';
    steps.push(['organisation.created', () => post(admin, '/api/v1/organisations', { kind: 'vcse', name: 'Audit Test Garden' })]);
    steps.push([
      'user.created',
      async () => {
        const r = await post(admin, '/api/v1/users', {
          email: 'new.lw@example.org',
          displayName: 'New LW',
          role: 'link_worker',
          organisationIds: [practiceId],
          password: 'a-fresh-pass-phrase-7',
        });
        userId = r.json().id ?? '';
        return r;
      },
    ]);
    steps.push(['user.disabled', () => post(admin, `/api/v1/users/${userId}/disable`)]);
    steps.push(['user.enabled', () => post(admin, `/api/v1/users/${userId}/enable`)]);
    steps.push(['user.password_reset', () => post(admin, `/api/v1/users/${userId}/reset-password`, { password: 'another-pass-phrase-8' })]);
    steps.push([
      'person.created',
      () => post(lw, '/api/v1/persons', { givenName: 'Rhian', familyName: 'Audit', dateOfBirth: '1969-09-09', practiceId, nhsNumber: '999 063 3525' }),
    ]);
    steps.push([
      'session.signed_in',
      () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'new.lw@example.org', password: 'another-pass-phrase-8' } }),
    ]);
    steps.push([
      'session.sign_in_failed',
      () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'new.lw@example.org', password: 'wrong-wrong-wrong' } }),
    ]);
    for (const [action, run] of steps) {
      const before = await count();
      const res = await run();
      expect(res.statusCode, action).toBeLessThan(action === 'session.sign_in_failed' ? 500 : 300);
      expect(await count(), action).toBe(before + 1);
      const e = await last();
      expect(e.action).toBe(action);
      expect(e.request_id).toEqual(expect.any(String));
      expect(e.ip).toBe('127.0.0.1');
    }
  });

  it('writes nothing at all when a write fails (no row, no event)', async () => {
    const payload = { givenName: 'Dup', familyName: 'Licate', dateOfBirth: '1970-01-01', practiceId, nhsNumber: '9990712719' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/persons', headers: lw.headers, payload });
    expect(first.statusCode).toBe(201);
    const persons = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [p0, a0] = [await persons(), await count()];
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/persons', headers: lw.headers, payload: { ...payload, givenName: 'Other' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
    expect(second.body).not.toContain('9990712719');
    expect(await persons()).toBe(p0);
    expect(await count()).toBe(a0);
  });

  it('keeps free-text personal data out of event summaries', async () => {
    const all = await t.database.db.selectFrom('audit_event').select('summary').execute();
    const text = all.map((r) => r.summary).join('\n');
    for (const secret of ['Rhian', 'Hartley', '9990079196', 'HX1 1AA', 'demo-linkwork-2026', 'another-pass-phrase-8']) expect(text).not.toContain(secret);
  });

  it('lets an auditor browse and filter by action, user, person and date, with paging', async () => {
    const get = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/audit-events?${q}`, headers: auditor.headers });
    const byAction = await get('action=user.created');
    expect(byAction.statusCode).toBe(200);
    const ev = byAction.json().events;
    expect(ev.length).toBeGreaterThan(13);
    expect(ev.every((e: { action: string }) => e.action === 'user.created')).toBe(true);

    const lwId = (await t.database.db.selectFrom('app_user').select('id').where('email', '=', 'link_worker@demo.linkwork.test').executeTakeFirstOrThrow()).id;
    const byUser = (await get(`userId=${lwId}`)).json().events;
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((e: { actorUserId: string; actorName: string }) => e.actorUserId === lwId && e.actorName === 'Jo Barker')).toBe(true);

    const person = await t.database.db.selectFrom('person').select('id').where('family_name', '=', 'Hartley').executeTakeFirstOrThrow();
    await t.app.inject({ method: 'GET', url: `/api/v1/persons/${person.id}`, headers: lw.headers });
    const byPerson = (await get(`personId=${person.id}`)).json().events;
    expect(byPerson.map((e: { action: string }) => e.action)).toEqual(['person.viewed', 'person.created']);

    expect((await get('from=2026-11-21&to=2026-11-21')).json().events.length).toBeGreaterThan(0);
    expect((await get('from=2026-11-22')).json().events).toEqual([]);

    const page1 = (await get('limit=5')).json();
    expect(page1.events).toHaveLength(5);
    const page2 = (await get(`limit=5&before=${page1.nextBefore}`)).json();
    expect(page2.events[0].seq).toBe(page1.events[4].seq - 1);
    expect((await get('action=not.an.action')).statusCode).toBe(400);
    expect((await get('from=21/11/2026')).statusCode).toBe(400);
  });

  it("filters by a person's name or NHS number, resolved by the server, and records the search without the words", async () => {
    const get = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/audit-events?${q}`, headers: auditor.headers });
    const hartley = await t.database.db.selectFrom('person').select(['id', 'nhs_number']).where('family_name', '=', 'Hartley').executeTakeFirstOrThrow();
    const nhs = hartley.nhs_number ?? '';
    await t.app.inject({ method: 'GET', url: `/api/v1/persons/${hartley.id}`, headers: lw.headers });
    const byId = (await get(`personId=${hartley.id}`)).json();

    // The NHS number as people write it, with spaces: the same events as by id, and one match.
    const spaced = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
    const res = await get(`person=${encodeURIComponent(spaced)}`);
    expect(res.statusCode).toBe(200);
    const byNhs = res.json();
    expect(byNhs.personMatches).toBe(1);
    // The same events as by id, plus that search by id itself (it was about this person too).
    const seqs = byNhs.events.map((e: { seq: number }) => e.seq);
    expect(seqs.slice(1)).toEqual(byId.events.map((e: { seq: number }) => e.seq));
    expect(byNhs.events[0]).toMatchObject({ action: 'audit.viewed', personId: hartley.id });
    expect(byNhs.events.length).toBeGreaterThan(0);
    const searched = await last();
    expect(searched.action).toBe('audit.viewed');
    expect(searched.person_id).toBe(hartley.id);
    expect(JSON.parse(searched.summary)).toMatchObject({ personBy: 'nhs_number', personMatches: 1 });
    expect(searched.summary).not.toContain(nhs);

    // By name, in any case and without accents, every word must match.
    const byName = (await get(`person=${encodeURIComponent('hartley')}`)).json();
    expect(byName.personMatches).toBeGreaterThanOrEqual(1);
    expect(byName.events.some((e: { personId: string | null }) => e.personId === hartley.id)).toBe(true);
    expect((await last()).summary).not.toMatch(/hartley/i);

    // Nobody by that name: no events, said as such; a one-letter name is refused.
    expect((await get('person=Zzyzx%20Nobody')).json()).toMatchObject({ events: [], personMatches: 0 });
    expect((await get('person=H')).statusCode).toBe(400);
    // The CSV export takes the same filter.
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/audit-events.csv?person=${nhs}`, headers: auditor.headers });
    expect(csv.statusCode).toBe(200);
    const csvSeqs = csv.body
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    for (const seq of seqs) expect(csvSeqs).toContain(seq);
    expect(JSON.parse((await last()).summary)).toMatchObject({ personBy: 'nhs_number', personMatches: 1 });
  });

  it('exports the filtered trail as CSV, and audits the export', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events.csv?action=session.signed_in', headers: auditor.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="linkwork-audit-2026-11-21.csv"/);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('seq,id,at,actor_user_id,actor_name,actor_role,action,entity_type,entity_id,person_id,request_id,ip,outcome,summary,prev_hash,hash');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(1).every((l) => l.includes(',session.signed_in,'))).toBe(true);
    expect((await last()).action).toBe('audit.exported');
  });

  it('refuses the trail to a link worker (403, audited)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: lw.headers });
    expect(res.statusCode).toBe(403);
    expect((await last()).action).toBe('access.denied');
  });

  it('keeps the hash chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? t.app.inject({ method: 'GET', url: '/api/v1/persons', headers: lw.headers })
          : t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: `x${i}@example.org`, password: 'nope-nope-nope' } }),
      ),
    );
    // Every event keyed: the test app runs in demo mode, whose public demo key the seed used too.
    const n = await count();
    expect(await verifyAuditChain(t.deps)).toEqual({ ok: true, events: n, keyed: n, checkpoint: null });
  });

  it('detects an edited event and a deleted one', async () => {
    const victim = await t.database.db
      .selectFrom('audit_event')
      .select(['seq', 'id'])
      .where('action', '=', 'user.created')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('audit_event').set({ outcome: 'failure' }).where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(t.deps)).toMatchObject({ ok: false, firstBadSeq: Number(victim.seq), reason: 'forged' });
    await t.database.db.updateTable('audit_event').set({ outcome: 'success' }).where('seq', '=', victim.seq).execute();
    expect((await verifyAuditChain(t.deps)).ok).toBe(true);
    await t.database.db
      .deleteFrom('audit_event')
      .where('seq', '=', Number(victim.seq) + 1)
      .execute();
    expect(await verifyAuditChain(t.deps)).toMatchObject({ ok: false, firstBadSeq: Number(victim.seq) + 1, reason: 'missing' });
  });
});
