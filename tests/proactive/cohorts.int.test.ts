import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import type { CohortRunView } from '../../src/domain/schemas/proactive.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../src/services/kernel/context.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makePerson, makeReferral, makeUser } from '../support/factories.ts';
import { appointments, insertImdLsoa, insertPracticeExtract, testNhsNumber, type PracticePersonSpec } from '../support/practice-factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/**
 * Proactive cohorts on both databases: a lead runs the rules over their practices' current
 * extracts, sees why each person was found, who was excluded and why, and the fairness check;
 * a flagged group blocks the run until a reason is recorded (audited); other PCNs see nothing.
 *
 * Practice a1 (PCN A), current extract 2026-11-01 (an older one of 2025-11-01 holds someone who
 * would match: never read). Windows: 12 months = 2025-11-02 … 2026-11-01.
 *   fn1      40, two short fit notes (Mar, Sep 2026)           → FN-1 (score 2)
 *   fn2      40, one 30-day fit note                            → FN-2 (score 2)
 *   dep      40, two fit notes, lives in an IMD decile 1 LSOA  → FN-1, DEP-1 (score 3)
 *   fa       40, 10 GP + 3 link-worker appointments             → FA-1 (score 1)
 *   fa9      40, 9 GP + 5 link-worker appointments              → nothing
 *   old      70, two fit notes                                   → nothing (FN-1 is 16–66)
 *   open     two fit notes, an active Linkwork case (same NHS number)    → excluded
 *   referred two fit notes, sp_referral 2026-06-01              → excluded
 *   declined two fit notes, sp_declined 2026-07-01              → excluded
 *   pall     two fit notes, palliative                          → excluded
 *   dnc      two fit notes, do not contact                      → excluded
 *   25 men aged 30 with nothing: with FN-1 the cohort is all women → men flagged (index 0).
 */
const FN = [
  { kind: 'fit_note', date: '2026-03-01', endDate: '2026-03-10' },
  { kind: 'fit_note', date: '2026-09-01', endDate: '2026-09-10' },
] as const satisfies PracticePersonSpec['events'];
const AGE_40 = '1986-01-01';
const DEPRIVED = 'E01000001';

