import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionCookieFrom, signInAs, type TestApp } from '../support/test-app.ts';

const ADMIN = 'admin@demo.linkwork.test';
const LW = 'link_worker@demo.linkwork.test';
const PASSWORD = 'demo-linkwork-2026';

describe.each(TEST_DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    // The demo deployment comes from a template (seeded once per run); signing in stays real here.
    t = await createTestApp(dialect, {}, { demo: true });
  });
  afterEach(async () => t.close());

  const signIn = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  const actions = async () => await t.database.db.selectFrom('audit_event').select(['action', 'outcome', 'summary', 'actor_user_id']).orderBy('seq').execute();

  it('signs in with a hardened session cookie and answers /me with role, permissions and scope', async () => {
    const res = await signIn(LW, PASSWORD);
    expect(res.statusCode).toBe(200);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/^__Host-lw_session=/);
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    expect(raw).toMatch(/Secure/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookieFrom(res) ?? '' } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.user).toMatchObject({ email: LW, role: 'link_worker' });
    expect(body.permissions).toContain('person:read');
    expect(body.permissions).not.toContain('audit:read');
    expect(body.scope.deploymentWide).toBe(false);
    expect(body.scope.organisations.map((o: { odsCode: string }) => o.odsCode).sort()).toEqual(['X99001', 'X99002']);
    expect((await actions()).at(-1)).toMatchObject({ action: 'session.signed_in', outcome: 'success' });
  });

  it('gives the same answer for a wrong password and an unknown account, and audits both', async () => {
    const wrong = await signIn(LW, 'not-the-password-at-all');
    const unknown = await signIn('nobody@demo.linkwork.test', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('unauthenticated');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const failed = (await actions()).filter((a) => a.action === 'session.sign_in_failed');
    expect(failed.map((f) => JSON.parse(f.summary).reason)).toEqual(['wrong_password', 'unknown_account']);
    // The typed email is never stored in the trail.
    expect(JSON.stringify(await actions())).not.toContain('nobody@');
  });

  it('locks an account after repeated failures, the same way for unknown accounts, then lets it in later', async () => {
    for (const email of [LW, 'ghost@demo.linkwork.test']) {
      for (let i = 0; i < 5; i++) expect((await signIn(email, 'wrong-password-again')).statusCode).toBe(401);
      const locked = await signIn(email, PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('rate_limited');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    t.clock.advance(16 * 60_000);
    expect((await signIn(LW, PASSWORD)).statusCode).toBe(200);
  });

  it('counts every one of many simultaneous wrong passwords, so a burst still locks the account', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, () => signIn(LW, 'wrong-password-in-parallel')));
    expect(burst.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    expect((await signIn(LW, PASSWORD)).statusCode).toBe(429);
  });

  it('an administrator resetting the password also lifts a lock-out', async () => {
    for (let i = 0; i < 5; i++) await signIn(LW, 'wrong-password-again');
    expect((await signIn(LW, PASSWORD)).statusCode).toBe(429);
    const admin = await signInAs(t.app, ADMIN);
    const id = (await t.database.db.selectFrom('app_user').select('id').where('email', '=', LW).executeTakeFirstOrThrow()).id;
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/reset-password`,
      headers: admin.headers,
      payload: { password: 'a-brand-new-passphrase-1' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await signIn(LW, 'a-brand-new-passphrase-1')).statusCode).toBe(200);
  });

  it('doubles the lock-out when failures continue after a lock (back-off)', async () => {
    for (let i = 0; i < 5; i++) await signIn(LW, 'wrong-password-again');
    t.clock.advance(16 * 60_000);
    for (let i = 0; i < 5; i++) await signIn(LW, 'wrong-password-again');
    t.clock.advance(16 * 60_000);
    expect((await signIn(LW, PASSWORD)).statusCode).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await signIn(LW, PASSWORD)).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const s = await signInAs(t.app, LW);
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    t.clock.advance(29 * 60_000);
    expect((await me()).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await me()).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const idle = await me();
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('session_expired');

    const s2 = await signInAs(t.app, LW);
    for (let i = 0; i < 12 * 3; i++) {
      t.clock.advance(20 * 60_000);
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s2.cookie } });
      if (i < 35) expect(r.statusCode).toBe(200);
      else expect(r.json().error.code).toBe('session_expired');
    }
  });

  it('signs out server-side: the old cookie stops working', async () => {
    const s = await signInAs(t.app, LW);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: s.headers });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(after.json().error.code).toBe('session_expired');
    expect((await actions()).map((a) => a.action)).toContain('session.signed_out');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const s = await signInAs(t.app, ADMIN);
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const badToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(badToken.json().error.code).toBe('csrf_failed');
  });

  it('a disabled user cannot sign in and their live sessions end at once', async () => {
    const admin = await signInAs(t.app, ADMIN);
    const lw = await signInAs(t.app, LW);
    const id = lw.cookie && (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: lw.cookie } })).json().user.id;
    const dis = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/disable`, headers: admin.headers });
    expect(dis.statusCode).toBe(200);
    expect(dis.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: lw.cookie } })).statusCode).toBe(401);
    const again = await signIn(LW, PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.message).toBe((await signIn('nobody@x.test', 'whatever-password')).json().error.message);
  });

  it('demo accounts do not work outside demo mode', async () => {
    const plain = await createTestApp(dialect, { LINKWORK_DEMO: '0' }, { demo: true });
    try {
      expect((await plain.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: ADMIN, password: PASSWORD } })).statusCode).toBe(401);
    } finally {
      await plain.close();
    }
  });
});
