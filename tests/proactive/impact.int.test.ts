import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImpactResult } from '../../src/domain/schemas/impact.ts';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { createOrganisation } from '../../src/services/organisations/create-organisation.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { createCliDatabase, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { insertEpisode, insertPerson } from '../reports/report-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { loadPracticeRows, observableReferralWorld, type ObservableWorld } from '../support/practice-data-load.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/**
 * Impact on GP appointments and fit notes (issue 12, done-when): generated practice data with a
 * known effect, loaded into each database. People are referred the way a practice sees them — the
 * more appointments in the year before, the likelier — so before/after alone overstates the
 * effect (regression to the mean); the matched-controls interval holds the truth and excludes zero.
 * The truth is exact: the generator removes each appointment (fit note) of the referred people's
 * year after with a fixed probability and counts what it removed.
 *
 * (With the shared generator's own referrals — made in a latent "bad spell" the counts cannot
 * reveal — matching removes much but not all of the overstatement: src/domain/proactive/impact.test.ts
 * and docs/design/impact.md.)
 */
describe.each(TEST_DIALECTS)('impact analysis on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let data: ObservableWorld;
  let lead: Session;
  let commissioner: Session;
  let linkWorker: Session;

  const get = async (s: Session, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/proactive/impact?${query}`, headers: s.headers });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { a1, a2, pcnA, icb } = world;
    data = observableReferralWorld({
      seed: 11,
      practices: [
        { ods: a1.odsCode ?? '', people: 5000 },
        { ods: a2.odsCode ?? '', people: 5000 },
      ],
      extractDate: '2026-11-30',
      removeAppointments: 0.3,
      removeFitNotes: 0.5,
    });
    await loadPracticeRows(
      t.deps,
      new Map([
        [a1.odsCode ?? '', a1.id],
        [a2.odsCode ?? '', a2.id],
      ]),
      data,
    );
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [pcnA])).email);
    commissioner = await sessionFor(t, (await makeUser(t.deps, 'commissioner', [icb])).email);
    linkWorker = await sessionFor(t, (await makeUser(t.deps, 'link_worker', [pcnA])).email);
  }, 120_000);
  afterAll(async () => t.close());

  it('recovers the effect on GP appointments: the interval holds the truth and excludes zero; before/after overstates it', async () => {
    const res = await get(lead, 'outcome=gp_appointments');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<ImpactResult>();
    const truth = data.truth.gpAppointmentsPerQuarter;
    expect(truth).toBeLessThan(-0.4);
    expect(r).toMatchObject({ outcome: 'gp_appointments', method: 'matched_controls', disclosure: 'exact', withheldReason: null, wholePracticeData: false });
    expect(r.completeness).toEqual({ referred: data.referred.length, complete: data.referred.length, share: 1 });
    expect(r.treated).toBeGreaterThan(250);
    expect(r.controls).toBeGreaterThanOrEqual((r.treated as number) * 2);
    const [lo, hi] = r.ci95 ?? [NaN, NaN];
    expect(lo).toBeLessThan(truth);
    expect(hi).toBeGreaterThan(truth);
    expect(hi).toBeLessThan(0);
    expect(r.prePost.estimate ?? 0).toBeLessThan(lo);
    expect(r.prePost.warning).toMatch(/regression to the mean/);
    expect(r.prePost.unreferredFrequentAttenders.estimate ?? 0).toBeLessThan(0);
    expect(r.perQuarter.treated?.after).toHaveLength(4);
    expect(r.perQuarter.controls?.before).toHaveLength(4);
    expect(r.dnaPerQuarter?.treated?.before).toHaveLength(4);
    // freed appointments = −estimate × treated × 4, valued at the stated unit cost
    expect(r.value.freed.central).toBeCloseTo(-(r.estimate ?? 0) * (r.treated as number) * 4, 1);
    expect(r.value.money.central).toBeCloseTo((r.value.freed.central ?? 0) * r.assumptions.unitCost.amount, 0);
    expect(r.value.wellbeing.withheldReason).toBe('no_paired_life_satisfaction');
    expect(r.assumptions.unitCost).toMatchObject({ source: expect.stringMatching(/PSSRU/), year: expect.any(String) });
    // the same request gives the same interval (seeded bootstrap)
    expect((await get(lead, 'outcome=gp_appointments')).json<ImpactResult>().ci95).toEqual(r.ci95);

    const audit = await t.deps.db.selectFrom('audit_event').select(['action', 'summary']).where('action', '=', 'impact.analysed').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ outcome: 'gp_appointments', method: 'matched_controls', disclosure: 'exact' });
    // aggregates only: no NHS number anywhere in the result
    expect(res.body).not.toMatch(/"999\d{7}"/);
  }, 60_000);

  it('recovers the effect on fit notes likewise', async () => {
    const r = (await get(lead, 'outcome=fit_notes')).json<ImpactResult>();
    const truth = data.truth.fitNotesPerQuarter;
    const [lo, hi] = r.ci95 ?? [NaN, NaN];
    expect(lo).toBeLessThan(truth);
    expect(hi).toBeGreaterThan(truth);
    expect(hi).toBeLessThan(0);
    expect(r.prePost.estimate ?? 0).toBeLessThan(lo);
    expect(r.value.unit).toBe('fit_notes');
    expect(r.value.money.central).toBeNull();
    expect(r.dnaPerQuarter).toBeNull();
  }, 60_000);

  it('withholds the estimates under 30 referred people with complete windows, still giving n and completeness', async () => {
    const first = [...data.referred].sort((a, b) => (a.indexDate < b.indexDate ? -1 : 1)).slice(0, 20);
    const from = first[0]?.indexDate ?? '';
    const to = first[19]?.indexDate ?? '';
    const r = (await get(lead, `outcome=gp_appointments&from=${from}&to=${to}`)).json<ImpactResult>();
    const n = data.referred.filter((p) => p.indexDate >= from && p.indexDate <= to).length;
    expect(n).toBeLessThan(30);
    expect(r).toMatchObject({ estimate: null, ci95: null, withheldReason: 'fewer_than_30_treated', completeness: { referred: n, complete: n } });
    expect(r.prePost.estimate).toBeNull();
    expect(r.perQuarter).toEqual({ treated: null, controls: null });
    expect(r.value.freed.central).toBeNull();
  }, 60_000);

  it('counts a Linkwork referral matched by NHS number as referred', async () => {
    const before = (await get(lead, `outcome=gp_appointments&from=2025-06-01&to=2025-06-30`)).json<ImpactResult>();
    const referredNhs = new Set(data.referred.map((r) => r.nhsNumber));
    const someone = data.people.find((p) => p.practiceOds === world.a1.odsCode && !referredNhs.has(p.nhsNumber) && p.dateOfBirth < '1990-01-01');
    const personId = await insertPerson(t.deps, { practiceId: world.a1.id, nhsNumber: someone?.nhsNumber ?? null });
    await insertEpisode(t.deps, { personId, practiceId: world.a1.id, createdAt: '2025-06-15T10:00:00.000Z' });
    const after = (await get(lead, `outcome=gp_appointments&from=2025-06-01&to=2025-06-30`)).json<ImpactResult>();
    expect(after.completeness.referred).toBe((before.completeness.referred as number) + 1);
  }, 60_000);

  it('scopes to the reader: one practice by ODS code; a practice outside scope is not found; a link worker may not', async () => {
    const one = await get(lead, `outcome=gp_appointments&practice=${world.a2.odsCode ?? ''}`);
    expect(one.statusCode).toBe(200);
    expect(one.json<ImpactResult>().practices.map((p) => p.odsCode)).toEqual([world.a2.odsCode]);
    expect((await get(lead, `outcome=gp_appointments&practice=${world.b1.odsCode ?? ''}`)).statusCode).toBe(404);
    expect((await get(linkWorker, 'outcome=gp_appointments')).statusCode).toBe(403);
    expect((await get(lead, 'outcome=sick_days')).statusCode).toBe(400);
  }, 60_000);

  it('gives commissioners rounded and suppressed figures', async () => {
    const res = await get(commissioner, 'outcome=gp_appointments');
    expect(res.statusCode).toBe(200);
    const r = res.json<ImpactResult>();
    expect(r.disclosure).toBe('suppressed');
    expect(typeof r.treated === 'number' && r.treated % 5 === 0).toBe(true);
    expect(typeof r.completeness.referred === 'number' && r.completeness.referred % 5 === 0).toBe(true);
    expect(r.estimate).toBe(Math.round((r.estimate ?? 0) * 100) / 100);
    expect((r.value.money.central ?? 1) % 100).toBe(0);
  }, 60_000);
});

describe.each(TEST_DIALECTS)('linkwork impact on %s', (dialect) => {
  let db: CliDatabase;
  let practice: Organisation;
  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    expect((await linkwork(db, ['migrate'])).code).toBe(0);
    const database = db.open();
    const deps = serviceDeps(database, parseConfig({ NODE_ENV: 'test', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'silent' }));
    const icb = await createOrganisation(deps, systemActor('test'), { kind: 'icb', name: 'CLI ICB', odsCode: 'C9I' });
    const pcn = await createOrganisation(deps, systemActor('test'), { kind: 'pcn', name: 'CLI PCN', odsCode: 'C9P01', parentId: icb.id });
    practice = await createOrganisation(deps, systemActor('test'), { kind: 'practice', name: 'CLI practice', odsCode: 'C99001', parentId: pcn.id });
    const data = observableReferralWorld({
      seed: 5,
      practices: [{ ods: 'C99001', people: 1500 }],
      extractDate: '2026-11-30',
      removeAppointments: 0.3,
      removeFitNotes: 0.5,
    });
    await loadPracticeRows(deps, new Map([['C99001', practice.id]]), data);
    await database.close();
  }, 120_000);
  afterAll(async () => db.drop());

  it('prints the analysis as JSON, and as readable text with the warning', async () => {
    const json = await linkwork(db, ['impact', '--outcome', 'gp_appointments', '--practice', 'C99001', '--reps', '200', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as ImpactResult;
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'outcome',
        'method',
        'treated',
        'controls',
        'estimate',
        'ci95',
        'prePost',
        'completeness',
        'perQuarter',
        'value',
        'assumptions',
        'definitionVersion',
      ]),
    );
    expect(r).toMatchObject({ outcome: 'gp_appointments', bootstrap: { reps: 200 }, practices: [{ odsCode: 'C99001' }] });
    expect(typeof r.prePost.estimate === 'number' || r.prePost.estimate === null).toBe(true);

    const text = await linkwork(db, ['impact', '--outcome', 'fit_notes']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Impact on fit notes issued per person per quarter/);
    expect(text.stdout).toMatch(/WARNING: Before\/after alone overstates the effect/);

    const bad = await linkwork(db, ['impact', '--outcome', 'nothing']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/outcome/);
  }, 60_000);
});