describe.each(TEST_DIALECTS)('proactive cohorts on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let lead: Session;
  let leadB: Session;
  let linkWorker: Session;
  const nhs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [world.pcnA])).email);
    leadB = await sessionFor(t, (await makeUser(t.deps, 'lead', [world.pcnB])).email);
    linkWorker = await sessionFor(t, (await makeUser(t.deps, 'link_worker', [world.a1])).email);
    await insertImdLsoa(t.deps, DEPRIVED, 1);
    for (const k of ['fn1', 'fn2', 'dep', 'fa', 'fa9', 'old', 'open', 'referred', 'declined', 'pall', 'dnc']) nhs[k] = testNhsNumber();
    const p = (k: string, spec: PracticePersonSpec): PracticePersonSpec => ({ nhsNumber: nhs[k] ?? '', dateOfBirth: AGE_40, sex: 'female', ...spec });
    await insertPracticeExtract(t.deps, world.a1.id, '2025-11-01', [
      { dateOfBirth: AGE_40, events: [...FN].map((e) => ({ ...e, date: e.date.replace('2026', '2025') })) },
    ]);
    await insertPracticeExtract(t.deps, world.a1.id, '2026-11-01', [
      p('fn1', { events: [...FN] }),
      p('fn2', { events: [{ kind: 'fit_note', date: '2026-05-01', endDate: '2026-05-30' }] }),
      p('dep', { lsoa: DEPRIVED, events: [...FN] }),
      p('fa', { events: [...appointments(10, '2026-10-30'), ...appointments(3, '2026-10-29', 'link_worker')] }),
      p('fa9', { events: [...appointments(9, '2026-10-30'), ...appointments(5, '2026-10-29', 'link_worker')] }),
      p('old', { dateOfBirth: '1956-01-01', events: [...FN] }),
      p('open', { events: [...FN] }),
      p('referred', { events: [...FN, { kind: 'sp_referral', date: '2026-06-01' }] }),
      p('declined', { events: [...FN, { kind: 'sp_declined', date: '2026-07-01' }] }),
      p('pall', { palliative: true, events: [...FN] }),
      p('dnc', { doNotContact: true, events: [...FN] }),
      ...Array.from({ length: 25 }, (): PracticePersonSpec => ({ dateOfBirth: '1996-01-01', sex: 'male' })),
    ]);
    // The same NHS number has an active case in Linkwork.
    const person = await makePerson(t.deps, world.a1, { nhsNumber: nhs['open'] ?? '' });
    await makeReferral(t.deps, { id: person.id, practiceId: world.a1.id }, { status: 'active' });
    // Practice a2: one person found, every group too small to judge → not blocked.
    await insertPracticeExtract(t.deps, world.a2.id, '2026-10-15', [{ dateOfBirth: AGE_40, events: [...FN] }]);
    // PCN B's practice.
    await insertPracticeExtract(t.deps, world.b1.id, '2026-11-01', [{ dateOfBirth: AGE_40, events: [...FN] }]);
  });
  afterAll(async () => t.close());

  const run = async (s: Session, body: object) => t.app.inject({ method: 'POST', url: '/api/v1/proactive/cohort-runs', headers: s.headers, payload: body });

  it('finds people by the chosen rules with their reasons and scores; excluded people are counted, not found', async () => {
    const res = await run(lead, { practices: [world.a1.odsCode], rules: ['FN-1', 'FN-2', 'DEP-1', 'FA-1'] });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<CohortRunView>();
    const byNhs = new Map(r.members.map((m) => [m.nhsNumber, m]));
    expect(r.members.map((m) => [m.nhsNumber, m.rules, m.score])).toEqual(
      [
        [nhs['dep'], ['FN-1', 'DEP-1'], 3],
        [nhs['fn1'], ['FN-1'], 2],
        [nhs['fn2'], ['FN-2'], 2],
        [nhs['fa'], ['FA-1'], 1],
      ].sort((a, b) => Number(b[2]) - Number(a[2]) || String(a[0]).localeCompare(String(b[0]))),
    );
    expect(byNhs.get(nhs['fn2'] ?? '')?.reasons).toEqual([{ rule: 'FN-2', version: 'FN-2/2026.1', because: 'a fit-note episode of 30 days' }]);
    expect(byNhs.get(nhs['fa'] ?? '')?.reasons[0]?.because).toBe('10 appointments in 12 months');
    expect(byNhs.get(nhs['dep'] ?? '')).toMatchObject({ age: 40, sex: 'female', practice: world.a1.odsCode });
    expect(r.practices).toEqual([{ id: world.a1.id, ods: world.a1.odsCode, extractDate: '2026-11-01' }]);
    expect(r.screened).toBe(36);
    expect(r.excluded).toEqual({ open_to_social_prescribing: 2, declined_recently: 1, palliative: 1, do_not_contact: 1 });
    expect(r.rules.map((x) => [x.code, x.found])).toEqual([
      ['FN-1', 2],
      ['FN-2', 1],
      ['DEP-1', 1],
      ['FA-1', 1],
    ]);
    // DEP-1 selects on IMD: shown, not judged.
    expect(r.fairness.dimensions.find((d) => d.dimension === 'imd')?.byDesign).toBe('DEP-1');
  });

  it('blocks a run whose fairness check flags a group until a lead records why; the reason is audited without its text', async () => {
    const res = await run(lead, { rules: ['FN-1'] });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<CohortRunView>();
    // Both PCN A practices; PCN B's is out of scope.
    expect(r.practices.map((p) => p.ods).sort()).toEqual([world.a1.odsCode, world.a2.odsCode].sort());
    expect(r.people).toBe(3);
    // Eligible: 16–66 and not excluded = fn1, fn2, dep, fa, fa9, 25 men, a2's one = 31; cohort 3 women.
    expect(r.fairness.eligible).toBe(31);
    const sex = r.fairness.dimensions.find((d) => d.dimension === 'sex');
    expect(sex?.groups).toEqual([
      { group: 'female', label: 'Female', eligible: 6, cohort: 3, eligibleShare: 0.1935, cohortShare: 1, index: 5.17, status: 'too_few' },
      { group: 'male', label: 'Male', eligible: 25, cohort: 0, eligibleShare: 0.8065, cohortShare: 0, index: 0, status: 'flagged' },
    ]);
    expect(r.fairness.flagged).toEqual(['age:30-39', 'sex:male']);
    expect(r.blocked).toBe(true);

    const short = await t.app.inject({
      method: 'POST',
      url: `/api/v1/proactive/cohort-runs/${r.id}/fairness-reason`,
      headers: lead.headers,
      payload: { text: 'ok fine' },
    });
    expect(short.statusCode).toBe(400);
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/v1/proactive/cohort-runs/${r.id}/fairness-reason`,
      headers: leadB.headers,
      payload: { text: 'Men are not off sick here' },
    });
    expect(other.statusCode).toBe(404);
    const text = 'FN-1 is about fit notes; none of the men had one this year.';
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/proactive/cohort-runs/${r.id}/fairness-reason`, headers: lead.headers, payload: { text } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<CohortRunView>()).toMatchObject({ blocked: false, fairness: { blocked: false, reason: { text } } });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/proactive/cohort-runs/${r.id}/fairness-reason`,
      headers: lead.headers,
      payload: { text },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { details: { reason: 'fairness_reason_recorded' } } });

    const events = await t.deps.db.selectFrom('audit_event').select(['action', 'summary', 'entity_id']).where('entity_id', '=', r.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['cohort.found', 'access.denied', 'cohort.fairness_reason_recorded']);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toEqual({
      rulesVersion: 'proactive-rules-2026.1',
      rules: ['FN-1'],
      mode: 'any',
      practices: 2,
      screened: 37,
      people: 3,
      flaggedGroups: 2,
      blocked: true,
    });
    const all = JSON.stringify(events);
    expect(all).not.toContain('men had one');
    for (const n of Object.values(nhs)) expect(all).not.toContain(n);
  });

  it('a run with no flagged group is not blocked and needs no reason', async () => {
    const res = await run(lead, { practices: [world.a2.odsCode], rules: ['FN-1'] });
    const r = res.json<CohortRunView>();
    expect(r).toMatchObject({ people: 1, blocked: false, flaggedGroups: 0 });
    const reason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/proactive/cohort-runs/${r.id}/fairness-reason`,
      headers: lead.headers,
      payload: { text: 'Nothing to explain here at all' },
    });
    expect(reason.statusCode).toBe(409);
    expect(reason.json()).toMatchObject({ error: { details: { reason: 'fairness_not_flagged' } } });
  });

  it('mode all finds only people matching every chosen rule', async () => {
    const r = (await run(lead, { practices: [world.a1.odsCode], rules: ['FN-1', 'DEP-1'], mode: 'all' })).json<CohortRunView>();
    expect(r.members.map((m) => m.nhsNumber)).toEqual([nhs['dep']]);
  });

  it('scope: another PCN’s lead sees none of PCN A’s runs or practices; a link worker may not run cohorts', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/proactive/cohort-runs', headers: lead.headers });
    expect(list.statusCode).toBe(200);
    const runs = list.json<{ runs: { id: string }[]; options: { practices: { ods: string }[] } }>();
    expect(runs.runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.options.practices.map((p) => p.ods).sort()).toEqual([world.a1.odsCode, world.a2.odsCode].sort());
    const id = runs.runs[0]?.id ?? '';

    const listB = await t.app.inject({ method: 'GET', url: '/api/v1/proactive/cohort-runs', headers: leadB.headers });
    expect(listB.json<{ runs: unknown[] }>().runs).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/proactive/cohort-runs/${id}`, headers: leadB.headers })).statusCode).toBe(404);
    expect((await run(leadB, { practices: [world.a1.odsCode], rules: ['FN-1'] })).statusCode).toBe(404);
    const own = (await run(leadB, { rules: ['FN-1'] })).json<CohortRunView>();
    expect(own.practices.map((p) => p.ods)).toEqual([world.b1.odsCode]);

    expect((await run(linkWorker, { rules: ['FN-1'] })).statusCode).toBe(403);
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/proactive/cohort-runs/${id}`, headers: lead.headers });
    expect(view.statusCode).toBe(200);
    const viewed = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('entity_id', '=', id)
      .where('action', '=', 'cohort.viewed')
      .execute();
    expect(viewed).toHaveLength(1);
  });
});

