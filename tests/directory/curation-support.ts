import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connection.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/** The demo sign-ins the curation tests use. */
export const WHO = {
  jo: 'link_worker@demo.linkwork.test', // link worker: reports problems
  lead: 'lead@demo.linkwork.test', // approves edits
  provider: 'provider@demo.linkwork.test', // Calder Befriending Network (demo): owns the singing group
  provider2: 'provider2@demo.linkwork.test', // Halifax Money Advice (demo)
  admin: 'admin@demo.linkwork.test',
  gp: 'referrer@demo.linkwork.test',
} as const;
export type Who = keyof typeof WHO;

export interface CurationWorld {
  t: TestApp;
  s: Record<Who, Session>;
  service: { singing: string; phone: string; debt: string; walking: string };
  get: (who: Who, url: string) => Promise<LightMyRequestResponse>;
  send: (who: Who, method: 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => Promise<LightMyRequestResponse>;
  lastSeq: () => Promise<number>;
  auditSince: (seq: number) => Promise<{ action: string; outcome: string; entity_id: string | null; summary: string }[]>;
}

/** A demo deployment (demo users and services), every actor signed in; `env` sets deployment options. */
export async function curationWorld(dialect: DialectName, env: Record<string, string> = {}): Promise<CurationWorld> {
  // Sessions outlive the months the freshness tests move the clock on.
  const t = await createTestApp(
    dialect,
    { LINKWORK_SESSION_IDLE_MINUTES: String(366 * 24 * 60), LINKWORK_SESSION_ABSOLUTE_HOURS: String(366 * 24), ...env },
    { demo: true },
  );
  const db = t.database.db;
  const services = await db.selectFrom('service').select(['id', 'name']).execute();
  const byName = (name: string) => services.find((x) => x.name === name)?.id ?? '';
  const s = {} as Record<Who, Session>;
  for (const [k, email] of Object.entries(WHO)) s[k as Who] = await sessionFor(t, email);
  return {
    t,
    s,
    service: {
      singing: byName('Tuesday Singing for Wellbeing'),
      phone: byName('Befriending by phone'),
      debt: byName('Debt and benefits advice'),
      walking: byName('Walking for Health Halifax'),
    },
    get: (who, url) => t.app.inject({ method: 'GET', url, headers: s[who].headers }),
    send: (who, method, url, payload) => t.app.inject({ method, url, headers: s[who].headers, ...(payload === undefined ? {} : { payload }) }),
    lastSeq: async () =>
      Number(
        (
          await db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.max('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m ?? 0,
      ),
    auditSince: (seq) => db.selectFrom('audit_event').select(['action', 'outcome', 'entity_id', 'summary']).where('seq', '>', seq).orderBy('seq').execute(),
  };
}
