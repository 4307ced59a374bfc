import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connection.ts';
import { findOrganisation } from '../../src/db/repositories/organisations/organisations.ts';
import { seedDemoServices } from '../../src/services/demo/seed-demo-services.ts';
import { makePerson, makeReferral } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/** The demo sign-ins the community-referral tests use, and what each covers. */
export const WHO = {
  jo: 'link_worker@demo.linkwork.test', // link worker: Bankfield X99001, King Cross X99002
  amira: 'link_worker2@demo.linkwork.test', // link worker: Saville Park X99003, Boothtown X99004
  lead: 'lead@demo.linkwork.test', // the PCN
  provider: 'provider@demo.linkwork.test', // Calder Befriending Network
  provider2: 'provider2@demo.linkwork.test', // Halifax Money Advice
  gp: 'referrer@demo.linkwork.test',
  commissioner: 'commissioner@demo.linkwork.test',
  admin: 'admin@demo.linkwork.test',
} as const;
export type Who = keyof typeof WHO;

export const SERVICE_NAMES = {
  singing: 'Tuesday Singing for Wellbeing',
  phone: 'Befriending by phone',
  debt: 'Debt and benefits advice',
  walking: 'Walking for Health Halifax',
} as const;

/**
 * Text that is on the person's record but must never reach a provider: the NHS number, date of
 * birth and postcode, conversation notes, the plan and contact notes.
 */
export const NOT_FOR_PROVIDERS = {
  dateOfBirth: '1951-04-17',
  postcode: 'HX1 1AA',
  conversation: 'CONVERSATION-NOTE husband died in March',
  plan: 'PLAN-GOAL sing again like before',
  contactNote: 'CONTACT-NOTE tearful on the phone',
  risk: 'RISK-TEXT lives alone',
} as const;

export interface CommunityWorld {
  t: TestApp;
  s: Record<Who, Session>;
  user: Record<Who, string>;
  orgs: { befriending: string; moneyAdvice: string };
  service: Record<keyof typeof SERVICE_NAMES, string>;
  /** A person at Bankfield (X99001 unless said) with contact details, notes and a plan, and their open case allocated to Jo. */
  newCase: (opts?: {
    ods?: string;
    status?: string;
    givenName?: string;
    familyName?: string;
  }) => Promise<{ caseId: string; personId: string; nhsNumber: string; givenName: string; familyName: string; phone: string; email: string }>;
  get: (who: Who, url: string) => Promise<LightMyRequestResponse>;
  post: (who: Who, url: string, payload?: object) => Promise<LightMyRequestResponse>;
  lastSeq: () => Promise<number>;
  auditSince: (
    seq: number,
  ) => Promise<
    { seq: number; action: string; outcome: string; actor_role: string | null; person_id: string | null; entity_id: string | null; summary: string }[]
  >;
  refer: (caseId: string, service: keyof typeof SERVICE_NAMES, extra?: object) => Promise<{ id: string; version: number }>;
  respond: (who: Who, id: string, command: string, version: number, declineReason?: string) => Promise<LightMyRequestResponse>;
}

let nhsSeq = 500_000;
/** A fresh synthetic 999-range NHS number with a valid Modulus 11 check digit. */
function nextNhsNumber(): string {
  for (;;) {
    const body = `999${String(nhsSeq++).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${body}${check}`;
  }
}