describe.each(TEST_DIALECTS)('linkwork cohort on %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  it('prints exactly rulesVersion, runId, people and fairness as JSON; a reason unblocks; an unknown rule is a coded error', async () => {
    expect((await linkwork(db, ['migrate'])).code).toBe(0);
    const database = db.open();
    let ods = '';
    const found = [testNhsNumber(), testNhsNumber()];
    try {
      const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
      const world = await makeHierarchy(deps);
      ods = world.a1.odsCode ?? '';
      await insertPracticeExtract(deps, world.a1.id, '2026-11-01', [
        { nhsNumber: found[0], dateOfBirth: AGE_40, events: [...FN] },
        { nhsNumber: found[1], dateOfBirth: AGE_40, events: [{ kind: 'fit_note', date: '2026-05-01', endDate: '2026-05-30' }] },
        ...Array.from({ length: 20 }, (): PracticePersonSpec => ({ dateOfBirth: '1996-01-01', sex: 'male' })),
      ]);
    } finally {
      await database.close();
    }
    const res = await linkwork(db, ['cohort', 'find', '--practice', ods, '--rules', 'FN-1,FN-2', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { rulesVersion: string; runId: string; people: unknown[]; fairness: { blocked: boolean; flagged: string[] } };
    expect(Object.keys(out)).toEqual(['rulesVersion', 'runId', 'people', 'fairness']);
    expect(out.rulesVersion).toBe('proactive-rules-2026.1');
    expect(out.people).toEqual(
      [
        { nhsNumber: found[0], practice: ods, rules: ['FN-1'], score: 2 },
        { nhsNumber: found[1], practice: ods, rules: ['FN-2'], score: 2 },
      ].sort((a, b) => String(a.nhsNumber).localeCompare(String(b.nhsNumber))),
    );
    expect(out.fairness).toMatchObject({ blocked: true, flagged: ['age:30-39', 'sex:male'] });

    const table = await linkwork(db, ['cohort', 'find', '--practice', ods, '--rules', 'FN-1']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('FN-1   weight 2  found      1');
    expect(table.stdout).toMatch(/Male\s+eligible\s+20 \( 90\.9%\)\s+cohort\s+0 \( {2}0\.0%\)\s+index 0\.00\s+FLAGGED/);
    expect(table.stdout).toContain('BLOCKED');
    for (const n of found) expect(table.stdout).not.toContain(n);

    const reason = await linkwork(db, ['cohort', 'reason', out.runId, '--text', 'The men in this practice had no fit notes this year.']);
    expect(reason.code, reason.stderr).toBe(0);
    expect(reason.stdout).toContain('outreach may start');

    expectCodedError(await linkwork(db, ['cohort', 'find', '--rules', 'FN-1,XX-9']), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['cohort', 'find', '--practice', 'Z99999', '--rules', 'FN-1']), 'not_found', 1);
  });
});
