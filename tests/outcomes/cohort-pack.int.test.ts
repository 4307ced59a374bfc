import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { referenceCohort, seedCase, seedPrimary } from './cohort-support.ts';

/**
 * A licensed-pack instrument (the synthetic conversion-table pack, installed through the API) in
 * the cohort report: decimal metric scores from the "metric-decimal-synthetic" reference cohort
 * (independently computed, tests/outcomes/reference/cohort_reference.py) must match to 4 decimal
 * places on both databases — including PostgreSQL, whose REAL column is single precision (the
 * report reads the exact score from the stored scores JSON).
 */
describe.each(TEST_DIALECTS)('cohort report on a licensed pack on %s', (dialect) => {
  let t: TestApp;
  let lead: Session;
  const METRIC = referenceCohort('metric-decimal-synthetic');
  const pack = JSON.parse(readFileSync(new URL('../../packs/synthetic-wellbeing-pack.json', import.meta.url), 'utf8')) as {
    instrument: { code: string; version: string; meaningfulChange: { value: number } };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const h = await makeHierarchy(t.deps);
    const admin = await sessionFor(t, (await makeUser(t.deps, 'admin')).email);
    const installed = await t.app.inject({ method: 'POST', url: '/api/v1/instruments/packs', headers: admin.headers, payload: pack });
    expect(installed.statusCode, installed.body).toBeLessThan(300);
    lead = await sessionFor(t, (await makeUser(t.deps, 'lead', [h.pcnA])).email);
    const instrument = { code: pack.instrument.code, version: pack.instrument.version, method: 'conversion_table' };
    for (const p of METRIC.people) {
      const c = await seedCase(t.deps, h.a1, { linkWorkerId: null, needs: ['mental_wellbeing'], acceptedOn: '2026-04-01' });
      if (p.baseline !== null) await seedPrimary(t.deps, c, instrument, 'baseline', '2026-04-02', p.baseline);
      if (p.followUp !== null) await seedPrimary(t.deps, c, instrument, 'final', '2026-08-02', p.followUp);
    }
  });
  afterAll(async () => t.close());

  it('matches the reference to 4 dp and judges change against the pack’s meaningful change', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reports/outcomes?instrument=${pack.instrument.code}`, headers: lead.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ analyses: { item: string | null; stats: Record<string, { value: Record<string, number> | number | null }> }[] }>();
    expect(body.analyses.map((a) => a.item)).toEqual([null]);
    const s = body.analyses[0]?.stats ?? {};
    const e = METRIC.expected;
    const tt = s['tTest']?.value as Record<string, number>;
    for (const key of ['meanChange', 'sdChange', 'standardError', 't', 'pValue', 'ci95Lower', 'ci95Upper'] as const)
      expect(tt[key], key).toBeCloseTo(e.tTest[key], 4);
    expect(s['cohensDz']?.value).toBeCloseTo(e.cohensDz, 4);
    const w = s['wilcoxon']?.value as Record<string, number | string>;
    expect(w['statistic']).toBe(e.wilcoxon.statistic);
    expect(w['pValue']).toBeCloseTo(e.wilcoxon.pValue, 4);
    expect(w['method']).toBe('exact');
    const threshold = pack.instrument.meaningfulChange.value;
    const diffs = METRIC.people.map((p) => (p.followUp ?? 0) - (p.baseline ?? 0));
    const m = s['meaningfulChange']?.value as Record<string, number | string>;
    expect(m).toMatchObject({
      basis: 'meaningful_change',
      threshold,
      improved: diffs.filter((d) => d >= threshold).length,
      deteriorated: diffs.filter((d) => d <= -threshold).length,
    });
  });
});
