import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressCount } from '../../src/domain/suppression.ts';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { referenceCohort, seedCase, seedOns4, seedUcla3, type ReferenceCohort } from './cohort-support.ts';

/**
 * The cohort outcome report end to end, on both databases. Two reference cohorts whose statistics
 * were computed independently (tests/outcomes/reference/cohort_reference.py, standard-library
 * Python: Simpson-integrated t CDF, exact Wilcoxon by enumeration) are seeded as ONS4
 * administrations in two PCNs, with extra administrations the pairing rule must ignore; the API's
 * figures must match the reference to 4 decimal places. Around them: the filters, scope (a lead
 * sees only their PCN), suppression for commissioners, the CSV export, coded 400s, and the audit.
 *
 * The world:
 * - PCN A, practice a1, link worker lwA, needs loneliness + low_mood, accepted Feb 2026: the
 *   "ons4-life-satisfaction-synthetic" reference cohort (26 people: 20 pairs, 5 lost, 1 follow-up
 *   without baseline) on the life satisfaction item, followed up by a final; other items fixed.
 *   Plus UCLA 3-item totals for 12 of them.
 * - PCN A, practice a2, link worker lwA2, need debt, accepted July 2026: 6 people, baseline → review.
 * - PCN B, practice b1, link worker lwB, need anxiety, accepted March 2026: the
 *   "ons4-anxiety-synthetic" reference cohort (19 people: 16 pairs, 3 lost) on the anxiety item,
 *   followed up by a review only (the fallback of the pairing rule).
 */

interface Api {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  json: () => Report;
}
type Stat<T> = { value: T | null; reason: string | null };
interface Analysis {
  item: string | null;
  direction: string;
  stats: {
    disclosure: string;
    withBaseline: number | '*';
    pairs: number | '*';
    followUpWithoutBaseline: number | '*';
    followUpRate: Stat<number>;
    meanBaseline: Stat<number>;
    meanFollowUp: Stat<number>;
    tTest: Stat<{
      meanChange: number;
      sdChange: number;
      standardError: number;
      t: number;
      df: number | null;
      pValue: number;
      ci95Lower: number;
      ci95Upper: number;
    }>;
    cohensDz: Stat<number>;
    wilcoxon: Stat<{ statistic: number; pValue: number; method: string; nonZero: number | null }>;
    meaningfulChange: Stat<{
      basis: string;
      threshold: number | null;
      improved: number | '*';
      noMeaningfulChange: number | '*';
      deteriorated: number | '*';
      shareImproved: number | '*' | null;
    }>;
    attrition: Stat<{ followedUp: number | '*'; lost: number | '*'; meanBaselineFollowedUp: number; meanBaselineLost: number; difference: number }>;
    bandTransitions: Stat<{ bands: string[]; counts: (number | '*')[][]; unbanded: number | '*' }>;
  };
}
interface Report {
  disclosure: string;
  analyses: Analysis[];
  options: { pcns: { id: string }[]; practices: { id: string }[]; linkWorkers: { id: string; name: string }[]; instruments: { code: string }[] };
  error?: { code: string };
}

const LIFE = referenceCohort('ons4-life-satisfaction-synthetic');
const ANX = referenceCohort('ons4-anxiety-synthetic');

/** Counted directly from the seeded values (ONS4 has no established meaningful change: any change counts). */
function anyChange(c: ReferenceCohort, direction: 'higher_is_better' | 'higher_is_worse') {
  const diffs = c.people.filter((p) => p.baseline !== null && p.followUp !== null).map((p) => (p.followUp ?? 0) - (p.baseline ?? 0));
  const better = diffs.map((d) => (direction === 'higher_is_better' ? d : -d));
  return { improved: better.filter((b) => b > 0).length, deteriorated: better.filter((b) => b < 0).length, same: better.filter((b) => b === 0).length };
}

const UCLA = [
  [7, 5],
  [8, 6],
  [6, 6],
  [9, 5],
  [7, 7],
  [6, 4],
  [8, 7],
  [9, 6],
  [7, 4],
  [6, 5],
  [8, 8],
  [7, 3],
] as const;

