import type { LightMyRequestResponse } from 'fastify';
import { findOrganisation, type Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { makePerson, makeReferral } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import type { DialectName } from '../../src/db/connection.ts';

/** Demo sign-ins the casework tests use. */
export const DEMO = {
  jo: 'link_worker@demo.linkwork.test', // Bankfield X99001, King Cross X99002
  amira: 'link_worker2@demo.linkwork.test', // Saville Park X99003, Boothtown X99004
  lead: 'lead@demo.linkwork.test', // the PCN
  gp: 'referrer@demo.linkwork.test', // Bankfield X99001
  gp2: 'referrer2@demo.linkwork.test', // Saville Park X99003
  provider: 'provider@demo.linkwork.test',
  commissioner: 'commissioner@demo.linkwork.test',
  admin: 'admin@demo.linkwork.test',
  auditor: 'auditor@demo.linkwork.test',
  pcnLead: 'pcn_lead@demo.linkwork.test',
} as const;

let nhsSeq = 100_000;

/** A fresh synthetic NHS number in the 999 range with a valid Modulus 11 check digit. */
export function nextNhsNumber(): string {
  for (;;) {
    const body = `999${String(nhsSeq++).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    let check = 11 - (sum % 11);
    if (check === 11) check = 0;
    if (check === 10) continue;
    const n = `${body}${check}`;
    if (!/^(\d)\1{9}$/.test(n)) return n;
  }
}

export interface Casework {
  t: TestApp;
  s: Record<keyof typeof DEMO, Session>;
  user: Record<keyof typeof DEMO, string>;
  org: (ods: string) => Promise<Organisation>;
  /** A person with a fresh NHS number (and a demo postcode with an LSOA) and their case, allocated to Jo unless said otherwise. */
  newCase: (opts?: {
    ods?: string;
    status?: string;
    linkWorker?: keyof typeof DEMO | null;
    referrer?: keyof typeof DEMO | null;
    needs?: string[];
  }) => Promise<{ id: string; personId: string; nhsNumber: string }>;
  get: (who: Session, url: string) => Promise<LightMyRequestResponse>;
  post: (who: Session, url: string, payload?: object) => Promise<LightMyRequestResponse>;
  put: (who: Session, url: string, payload: object) => Promise<LightMyRequestResponse>;
  auditCount: () => Promise<number>;
  auditSince: (seq: number) => Promise<{ seq: number; action: string; outcome: string; person_id: string | null; summary: string; entity_id: string | null }[]>;
  lastSeq: () => Promise<number>;
}

/** A demo deployment with every casework actor signed in. */
export async function casework(dialect: DialectName, env: Record<string, string> = {}): Promise<Casework> {
  // Casework stories span weeks of the injected clock: sessions must outlive them (sessions have their own tests).
  const t = await createTestApp(
    dialect,
    { LINKWORK_SESSION_IDLE_MINUTES: String(366 * 24 * 60), LINKWORK_SESSION_ABSOLUTE_HOURS: String(366 * 24), ...env },
    { demo: true },
  );
  const keys = Object.keys(DEMO) as (keyof typeof DEMO)[];
  const s = {} as Record<keyof typeof DEMO, Session>;
  const user = {} as Record<keyof typeof DEMO, string>;
  const users = await t.database.db.selectFrom('app_user').select(['id', 'email']).execute();
  for (const k of keys) {
    s[k] = await sessionFor(t, DEMO[k]);
    user[k] = users.find((u) => u.email === DEMO[k])?.id ?? '';
  }
  const orgIds = new Map((await t.database.db.selectFrom('organisation').select(['id', 'ods_code']).execute()).map((o) => [o.ods_code ?? o.id, o.id]));
  const org = async (ods: string) => {
    const o = await findOrganisation(t.database.db, orgIds.get(ods) ?? '');
    if (o === undefined) throw new Error(`no organisation ${ods}`);
    return o;
  };
  const newCase: Casework['newCase'] = async (opts = {}) => {
    const practice = await org(opts.ods ?? 'X99001');
    const nhsNumber = nextNhsNumber();
    const person = await makePerson(t.deps, practice, { nhsNumber, postcode: 'HX1 1AA' });
    const lw = opts.linkWorker === undefined ? 'jo' : opts.linkWorker;
    const ref = opts.referrer === undefined ? 'gp' : opts.referrer;
    const { id } = await makeReferral(t.deps, person, {
      status: opts.status ?? 'allocated',
      linkWorkerId: lw === null ? null : user[lw],
      referrerUserId: ref === null ? null : user[ref],
      ...(opts.needs === undefined ? {} : { needs: opts.needs }),
    });
    return { id, personId: person.id, nhsNumber };
  };
  const db = t.database.db;
  return {
    t,
    s,
    user,
    org,
    newCase,
    get: (who, url) => t.app.inject({ method: 'GET', url, headers: who.headers }),
    post: (who, url, payload) => t.app.inject({ method: 'POST', url, headers: who.headers, ...(payload === undefined ? {} : { payload }) }),
    put: (who, url, payload) => t.app.inject({ method: 'PUT', url, headers: who.headers, payload }),
    auditCount: async () =>
      Number(
        (
          await db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    lastSeq: async () =>
      Number(
        (
          await db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.max('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m ?? 0,
      ),
    auditSince: async (seq) =>
      (
        await db
          .selectFrom('audit_event')
          .select(['seq', 'action', 'outcome', 'person_id', 'summary', 'entity_id'])
          .where('seq', '>', seq)
          .orderBy('seq')
          .execute()
      ).map((e) => ({
        ...e,
        seq: Number(e.seq),
      })),
  };
}

/** A successful or failed phone contact at the test clock's now. */
export const phone = (t: TestApp, successful: boolean, notes?: string) => ({
  at: t.clock.now().toISOString(),
  type: 'phone',
  durationMinutes: successful ? 20 : 2,
  successful,
  ...(notes === undefined ? {} : { notes }),
});

export const DAY = 86_400_000;
