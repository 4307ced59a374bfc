import { fileURLToPath } from 'node:url';
import type { Role } from '../../domain/roles.ts';
import { findUserWithSecretByEmail } from '../../db/repositories/identity/users.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { createOrganisation } from '../organisations/create-organisation.ts';
import { createPerson } from '../people/create-person.ts';
import { createUser } from '../identity/create-user.ts';
import { DEMO_ACCOUNTS as DEMO_USERS, DEMO_PASSWORD, demoEmail } from '../identity/shared/demo-accounts.ts';
import { importImd } from '../geo/import-imd.ts';
import { importNspl } from '../geo/import-nspl.ts';
import { fixedClock } from '../../domain/clock.ts';
import { inOneTransaction } from './history/one-transaction.ts';
import { DEMO_DENOMINATOR_FILES, seedDemoDenominators } from './seed-demo-denominators.ts';
import { seedDemoDirectory } from './seed-demo-directory.ts';
import { demoHistoryPlan, hasReferrals, seedDemoHistory, type DemoHistoryOptions, type DemoHistorySummary } from './seed-demo-history.ts';
import { findDemoVcseFromFeed, seedDemoHxDirectory } from './seed-demo-hx-directory.ts';
import { seedDemoServices, type DemoServiceOrgs } from './seed-demo-services.ts';
import { loadCast } from './history/cast.ts';
import { seedDemoProactive, type DemoProactiveSummary } from './seed-demo-proactive.ts';

export const DEMO_GEO_FILES = {
  postcodes: fileURLToPath(new URL('../../../demo/geo-hx-postcodes.csv', import.meta.url)),
  imd: fileURLToPath(new URL('../../../demo/geo-hx-imd.csv', import.meta.url)),
};

export interface DemoAccount {
  email: string;
  role: Role;
  displayName: string;
}

export interface SeedDemoOptions {
  /** Also import a real sample of Bristol's directory and the Open Eligibility taxonomy (once). Kept for the directory tests; the living demo uses its own fictional HX directory. */
  directory?: boolean;
  /**
   * The living demo (the demo server and `linkwork seed-demo` ask for it; tests of the small demo
   * do not): a fictional HX directory with places, times and capacity instead of Bristol's, and
   * about 18 months of the PCN's work told through the real use cases up to today, so every role
   * has a history and today's work waiting. `true` for the defaults, or how much to make.
   */
  history?: boolean | DemoHistoryOptions;
}

export interface SeedDemoResult {
  seeded: boolean;
  accounts: DemoAccount[];
  /** What the history made, when it was made by this call. */
  history?: DemoHistorySummary & { proactive: DemoProactiveSummary };
}

/**
 * Seeds a fictional PCN in Calderdale (four practices, a neighbouring PCN the demo staff do not
 * cover, two VCSE providers and a housing partner), one user per role (three link workers, two
 * GPs) and a few fictional people with synthetic 999-range NHS numbers. Idempotent: does nothing
 * when the demo admin already exists. All names and codes are invented. With `directory`, also
 * imports a real sample of Bristol's directory and the Open Eligibility taxonomy (once). With
 * `history`, seeds the living demo instead (see SeedDemoOptions); it too is done once, and either
 * wholly or not at all.
 */
export async function seedDemo(deps: ServiceDeps, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const accounts = DEMO_USERS.map((u) => ({ email: u.email, role: u.role, displayName: u.displayName }));
  if (opts.history !== undefined && opts.history !== false)
    return seedLivingDemo(deps, opts.directory === true, opts.history === true ? {} : opts.history, accounts);
  // The demo directory (real Open Referral data, see seed-demo-directory.ts) is asked for by the
  // demo server and `linkwork seed-demo`, not by tests that need exactly the four demo services.
  // It runs before the "already seeded" check so demo databases made before it existed get it too.
  if (opts.directory === true) await seedDemoDirectory(deps);
  if ((await findUserWithSecretByEmail(deps.db, demoEmail('admin'))) !== undefined) return { seeded: false, accounts };
  await seedDemoBase(deps);
  return { seeded: true, accounts };
}

/**
 * The living demo, in one database transaction (history/one-transaction.ts says why): on a clock
 * set back to the start of the history, the HX directory, the demo organisations and users (their
 * two VCSE organisations being the feed's own, so the providers answer for the feed's services),
 * the practices' list sizes, and then the history itself up to the moment seeding began.
 */
async function seedLivingDemo(deps: ServiceDeps, bristol: boolean, options: DemoHistoryOptions, accounts: DemoAccount[]): Promise<SeedDemoResult> {
  if (await hasReferrals(deps)) {
    if (bristol) await seedDemoDirectory(deps);
    return { seeded: false, accounts };
  }
  const plan = demoHistoryPlan(deps.clock.now(), options);
  return inOneTransaction(deps, async (batch) => {
    const clock = fixedClock(new Date(plan.start));
    const d: ServiceDeps = { ...batch, clock };
    if (bristol) await seedDemoDirectory(d);
    await seedDemoHxDirectory(d);
    if ((await findUserWithSecretByEmail(d.db, demoEmail('admin'))) === undefined) await seedDemoBase(d, (await findDemoVcseFromFeed(d)) ?? undefined);
    await seedDemoDenominators(d);
    const history = await seedDemoHistory(d, clock, plan, { ...DEMO_GEO_FILES, practiceLsoas: DEMO_DENOMINATOR_FILES.lsoa });
    // The practices' own searches, a fit-note cohort and outreach under way (issue 12).
    const proactive = await seedDemoProactive(d, await loadCast(d), plan.end, DEMO_GEO_FILES.postcodes, options.practiceDataPeople);
    return { seeded: true, accounts, history: { ...history, proactive } };
  });
}

