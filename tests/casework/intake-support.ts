import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connection.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/** The demo people the intake stories use (see src/services/demo/seed-demo.ts for their scope). */
export const WHO = {
  shah: 'referrer@demo.linkwork.test', // Dr Priya Shah, GP at Bankfield X99001
  firth: 'referrer2@demo.linkwork.test', // Dr Owen Firth, GP at Saville Park X99003
  sam: 'partner_referrer@demo.linkwork.test', // Sam Holroyd, Calderdale Housing Options
  jo: 'link_worker@demo.linkwork.test', // Jo Barker: Bankfield X99001, King Cross X99002
  amira: 'link_worker2@demo.linkwork.test', // Amira Hussain: Saville Park X99003, Boothtown X99004
  kieran: 'link_worker3@demo.linkwork.test', // Kieran Walsh: King Cross X99002, Saville Park X99003
  helen: 'lead@demo.linkwork.test', // Helen Crossley, lead for Halifax Central PCN (X99001–X99004)
  provider: 'provider@demo.linkwork.test',
  pcnLead: 'pcn_lead@demo.linkwork.test',
  commissioner: 'commissioner@demo.linkwork.test',
  admin: 'admin@demo.linkwork.test',
  auditor: 'auditor@demo.linkwork.test',
} as const;
export type Who = keyof typeof WHO;

export interface Intake {
  t: TestApp;
  s: Record<Who, Session>;
  userId: Record<Who, string>;
  /** Organisation id by ODS code (practices X99001–X99005) or by name for the others. */
  org: Record<string, string>;
  get: (who: Session | null, url: string) => Promise<LightMyRequestResponse>;
  post: (who: Session | null, url: string, payload?: object, remoteAddress?: string) => Promise<LightMyRequestResponse>;
  patch: (who: Session, url: string, payload: object) => Promise<LightMyRequestResponse>;
  lastSeq: () => Promise<number>;
  auditSince: (
    seq: number,
  ) => Promise<
    { seq: number; action: string; outcome: string; actor_role: string | null; entity_id: string | null; person_id: string | null; summary: string }[]
  >;
  count: (table: 'person' | 'referral' | 'person_address' | 'notification' | 'case_event') => Promise<number>;
  close: () => Promise<void>;
}

/** A demo deployment with every intake actor signed in; sessions outlive the days the stories skip. */
export async function intakeApp(dialect: DialectName): Promise<Intake> {
  const t = await createTestApp(
    dialect,
    { LINKWORK_SESSION_IDLE_MINUTES: String(60 * 24 * 60), LINKWORK_SESSION_ABSOLUTE_HOURS: String(60 * 24) },
    { demo: true },
  );
  const s = {} as Record<Who, Session>;
  const userId = {} as Record<Who, string>;
  for (const [key, email] of Object.entries(WHO) as [Who, string][]) {
    s[key] = await sessionFor(t, email);
    userId[key] = (await t.database.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }
  const orgs = await t.database.db.selectFrom('organisation').select(['id', 'ods_code', 'name']).execute();
  const org = Object.fromEntries(orgs.map((o) => [o.ods_code ?? o.name, o.id]));
  const db = t.database.db;
  return {
    t,
    s,
    userId,
    org,
    get: (who, url) => t.app.inject({ method: 'GET', url, headers: who?.headers ?? {} }),
    post: (who, url, payload, remoteAddress) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: who?.headers ?? {},
        ...(payload === undefined ? {} : { payload }),
        ...(remoteAddress === undefined ? {} : { remoteAddress }),
      }),
    patch: (who, url, payload) => t.app.inject({ method: 'PATCH', url, headers: who.headers, payload }),
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
          .select(['seq', 'action', 'outcome', 'actor_role', 'entity_id', 'person_id', 'summary'])
          .where('seq', '>', seq)
          .orderBy('seq')
          .execute()
      ).map((e) => ({
        ...e,
        seq: Number(e.seq),
      })),
    count: async (table) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: () => t.close(),
  };
}

/** Every audit summary in the database, as one text, for "no personal data here" checks. */
export async function allAuditSummaries(t: TestApp): Promise<string> {
  return (await t.database.db.selectFrom('audit_event').select('summary').execute()).map((r) => r.summary).join('\n');
}

/** Edith Marsden: a fictional widow in her seventies with a synthetic 999-range NHS number. */
export const EDITH = {
  nhsNumber: '9991000003',
  givenName: 'Edith',
  familyName: 'Marsden',
  dateOfBirth: '1951-04-09',
  sex: 'female',
  ethnicCategory: 'A',
  address: { line1: '12 Mill Lane', town: 'Halifax', postcode: 'HX1 1AA' },
  phone: '01632 960111',
  contactPreferences: { methods: ['phone', 'letter'], bestTimes: ['morning'], notes: 'Hard of hearing: let it ring' },
  communicationNeeds: { interpreterNeeded: false, accessibleFormats: ['large_print'] },
} as const;
