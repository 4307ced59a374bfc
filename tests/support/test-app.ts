import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/domain/clock.ts';
import { parseConfig, type AppConfig } from '../../src/domain/schemas/config.ts';
import type { DialectName } from '../../src/db/connection.ts';
import { insertSession } from '../../src/db/repositories/identity/sessions.ts';
import { clearThrottle } from '../../src/db/repositories/identity/sign-in-throttle.ts';
import { findUserWithSecretByEmail } from '../../src/db/repositories/identity/users.ts';
import { buildApp } from '../../src/server/app.ts';
import { sessionCookieName } from '../../src/server/auth.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import { appendAudit } from '../../src/services/kernel/audit-append.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { newToken, sha256 } from '../../src/services/kernel/ids.ts';
import { DEMO_PASSWORD, isDemoEmail } from '../../src/services/identity/shared/demo-accounts.ts';
import { throttleKeyFor } from '../../src/services/identity/shared/throttle-key.ts';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './databases.ts';
import { TEST_START } from './test-clock.ts';

export { TEST_START };

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  deps: ServiceDeps;
  config: AppConfig;
  /** Every log line the app wrote, for checking that no personal data is logged. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A real app on a fresh real database, with a clock the test controls and captured logs. With
 * `{ demo: true }` the database already holds what seedDemo writes (copied from a template).
 */
export async function createTestApp(dialect: DialectName, env: Record<string, string> = {}, opts: TestDatabaseOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect, opts);
  const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '1', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'info', ...env });
  const clock = fixedClock(TEST_START);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app = await buildApp({ database, clock, config, webRoot: null, logStream });
  return {
    app,
    database,
    clock,
    config,
    logs,
    deps: { ...serviceDeps(database, config), clock },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

/** Reads the session cookie a response set, as a `name=value` pair for the next request. */
export function sessionCookieFrom(res: LightMyRequestResponse): string | undefined {
  const c = res.cookies.find((k) => k.name.endsWith('lw_session'));
  return c === undefined ? undefined : `${c.name}=${c.value}`;
}

/** Signs in through the real API and returns the cookie and CSRF token to use. */
export async function signInAs(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookieFrom(res);
  if (cookie === undefined) throw new Error('no session cookie');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/**
 * A signed-in session without the password check: the same rows a real sign-in writes (the
 * session with its CSRF token, the cleared throttle, the `session.signed_in` audit event) at the
 * app's clock, minus argon2's deliberate ~100 ms. Refuses whom sign-in would refuse (unknown,
 * disabled, demo accounts outside demo mode). Tests whose subject is signing in use signInAs.
 */
export async function sessionFor(t: Pick<TestApp, 'deps' | 'config'>, email: string): Promise<Session> {
  const { db, clock, config } = t.deps;
  const typed = email.trim().toLowerCase();
  const user = await findUserWithSecretByEmail(db, typed);
  if (user === undefined || user.disabled || (!config.demo && isDemoEmail(user.email))) throw new Error(`sign-in as ${email} would be refused`);
  const now = clock.now();
  const token = newToken();
  const csrf = newToken();
  const actor = { kind: 'user', userId: user.id, role: user.role, meta: { requestId: randomUUID(), ip: '127.0.0.1' } } as const;
  await db.transaction().execute(async (tx) => {
    await clearThrottle(tx, throttleKeyFor(typed));
    await insertSession(tx, {
      id: sha256(token),
      userId: user.id,
      csrfToken: csrf,
      at: now.toISOString(),
      idleExpiresAt: new Date(now.getTime() + config.sessionIdleMs).toISOString(),
      absoluteExpiresAt: new Date(now.getTime() + config.sessionAbsoluteMs).toISOString(),
    });
    await appendAudit(tx, clock, actor, { action: 'session.signed_in', outcome: 'success', entityType: 'user', entityId: user.id });
  });
  const cookie = `${sessionCookieName(t.config.cookieSecure)}=${token}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