describe.each(TEST_DIALECTS)('cohort outcome report on %s', (dialect) => {
  let t: TestApp;
  let h: Awaited<ReturnType<typeof makeHierarchy>>;
  const s = {} as Record<'lead' | 'pcnLead' | 'commissioner' | 'linkWorker' | 'admin', Session>;
  const lw = {} as Record<'a' | 'a2' | 'b', string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const deps = t.deps;
    h = await makeHierarchy(deps);
    const users = {
      lead: await makeUser(deps, 'lead', [h.pcnA]),
      pcnLead: await makeUser(deps, 'pcn_lead', [h.pcnA]),
      commissioner: await makeUser(deps, 'commissioner', [h.icb]),
      linkWorker: await makeUser(deps, 'link_worker', [h.pcnA]),
      admin: await makeUser(deps, 'admin'),
    };
    lw.a = users.linkWorker.id;
    lw.a2 = (await makeUser(deps, 'link_worker', [h.a2])).id;
    lw.b = (await makeUser(deps, 'link_worker', [h.pcnB])).id;
    for (const key of Object.keys(users) as (keyof typeof users)[]) s[key] = await sessionFor(t, users[key].email);

    const others = { worthwhile: 6, happiness: 6, anxiety: 4 };
    for (const [i, p] of LIFE.people.entries()) {
      const c = await seedCase(deps, h.a1, { linkWorkerId: lw.a, needs: ['loneliness', 'low_mood'], acceptedOn: '2026-02-10' });
      if (p.baseline !== null) await seedOns4(deps, c, 'baseline', '2026-02-15', { ...others, life_satisfaction: p.baseline });
      if (p.followUp !== null) await seedOns4(deps, c, 'final', '2026-05-20', { ...others, life_satisfaction: p.followUp });
      // Noise the pairing rule must ignore: a review when a final exists, a later second baseline.
      if (i < 3 && p.followUp !== null) await seedOns4(deps, c, 'review', '2026-04-01', { ...others, life_satisfaction: 0 });
      if (i === 0) await seedOns4(deps, c, 'baseline', '2026-03-01', { ...others, life_satisfaction: 10 });
      const u = UCLA[i];
      if (u !== undefined) {
        await seedUcla3(deps, c, 'baseline', '2026-02-15', u[0]);
        await seedUcla3(deps, c, 'final', '2026-05-20', u[1]);
      }
    }
    for (let i = 0; i < 6; i++) {
      const c = await seedCase(deps, h.a2, { linkWorkerId: lw.a2, needs: ['debt'], acceptedOn: '2026-07-01' });
      await seedOns4(deps, c, 'baseline', '2026-07-02', { ...others, life_satisfaction: 4 });
      await seedOns4(deps, c, 'review', '2026-09-01', { ...others, life_satisfaction: 6 + (i % 2) });
    }
    for (const p of ANX.people) {
      const c = await seedCase(deps, h.b1, { linkWorkerId: lw.b, needs: ['anxiety'], acceptedOn: '2026-03-05' });
      const fixed = { life_satisfaction: 6, worthwhile: 6, happiness: 6 };
      if (p.baseline !== null) await seedOns4(deps, c, 'baseline', '2026-03-10', { ...fixed, anxiety: p.baseline });
      if (p.followUp !== null) await seedOns4(deps, c, 'review', '2026-06-01', { ...fixed, anxiety: p.followUp });
    }
  });
  afterAll(async () => t.close());

  const report = async (who: Session | null, query: string, path = '/api/v1/reports/outcomes'): Promise<Api> => {
    const res = await t.app.inject({ method: 'GET', url: `${path}?${query}`, headers: who === null ? {} : who.headers });
    return { statusCode: res.statusCode, body: res.body, headers: res.headers, json: () => res.json<Report>() };
  };
  const ok = async (who: Session, query: string): Promise<Report> => {
    const res = await report(who, query);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(/NaN|Infinity/);
    return res.json();
  };
  const only = async (who: Session, query: string): Promise<Analysis['stats']> => {
    const r = await ok(who, query);
    expect(r.analyses).toHaveLength(1);
    const a = r.analyses[0];
    if (a === undefined) throw new Error('no analysis');
    return a.stats;
  };

  function expectMatchesReference(stats: Analysis['stats'], ref: ReferenceCohort): void {
    const e = ref.expected;
    expect(stats.disclosure).toBe('exact');
    expect(stats.withBaseline).toBe(e.withBaseline);
    expect(stats.pairs).toBe(e.pairs);
    expect(stats.followUpWithoutBaseline).toBe(e.followUpWithoutBaseline);
    expect(stats.followUpRate.value).toBeCloseTo(e.followUpRate, 4);
    expect(stats.meanBaseline.value).toBeCloseTo(e.meanBaseline, 4);
    expect(stats.meanFollowUp.value).toBeCloseTo(e.meanFollowUp, 4);
    const tt = stats.tTest.value;
    for (const key of ['meanChange', 'sdChange', 'standardError', 't', 'pValue', 'ci95Lower', 'ci95Upper'] as const)
      expect(tt?.[key], key).toBeCloseTo(e.tTest[key], 4);
    expect(tt?.df).toBe(e.tTest.df);
    expect(stats.cohensDz.value).toBeCloseTo(e.cohensDz, 4);
    expect(stats.wilcoxon.value?.statistic).toBeCloseTo(e.wilcoxon.statistic, 4);
    expect(stats.wilcoxon.value?.pValue).toBeCloseTo(e.wilcoxon.pValue, 4);
    expect(stats.wilcoxon.value?.method).toBe(e.wilcoxon.method);
    if (e.attrition !== undefined) {
      expect(stats.attrition.value?.lost).toBe(e.attrition.lost);
      expect(stats.attrition.value?.meanBaselineFollowedUp).toBeCloseTo(e.attrition.meanBaselineFollowedUp, 4);
      expect(stats.attrition.value?.meanBaselineLost).toBeCloseTo(e.attrition.meanBaselineLost, 4);
      expect(stats.attrition.value?.difference).toBeCloseTo(e.attrition.difference, 4);
    }
    expect(stats.bandTransitions.value?.bands).toEqual(e.bandTransitions?.bands);
    expect(stats.bandTransitions.value?.counts).toEqual(e.bandTransitions?.counts);
  }

  describe('statistics against the independent reference (4 dp)', () => {
    it('life satisfaction at practice a1 matches the reference cohort, despite the extra review and second baseline', async () => {
      const stats = await only(s.lead, `instrument=ons4&item=life_satisfaction&practice=${h.a1.id}`);
      expectMatchesReference(stats, LIFE);
      const c = anyChange(LIFE, 'higher_is_better');
      expect(stats.meaningfulChange.value).toMatchObject({
        basis: 'any_change',
        threshold: null,
        improved: c.improved,
        deteriorated: c.deteriorated,
        noMeaningfulChange: c.same,
      });
      expect(stats.meaningfulChange.value?.shareImproved).toBeCloseTo(c.improved / LIFE.expected.pairs, 4);
    });

    it('anxiety in PCN B (lower is better, follow-up by review only) matches the reference cohort', async () => {
      const t2 = await createLeadFor(h.pcnB);
      const r = await ok(t2, 'instrument=ons4&item=anxiety');
      const a = r.analyses[0];
      expect(a?.direction).toBe('higher_is_worse');
      if (a === undefined) return;
      expectMatchesReference(a.stats, ANX);
      const c = anyChange(ANX, 'higher_is_worse');
      expect(a.stats.meaningfulChange.value).toMatchObject({ improved: c.improved, deteriorated: c.deteriorated });
    });

    it('a total-score instrument (UCLA 3-item) is analysed on its primary score with its own bands', async () => {
      const r = await ok(s.lead, 'instrument=ucla3');
      expect(r.analyses.map((a) => a.item)).toEqual([null]);
      const stats = r.analyses[0]?.stats;
      const diffs = UCLA.map(([b, f]) => f - b);
      const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
      expect(stats?.pairs).toBe(12);
      expect(stats?.tTest.value?.meanChange).toBeCloseTo(mean, 10);
      expect(stats?.bandTransitions.value?.bands).toEqual(['not_lonely', 'lonely']);
      // Lonely (6 or more) at baseline, not lonely (5 or less) at follow-up, counted from the seeded totals.
      const movedOut = UCLA.filter(([b, f]) => b >= 6 && f <= 5).length;
      expect(stats?.bandTransitions.value?.counts[1]?.[0]).toBe(movedOut);
    });
  });

  let leadB: Session | undefined;
  async function createLeadFor(pcn: Organisation): Promise<Session> {
    if (leadB !== undefined) return leadB;
    const u = await makeUser(t.deps, 'lead', [pcn]);
    leadB = await sessionFor(t, u.email);
    return leadB;
  }

  describe('filters and scope', () => {
    it('without an item, every ONS4 item is analysed separately (never summed)', async () => {
      const r = await ok(s.lead, 'instrument=ons4');
      expect(r.analyses.map((a) => a.item)).toEqual(['life_satisfaction', 'worthwhile', 'happiness', 'anxiety']);
      expect(r.analyses.map((a) => a.direction)).toEqual(['higher_is_better', 'higher_is_better', 'higher_is_better', 'higher_is_worse']);
    });

    it.each([
      ['(none: the lead sees PCN A only)', '', 31, 26],
      ['pcn A', 'pcn={pcnA}', 31, 26],
      ['practice a2', 'practice={a2}', 6, 6],
      ['need debt', 'need=debt', 6, 6],
      ['need low_mood', 'need=low_mood', 25, 20],
      ['need anxiety (PCN B, out of the lead’s scope)', 'need=anxiety', 0, 0],
      ['link worker lwA2', 'linkWorker={lwA2}', 6, 6],
      ['accepted from June', 'from=2026-06-01', 6, 6],
      ['accepted up to June', 'to=2026-06-30', 25, 20],
      ['accepted in July exactly', 'from=2026-07-01&to=2026-07-01', 6, 6],
    ])('%s', async (_label, filter, withBaseline, pairs) => {
      const q = filter.replace('{pcnA}', h.pcnA.id).replace('{a2}', h.a2.id).replace('{lwA2}', lw.a2);
      const stats = await only(s.lead, `instrument=ons4&item=life_satisfaction${q === '' ? '' : `&${q}`}`);
      expect(stats.withBaseline).toBe(withBaseline);
      expect(stats.pairs).toBe(pairs);
    });

    it('a PCN or practice outside the lead’s scope answers 404, like a record that does not exist', async () => {
      for (const q of [`pcn=${h.pcnB.id}`, `practice=${h.b1.id}`]) {
        const res = await report(s.lead, `instrument=ons4&${q}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().error?.code).toBe('not_found');
      }
    });

    it('offers only the PCNs, practices and link workers in scope as filters', async () => {
      const r = await ok(s.lead, 'instrument=ons4');
      expect(r.options.pcns.map((p) => p.id)).toEqual([h.pcnA.id]);
      expect(r.options.practices.map((p) => p.id).sort()).toEqual([h.a1.id, h.a2.id].sort());
      expect(r.options.linkWorkers.map((l) => l.id).sort()).toEqual([lw.a, lw.a2].sort());
      expect(r.options.instruments.map((i) => i.code)).toEqual(expect.arrayContaining(['ons4', 'ucla3', 'pam']));
      const c = await ok(s.commissioner, 'instrument=ons4');
      expect(c.options.pcns.map((p) => p.id).sort()).toEqual([h.pcnA.id, h.pcnB.id].sort());
    });
  });

  describe('suppression for commissioners (and PCN leads’ exports)', () => {
    it('rounds counts to 5, shows 1–7 as *, and rounds the released statistics', async () => {
      const r = await ok(s.commissioner, `instrument=ons4&item=anxiety&pcn=${h.pcnB.id}&disclosure=exact`);
      expect(r.disclosure).toBe('suppressed');
      const stats = r.analyses[0]?.stats;
      const e = ANX.expected;
      expect(stats?.disclosure).toBe('suppressed');
      expect(stats?.withBaseline).toBe(20); // 19
      expect(stats?.pairs).toBe(15); // 16
      expect(stats?.followUpRate.value).toBeCloseTo(15 / 20, 10); // from the rounded values, not 16/19
      expect(stats?.tTest.value?.meanChange).toBe(Math.round(e.tTest.meanChange * 100) / 100);
      expect(stats?.tTest.value?.ci95Lower).toBe(Math.round(e.tTest.ci95Lower * 100) / 100);
      expect(stats?.tTest.value?.df).toBeNull();
      expect(stats?.wilcoxon.value?.pValue).toBe(Math.round(e.wilcoxon.pValue * 1000) / 1000);
      expect(stats?.attrition).toEqual({ value: null, reason: 'small_cohort_withheld' }); // 3 lost
      // As suppressCount shows each cell, except zeros on a line with a hidden cell (the zero-cell rule), hidden too.
      const exact = e.bandTransitions?.counts ?? [];
      const shown = stats?.bandTransitions.value?.counts ?? [];
      expect(shown.length).toBe(exact.length);
      exact.forEach((row, i) => row.forEach((c, j) => expect(shown[i]?.[j] === suppressCount(c) || (c === 0 && shown[i]?.[j] === '*')).toBe(true)));
      expect(stats?.bandTransitions.value?.counts.flat()).toContain('*');
    });

    it('withholds statistics on fewer than 10 pairs, with a reason', async () => {
      const stats = await only(s.commissioner, `instrument=ons4&item=life_satisfaction&practice=${h.a2.id}`);
      expect(stats.pairs).toBe('*');
      expect(stats.withBaseline).toBe('*');
      expect(stats.followUpRate).toEqual({ value: null, reason: 'small_number_suppressed' });
      for (const st of [stats.meanBaseline, stats.tTest, stats.cohensDz, stats.wilcoxon]) expect(st).toEqual({ value: null, reason: 'small_cohort_withheld' });
      expect(stats.meaningfulChange.value?.improved).toBe('*');
    });

    it('across the ICB: every PCN, suppressed', async () => {
      const stats = await only(s.commissioner, 'instrument=ons4&item=life_satisfaction');
      // 25 + 6 + 19 with a baseline = 50; 20 + 6 + 16 pairs = 42 → 40.
      expect(stats.withBaseline).toBe(50);
      expect(stats.pairs).toBe(40);
    });

    it('a PCN lead sees exact figures on screen but exports suppressed ones', async () => {
      const view = await only(s.pcnLead, 'instrument=ons4&item=life_satisfaction');
      expect(view.disclosure).toBe('exact');
      expect(view.pairs).toBe(26);
      const res = await report(s.pcnLead, 'instrument=ons4&item=life_satisfaction', '/api/v1/reports/outcomes.csv');
      expect(res.statusCode).toBe(200);
      const rows = parse<Record<string, string>>(res.body, { columns: true });
      expect(rows.find((r) => r.statistic === 'people_followed_up')?.value).toBe('25');
      expect(new Set(rows.map((r) => r.disclosure))).toEqual(new Set(['suppressed']));
    });

    it('a lead may ask for the suppressed version to publish', async () => {
      const stats = await only(s.lead, 'instrument=ons4&item=life_satisfaction&disclosure=suppressed');
      expect(stats.pairs).toBe(25);
    });
  });

  describe('CSV export', () => {
    it('one statistic per row with the exact reference values for a lead', async () => {
      const res = await report(s.lead, `instrument=ons4&item=life_satisfaction&practice=${h.a1.id}`, '/api/v1/reports/outcomes.csv');
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="linkwork-outcomes-ons4-exact-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = parse<Record<string, string>>(res.body, { columns: true });
      expect(Object.keys(rows[0] ?? {})).toEqual([
        'instrument',
        'instrument_version',
        'item',
        'statistic',
        'value',
        'ci95_lower',
        'ci95_upper',
        'from_band',
        'to_band',
        'withheld_reason',
        'disclosure',
      ]);
      const row = (name: string) => rows.find((r) => r.statistic === name);
      expect(row('filter_practice')?.value).toBe(h.a1.id);
      expect(Number(row('mean_change')?.value)).toBeCloseTo(LIFE.expected.tTest.meanChange, 4);
      expect(Number(row('mean_change')?.ci95_lower)).toBeCloseTo(LIFE.expected.tTest.ci95Lower, 4);
      expect(Number(row('mean_change')?.ci95_upper)).toBeCloseTo(LIFE.expected.tTest.ci95Upper, 4);
      expect(Number(row('wilcoxon_p')?.value)).toBeCloseTo(LIFE.expected.wilcoxon.pValue, 4);
      expect(Number(row('people_followed_up')?.value)).toBe(20);
      const transitions = rows.filter((r) => r.statistic === 'band_transition');
      expect(transitions).toHaveLength(16);
      expect(Number(transitions.find((r) => r.from_band === 'low' && r.to_band === 'medium')?.value)).toBe(LIFE.expected.bandTransitions?.counts[0]?.[1]);
    });

    it('suppressed for commissioners: * cells and withheld statistics with their reason', async () => {
      const res = await report(s.commissioner, `instrument=ons4&item=life_satisfaction&practice=${h.a2.id}`, '/api/v1/reports/outcomes.csv');
      expect(res.statusCode).toBe(200);
      const rows = parse<Record<string, string>>(res.body, { columns: true });
      expect(rows.find((r) => r.statistic === 'people_followed_up')?.value).toBe('*');
      expect(rows.find((r) => r.statistic === 'mean_change')).toMatchObject({ value: '', withheld_reason: 'small_cohort_withheld' });
      expect(res.body).not.toMatch(/Cohort\d/);
    });
  });

  describe('refusals', () => {
    it.each([
      ['an unknown instrument', 'instrument=nope'],
      ['an item of another instrument', 'instrument=ons4&item=companionship'],
      ['an item on a total-score instrument', 'instrument=ucla3&item=companionship'],
      ['an impossible date', 'instrument=ons4&from=2026-13-01'],
      ['a period ending before it starts', 'instrument=ons4&from=2026-06-01&to=2026-05-01'],
      ['a need not in the vocabulary', 'instrument=ons4&need=happiness'],
      ['a malformed id', 'instrument=ons4&pcn=not-an-id'],
      ['an unknown filter', 'instrument=ons4&colour=blue'],
      ['no instrument', ''],
    ])('%s is a coded 400', async (_label, q) => {
      for (const path of ['/api/v1/reports/outcomes', '/api/v1/reports/outcomes.csv']) {
        const res = await report(s.lead, q, path);
        expect(res.statusCode, `${path}?${q}`).toBe(400);
        expect(res.json().error?.code).toBe('invalid_input');
      }
    });

    it('roles without outcome:analyse get 403; no session gets 401', async () => {
      for (const who of [s.linkWorker, s.admin]) expect((await report(who, 'instrument=ons4')).statusCode).toBe(403);
      expect((await report(null, 'instrument=ons4')).statusCode).toBe(401);
    });
  });

  it('audits every view and export with coded filters only', async () => {
    await ok(s.lead, `instrument=ons4&need=debt&practice=${h.a2.id}`);
    await report(s.commissioner, 'instrument=ucla3', '/api/v1/reports/outcomes.csv');
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'entity_type', 'entity_id', 'summary', 'outcome', 'person_id'])
      .where('action', 'in', ['outcome.cohort_viewed', 'outcome.cohort_exported'])
      .orderBy('seq', 'desc')
      .execute();
    const viewed = events.find((e) => e.action === 'outcome.cohort_viewed' && e.summary.includes('"need":"debt"'));
    expect(viewed).toMatchObject({ entity_type: 'outcome_cohort', entity_id: 'ons4', outcome: 'success', person_id: null });
    expect(JSON.parse(viewed?.summary ?? '{}')).toMatchObject({ instrument: 'ons4', need: 'debt', practice: h.a2.id, disclosure: 'exact' });
    const exported = events.find((e) => e.action === 'outcome.cohort_exported');
    expect(JSON.parse(exported?.summary ?? '{}')).toMatchObject({ instrument: 'ucla3', disclosure: 'suppressed' });
    expect(events.map((e) => e.summary).join()).not.toMatch(/Cohort\d|Tester/);
  });
});
