import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/domain/clock.ts';
import { parseConfig, type AppConfig } from '../../src/domain/schemas/config.ts';
import type { DialectName } from '../../src/db/connection.ts';
import { buildApp } from '../../src/server/app.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { DEMO_PASSWORD } from '../../src/services/identity/shared/demo-accounts.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export const TEST_START = new Date('2026-11-21T09:00:00.000Z');

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

/** A real app on a fresh real database, with a clock the test controls and captured logs. */
export async function createTestApp(dialect: DialectName, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
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
