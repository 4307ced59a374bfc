import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/** No input — malformed, oversize, wrong type, unknown field, odd path — produces a 5xx. */
describe.each(TEST_DIALECTS)('hostile input on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let lw: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { demo: true });
    admin = await sessionFor(t, 'admin@demo.linkwork.test');
    lw = await sessionFor(t, 'link_worker@demo.linkwork.test');
  });
  afterAll(async () => t.close());

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...admin.headers, 'content-type': 'application/json', ...headers }, payload: body });

  it('malformed JSON → 400 invalid_input', async () => {
    const res = await post('/api/v1/organisations', '{"kind": "vcse", "name": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
  });

  it('wrong types and unknown fields → 400 naming the fields', async () => {
    const wrong = await post('/api/v1/organisations', JSON.stringify({ kind: 'castle', name: 42 }));
    expect(wrong.statusCode).toBe(400);
    expect(Object.keys(wrong.json().error.details.fields).sort()).toEqual(['kind', 'name']);
    const unknown = await post('/api/v1/organisations', JSON.stringify({ kind: 'vcse', name: 'Ok', isAdmin: true }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_input');
  });

  it('an oversize body → 413 payload_too_large', async () => {
    const res = await post('/api/v1/organisations', JSON.stringify({ kind: 'vcse', name: 'x'.repeat(1_100_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON → 415, an empty JSON body → 400', async () => {
    const text = await post('/api/v1/organisations', 'kind=vcse', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
    const empty = await post('/api/v1/organisations', '');
    expect(empty.statusCode).toBe(400);
  });

  it('unknown routes and methods → 404 not_found as JSON', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['DELETE', '/api/v1/me'],
      ['GET', '/api/v2/me'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: admin.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('a bad id in a path → 400, not a database error', async () => {
    const res = await t.app.inject({ method: 'GET', url: "/api/v1/persons/1'%20OR%201=1--", headers: lw.headers });
    expect(res.statusCode).toBe(400);
  });

  it('invalid NHS numbers, postcodes and dates are refused with field errors', async () => {
    const practiceId = (await t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: lw.headers,
      payload: { givenName: 'A', familyName: 'B', dateOfBirth: '1990-02-30', practiceId, nhsNumber: '9434765918', postcode: '1A1 1AA' },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.details.fields).sort()).toEqual(['dateOfBirth', 'nhsNumber', 'postcode']);
  });

  it('refuses user management to a non-admin before looking at the password', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: lw.headers,
      payload: { email: 'x@example.org', displayName: 'X', role: 'auditor', password: 'short' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('throws garbage at every route and never gets a 5xx', async () => {
    const NIL = '01900000-0000-7000-8000-000000000000';
    const routes = [
      ['POST', '/api/v1/auth/sign-in'],
      ['POST', '/api/v1/auth/sign-out'],
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/organisations'],
      ['POST', '/api/v1/organisations'],
      ['GET', '/api/v1/organisations/abc'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['POST', '/api/v1/users/abc/disable'],
      ['POST', '/api/v1/users/01900000-0000-7000-8000-000000000000/reset-password'],
      ['GET', '/api/v1/persons'],
      ['POST', '/api/v1/persons'],
      ['GET', '/api/v1/persons/%00'],
      ['GET', '/api/v1/audit-events'],
      ['GET', '/api/v1/audit-events.csv'],
      ['GET', '/api/v1/geo/postcodes/%F0%9F%92%A9'],
      // Casework
      ['POST', '/api/v1/referrals'],
      ['POST', '/api/v1/public/self-referrals'],
      ['GET', '/api/v1/triage'],
      ['POST', `/api/v1/referrals/${NIL}/allocate`],
      ['GET', '/api/v1/my-referrals'],
      ['PATCH', `/api/v1/persons/${NIL}`],
      ['POST', `/api/v1/persons/${NIL}/merge`],
      ['GET', '/api/v1/cases'],
      ['GET', `/api/v1/cases/${NIL}`],
      ['POST', `/api/v1/cases/${NIL}/status`],
      ['POST', `/api/v1/cases/${NIL}/contacts`],
      ['PUT', `/api/v1/cases/${NIL}/conversation`],
      ['POST', `/api/v1/cases/${NIL}/plan/versions`],
      ['POST', `/api/v1/cases/${NIL}/work`],
      ['POST', `/api/v1/cases/${NIL}/unmet-needs`],
      ['GET', `/api/v1/cases/${NIL}/discharge-message`],
      ['GET', `/api/v1/my-referrals/${NIL}/message`],
      ['GET', '/api/v1/practice-messages'],
      ['GET', `/api/v1/practice-messages/${NIL}`],
      ['GET', '/api/v1/today'],
      ['GET', '/api/v1/gp-record-entries.csv'],
      ['POST', '/api/v1/gp-record-entries/filed'],
      ['POST', '/api/v1/services'],
      ['POST', `/api/v1/cases/${NIL}/community-referrals`],
      ['GET', '/api/v1/inbox'],
      ['POST', `/api/v1/community-referrals/${NIL}/respond`],
      ['POST', `/api/v1/notifications/${NIL}/read`],
    ] as const;
    const bodies = ['null', '[]', '"x"', '1e999', '{"__proto__":{"admin":true}}', '{"email":[],"password":{}}', '{"limit":-1}', '\u0000', '{'.repeat(5000)];
    const queries = ['', '?limit=0', '?limit=abc', '?before=-5', '?action[]=x', '?role=admin&role=lead', '?from=9999-99-99', '?x=%E0%A4%A'];
    for (const session of [admin, lw, undefined]) {
      for (const [method, url] of routes) {
        for (const q of queries) {
          for (const body of method === 'GET' ? [undefined] : bodies) {
            const res = await t.app.inject({
              method: method as 'GET' | 'POST',
              url: url + q,
              headers: { ...(session?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(body === undefined ? {} : { payload: body }),
            });
            expect(res.statusCode, `${method} ${url}${q} ${body ?? ''}`).toBeLessThan(500);
            expect(res.json().error?.code ?? 'ok', `${method} ${url}${q}`).not.toBe('internal');
          }
        }
      }
    }
    // ~5,800 requests one after another: 5-12 s alone, past 30 s with every core busy.
  }, 120_000);

  it('tells the public sign-in page whether this is a demo, and nothing else', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(res.json()).toEqual({ service: 'linkwork', demo: true });
  });

  it('serves health, the OpenAPI document and its browsable page', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    for (const p of ['/api/v1/auth/sign-in', '/api/v1/me', '/api/v1/users', '/api/v1/persons/{id}', '/api/v1/audit-events']) expect(paths).toContain(p);
    expect(doc.json().paths['/api/v1/auth/sign-in'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: lw.headers });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('never writes personal data to the logs', async () => {
    const practiceId = (await t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: lw.headers,
      payload: { givenName: 'Zebedee', familyName: 'Logcheck', dateOfBirth: '1951-05-05', practiceId, nhsNumber: '9990791902', postcode: 'HX3 0BJ' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: lw.headers,
      payload: { givenName: 'Zebedee', familyName: 'Logcheck', dateOfBirth: '1951-05-05', practiceId, nhsNumber: '9990791902' },
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/geo/postcodes/HX3%200BJ', headers: lw.headers });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'secret.person@example.org', password: 'my-secret-password-1' } });
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['Zebedee', 'Logcheck', '9990791902', 'HX3 0BJ', 'HX3%200BJ', 'secret.person', 'my-secret-password-1', 'demo-linkwork-2026']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
