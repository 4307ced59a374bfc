import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

const MIN = 60_000;
const LW = 'link_worker@demo.linkwork.test';

/**
 * A session used within its idle window never expires (until its absolute limit); one left idle
 * for longer than the window does. Idle 30 minutes, absolute 12 hours (the defaults), on the
 * injected clock. Before the fix, a use within a minute of the last recorded one did not count:
 * a session used 29 minutes ago could end because its last *recorded* use was 30 minutes ago.
 */
describe.each(TEST_DIALECTS)('session idle expiry on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { LINKWORK_SESSION_IDLE_MINUTES: '30', LINKWORK_SESSION_ABSOLUTE_HOURS: '12' }, { demo: true });
  });
  afterAll(async () => t.close());

  const me = (s: Session) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });

  it('stays signed in when used every 20 minutes for 2 hours, with bursts of requests, then ends after 31 idle minutes', async () => {
    const s = await sessionFor(t, LW);
    for (let i = 0; i < 6; i++) {
      t.clock.advance(20 * MIN);
      // A page load is several requests a few seconds apart.
      for (const gap of [0, 5_000, 20_000]) {
        t.clock.advance(gap);
        const res = await me(s);
        expect(res.statusCode, `after ${(i + 1) * 20} minutes (+${gap / 1000} s)`).toBe(200);
        expect(new Date(res.json().session.idleExpiresAt).getTime()).toBe(t.clock.now().getTime() + 30 * MIN);
      }
    }
    t.clock.advance(31 * MIN);
    const idle = await me(s);
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('session_expired');
  });

  it('counts a use a few seconds after the last one: 29 minutes after it the session still works', async () => {
    const s = await sessionFor(t, LW);
    t.clock.advance(25_000);
    expect((await me(s)).statusCode).toBe(200);
    // 29 minutes after that use, 29 min 25 s after signing in (the last use written down).
    t.clock.advance(29 * MIN + 55_000);
    expect((await me(s)).statusCode).toBe(200);
    t.clock.advance(29 * MIN);
    expect((await me(s)).statusCode).toBe(200);
    t.clock.advance(31 * MIN);
    expect((await me(s)).json().error.code).toBe('session_expired');
  });

  it('still ends 12 hours after sign-in however active', async () => {
    const s = await sessionFor(t, LW);
    for (let i = 1; i <= 12 * 3; i++) {
      t.clock.advance(20 * MIN);
      const res = await me(s);
      if (i < 36) expect(res.statusCode, `after ${i * 20} minutes`).toBe(200);
      else expect(res.json().error.code).toBe('session_expired');
    }
  });
});