/** A demo deployment with the demo services, every actor signed in (sessions outlive the 14-day expiry). */
export async function communityWorld(dialect: DialectName): Promise<CommunityWorld> {
  const t = await createTestApp(
    dialect,
    { LINKWORK_SESSION_IDLE_MINUTES: String(366 * 24 * 60), LINKWORK_SESSION_ABSOLUTE_HOURS: String(366 * 24) },
    { demo: true },
  );
  const db = t.database.db;
  const orgId = async (name: string) => (await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const orgs = { befriending: await orgId('Calder Befriending Network (demo)'), moneyAdvice: await orgId('Halifax Money Advice (demo)') };
  await seedDemoServices(t.deps, orgs);
  const services = await db.selectFrom('service').select(['id', 'name']).execute();
  const service = Object.fromEntries(Object.entries(SERVICE_NAMES).map(([k, name]) => [k, services.find((x) => x.name === name)?.id ?? ''])) as Record<
    keyof typeof SERVICE_NAMES,
    string
  >;

  const users = await db.selectFrom('app_user').select(['id', 'email']).execute();
  const s = {} as Record<Who, Session>;
  const user = {} as Record<Who, string>;
  for (const k of Object.keys(WHO) as Who[]) {
    s[k] = await sessionFor(t, WHO[k]);
    user[k] = users.find((u) => u.email === WHO[k])?.id ?? '';
  }

  let n = 0;
  const newCase: CommunityWorld['newCase'] = async (opts = {}) => {
    n += 1;
    const ods = opts.ods ?? 'X99001';
    const practiceId = (await db.selectFrom('organisation').select('id').where('ods_code', '=', ods).executeTakeFirstOrThrow()).id;
    const practice = await findOrganisation(db, practiceId);
    if (practice === undefined) throw new Error('no practice');
    const nhsNumber = nextNhsNumber();
    const person = await makePerson(t.deps, practice, { nhsNumber, postcode: NOT_FOR_PROVIDERS.postcode });
    const givenName = opts.givenName ?? `Winifred${n}`;
    const familyName = opts.familyName ?? `Ormerod${n}`;
    const phone = `07700 900${String(100 + n)}`;
    const email = `winifred${n}@example.org`;
    await db
      .updateTable('person')
      .set({
        given_name: givenName,
        family_name: familyName,
        date_of_birth: NOT_FOR_PROVIDERS.dateOfBirth,
        phone,
        email,
        contact_preferences: JSON.stringify({ methods: ['phone', 'letter'], notes: 'Mornings are best' }),
        communication_needs: JSON.stringify({ interpreter: false, formats: ['large_print'] }),
      })
      .where('id', '=', person.id)
      .execute();
    const { id: caseId } = await makeReferral(t.deps, person, { status: opts.status ?? 'active', linkWorkerId: user.jo, needs: ['loneliness', 'bereavement'] });
    const at = t.clock.now().toISOString();
    await db.updateTable('referral').set({ risk_text: NOT_FOR_PROVIDERS.risk, reason_text: 'Referral reason from the GP' }).where('id', '=', caseId).execute();
    await db
      .insertInto('conversation')
      .values({
        referral_id: caseId,
        needs: JSON.stringify([{ code: 'bereavement' }]),
        strengths: 'Sang in a choir',
        interests: 'Music',
        barriers: '["transport"]',
        notes: NOT_FOR_PROVIDERS.conversation,
        updated_at: at,
        updated_by: user.jo,
        version: 1,
      })
      .execute();
    await db
      .insertInto('plan_version')
      .values({
        id: crypto.randomUUID(),
        referral_id: caseId,
        version: 1,
        goals: JSON.stringify([{ id: 'g1', text: NOT_FOR_PROVIDERS.plan, steps: [], status: 'active' }]),
        review_on: null,
        created_at: at,
        created_by: user.jo,
      })
      .execute();
    await db
      .insertInto('contact')
      .values({
        id: crypto.randomUUID(),
        referral_id: caseId,
        at,
        type: 'phone',
        duration_minutes: 20,
        successful: 1,
        notes: NOT_FOR_PROVIDERS.contactNote,
        created_by: user.jo,
        created_at: at,
      })
      .execute();
    return { caseId, personId: person.id, nhsNumber, givenName, familyName, phone, email };
  };

  const get = (who: Who, url: string) => t.app.inject({ method: 'GET', url, headers: s[who].headers });
  const post = (who: Who, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: s[who].headers, ...(payload === undefined ? {} : { payload }) });
  const lastSeq = async () =>
    Number(
      (
        await db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirstOrThrow()
      ).m ?? 0,
    );
  const auditSince = async (seq: number) =>
    (
      await db
        .selectFrom('audit_event')
        .select(['seq', 'action', 'outcome', 'actor_role', 'person_id', 'entity_id', 'summary'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .execute()
    ).map((e) => ({
      ...e,
      seq: Number(e.seq),
    }));
  const refer: CommunityWorld['refer'] = async (caseId, svc, extra = {}) => {
    const res = await post('jo', `/api/v1/cases/${caseId}/community-referrals`, {
      serviceId: service[svc],
      kind: 'refer',
      need: 'loneliness',
      reasonText: 'Would enjoy company; widowed this year',
      ...extra,
    });
    if (res.statusCode !== 201) throw new Error(`refer failed: ${res.statusCode} ${res.body}`);
    const body = res.json<{ id: string; version: number }>();
    return { id: body.id, version: body.version };
  };
  const respond: CommunityWorld['respond'] = (who, id, command, version, declineReason) =>
    post(who, `/api/v1/community-referrals/${id}/respond`, { command, version, ...(declineReason === undefined ? {} : { declineReason }) });

  return { t, s, user, orgs, service, newCase, get, post, lastSeq, auditSince, refer, respond };
}
