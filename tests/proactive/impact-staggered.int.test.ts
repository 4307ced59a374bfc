import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactText } from '../../src/cli/commands/impact.ts';
import type { ImpactResult } from '../../src/domain/schemas/impact.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { loadPracticeRows, observableReferralWorld, type ObservableWorld } from '../support/practice-data-load.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/**
 * The staggered difference-in-differences beside the matched estimate (issue 12 item 6, INSIGHT.md
 * "Impact" option (a)): present only when every practice's extract holds its whole list (people ≥
 * 90% of `organisation.list_size`), with at least 30 referred people and a finite interval;
 * rounded for commissioners; absent when an extract is partial.
 */
describe.each(TEST_DIALECTS)('staggered impact analysis on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let data: ObservableWorld;
  let lead: Session;
  let commissioner: Session;

  const get = async (s: Session, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/proactive/impact?${query}`, headers: s.headers });
  const listSizes = async (size: number) => {
    await t.deps.db.updateTable('organisation').set({ list_size: size }).where('id', 'in', [world.a1.id, world.a2.id]).execute();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const { a1, a2, pcnA, icb } = world;
    data = observableReferralWorld({
      seed: 23,
      practices: [
        { ods: a1.odsCode ?? '', people: 3000 },
        { ods: a2.odsCode ?? '', people: 3000 },
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
  }, 120_000);
  afterAll(async () => t.close());

  it('adds the staggered estimate for whole practices, with ≥ 30 referred and a finite interval, the matched one staying the headline', async () => {
    await listSizes(3100); // 3,000 people in each extract: ≥ 90%
    const res = await get(lead, 'outcome=gp_appointments');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<ImpactResult>();
    expect(r).toMatchObject({ wholePracticeData: true, method: 'matched_controls' });
    const s = r.staggered;
    expect(s).toBeTruthy();
    if (s === null || s === undefined) return;
    expect(s.withheldReason).toBeNull();
    expect(s.treated).toBeGreaterThanOrEqual(30);
    expect(s.treated).toBeLessThanOrEqual(data.referred.length);
    // the controls are the rest of the practices, not a few matched people
    expect(s.controls).toBeGreaterThan(5000);
    expect(s.stacks).toBeGreaterThan(1);
    const [lo, hi] = s.ci95 ?? [NaN, NaN];
    expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
    expect(lo).toBeLessThan(s.estimate ?? NaN);
    expect(hi).toBeGreaterThan(s.estimate ?? NaN);
    // an effect is found, but the controls are not matched on prior attendance: the estimate keeps
    // the regression to the mean of before/after and overstates the effect, far more than the
    // matched estimate does (docs/design/impact.md: on 5 seeds about −1.4 against a truth of −0.7)
    expect(hi).toBeLessThan(0);
    expect(s.estimate ?? 0).toBeLessThan(r.estimate ?? NaN);
    expect(s.estimate ?? 0).toBeLessThan(data.truth.gpAppointmentsPerQuarter);
    expect(Math.abs((s.estimate ?? 0) - (r.prePost.estimate ?? 0))).toBeLessThan(0.3);
    expect(s.definition).toMatch(/regression to the mean/);
    expect(r.notes.join(' ')).toMatch(/staggered difference-in-differences over everyone registered/);
    // the same request gives the same interval (seeded)
    expect((await get(lead, 'outcome=gp_appointments')).json<ImpactResult>().staggered?.ci95).toEqual(s.ci95);
    // and the CLI's text report shows it
    expect(impactText(r)).toMatch(/whole-practice comparison \(staggered difference-in-differences\): -?\d+\.\d\d \(95% interval/);

    const fit = (await get(lead, 'outcome=fit_notes')).json<ImpactResult>();
    expect(fit.staggered?.estimate).toEqual(expect.any(Number));
    expect(fit.staggered?.ci95?.[1] ?? 0).toBeLessThan(0);
  }, 90_000);

  it('rounds and suppresses the staggered block for commissioners', async () => {
    await listSizes(3100);
    const r = (await get(commissioner, 'outcome=gp_appointments')).json<ImpactResult>();
    expect(r.disclosure).toBe('suppressed');
    const s = r.staggered;
    expect(typeof s?.treated === 'number' && s.treated % 5 === 0).toBe(true);
    expect(typeof s?.controls === 'number' && s.controls % 5 === 0).toBe(true);
    expect(s?.estimate).toBe(Math.round((s?.estimate ?? 0) * 100) / 100);
  }, 90_000);

  it('withholds it under 30 referred people', async () => {
    await listSizes(3100);
    const first = [...data.referred].sort((a, b) => (a.indexDate < b.indexDate ? -1 : 1)).slice(0, 20);
    const r = (await get(lead, `outcome=gp_appointments&from=${first[0]?.indexDate ?? ''}&to=${first[19]?.indexDate ?? ''}`)).json<ImpactResult>();
    expect(r.staggered).toMatchObject({ estimate: null, ci95: null, withheldReason: 'fewer_than_30_treated' });
  }, 90_000);

  it('leaves it out when an extract is partial', async () => {
    await listSizes(6000); // 3,000 of 6,000: half the list
    const r = (await get(lead, 'outcome=gp_appointments')).json<ImpactResult>();
    expect(r.wholePracticeData).toBe(false);
    expect(r.staggered).toBeNull();
    expect(r.estimate).toEqual(expect.any(Number));
    expect(impactText(r)).not.toMatch(/staggered/);
  }, 90_000);
});