/**
 * The organisations, users, people and services of the demo. `vcse`: the two VCSE organisations
 * when they exist already (the living demo's directory feed makes them); otherwise made here.
 */
async function seedDemoBase(deps: ServiceDeps, vcse?: DemoServiceOrgs): Promise<void> {
  const actor = systemActor('demo-seed');
  await importNspl(deps, actor, DEMO_GEO_FILES.postcodes);
  await importImd(deps, actor, DEMO_GEO_FILES.imd);

  const org = (kind: 'icb' | 'pcn' | 'practice' | 'vcse' | 'partner', name: string, extra: { odsCode?: string; parentId?: string; listSize?: number } = {}) =>
    createOrganisation(deps, actor, { kind, name, ...extra });
  const icb = await org('icb', 'West Yorkshire ICB (demo)', { odsCode: 'XDEMO1' });
  const pcn = await org('pcn', 'Halifax Central PCN (demo)', { odsCode: 'XDEMO2', parentId: icb.id });
  const otherPcn = await org('pcn', 'Upper Valley PCN (demo)', { odsCode: 'XDEMO3', parentId: icb.id });
  const practices = [
    await org('practice', 'Bankfield Surgery (demo)', { odsCode: 'X99001', parentId: pcn.id, listSize: 9_850 }),
    await org('practice', 'King Cross Medical Centre (demo)', { odsCode: 'X99002', parentId: pcn.id, listSize: 12_400 }),
    await org('practice', 'Saville Park Practice (demo)', { odsCode: 'X99003', parentId: pcn.id, listSize: 7_300 }),
    await org('practice', 'Boothtown Health Centre (demo)', { odsCode: 'X99004', parentId: pcn.id, listSize: 10_950 }),
  ] as const;
  const otherPractice = await org('practice', 'Hebden Lane Surgery (demo)', { odsCode: 'X99005', parentId: otherPcn.id, listSize: 6_200 });
  const vcse1 = vcse?.befriending ?? (await org('vcse', 'Calder Befriending Network (demo)')).id;
  const vcse2 = vcse?.moneyAdvice ?? (await org('vcse', 'Halifax Money Advice (demo)')).id;
  const partner = await org('partner', 'Calderdale Housing Options (demo)');

  const scopes: Record<string, string[]> = {
    [demoEmail('referrer')]: [practices[0].id],
    [demoEmail('referrer', 2)]: [practices[2].id],
    [demoEmail('partner_referrer')]: [partner.id],
    [demoEmail('link_worker')]: [practices[0].id, practices[1].id],
    [demoEmail('link_worker', 2)]: [practices[2].id, practices[3].id],
    [demoEmail('link_worker', 3)]: [practices[1].id, practices[2].id],
    [demoEmail('lead')]: [pcn.id],
    [demoEmail('provider')]: [vcse1],
    [demoEmail('provider', 2)]: [vcse2],
    [demoEmail('pcn_lead')]: [pcn.id],
    [demoEmail('commissioner')]: [icb.id],
  };
  for (const u of DEMO_USERS) {
    await createUser(deps, actor, {
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      password: DEMO_PASSWORD,
      organisationIds: scopes[u.email] ?? [],
    });
  }
  const people = [
    { nhsNumber: '9990079196', givenName: 'Ada', familyName: 'Hartley', dateOfBirth: '1948-03-12', postcode: 'HX1 1AA', practiceId: practices[0].id },
    { nhsNumber: '9990237573', givenName: 'Imran', familyName: 'Qureshi', dateOfBirth: '1979-07-30', postcode: 'HX3 0AR', practiceId: practices[1].id },
    { nhsNumber: '9990316767', givenName: 'Beth', familyName: 'Sutcliffe', dateOfBirth: '1991-11-02', postcode: 'HX3 0BJ', practiceId: practices[2].id },
    { nhsNumber: '9990395950', givenName: 'Tomasz', familyName: 'Nowak', dateOfBirth: '1965-05-21', practiceId: practices[3].id },
    { nhsNumber: '9990475148', givenName: 'Gwen', familyName: 'Ackroyd', dateOfBirth: '1955-01-08', postcode: 'HX3 0DA', practiceId: otherPractice.id },
  ];
  for (const p of people) await createPerson(deps, actor, p);
  await seedDemoServices(deps, { befriending: vcse1, moneyAdvice: vcse2 });
  await deps.db
    .transaction()
    .execute((tx) =>
      appendAudit(tx, deps.clock, actor, { action: 'system.demo_seeded', outcome: 'success', summary: { users: DEMO_USERS.length, people: people.length } }),
    );
}
