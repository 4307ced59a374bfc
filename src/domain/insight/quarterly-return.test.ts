import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { returnSchemaErrors, RETURN_SCHEMA_URL } from '../../services/reports/shared/return-schema.ts';
import { discloseFigures } from './disclosure.ts';
import {
  completeQuarters,
  isStaffLevel,
  lastCompleteQuarter,
  mergeReturns,
  outcomeCohortWindow,
  outcomeCountFigures,
  outcomeScoreFigures,
  quarterDates,
  quarterHasEnded,
  RETURN_METRICS,
  RETURN_REPORTS,
  RETURN_SCHEMA_ID,
  RETURN_SECTIONS,
  RETURN_UNITS,
  RETURN_WITHHELD_REASONS,
  returnFigure,
  returnSections,
  sectionOf,
  type QuarterlyReturn,
  type ReturnFigure,
  type ReturnReport,
  type ReturnUnit,
  type ReturnWithheldReason,
} from './quarterly-return.ts';
import type { OutcomeAnalysisView } from '../schemas/outcome-reports.ts';

type F = [ReturnReport, ReturnFigure['metric'], string, string, ReturnUnit, number | null, ReturnWithheldReason?];

const fig = ([report, metric, breakdown, group, unit, value, reason]: F): ReturnFigure => ({
  report,
  metric,
  breakdown,
  group,
  unit,
  value,
  ci95Lower: null,
  ci95Upper: null,
  withheldReason: value === null ? (reason ?? 'small_number_suppressed') : null,
});

function aReturn(deployment: string, practices: string[], figures: F[], versions: Record<string, string> = {}): QuarterlyReturn {
  const metrics = [...new Set(figures.map((f) => f[1]))];
  return {
    schema: RETURN_SCHEMA_ID,
    period: '2026-Q3',
    dates: { from: '2026-07-01', to: '2026-09-30' },
    generatedAt: '2026-10-05T09:00:00.000Z',
    deployment: { id: deployment, name: `Deployment ${deployment}` },
    organisations: practices.map((p) => ({ kind: 'practice' as const, odsCode: p, name: `Practice ${p}` })),
    disclosure: 'suppressed',
    suppression: { suppressUpTo: 7, roundTo: 5, minPeopleForAverages: 10 },
    definitions: Object.fromEntries(metrics.map((m) => [m, { title: m, definition: `The ${m} definition`, version: versions[m] ?? '1' }])),
    labels: Object.fromEntries(practices.map((p) => [p, `Practice ${p}`])),
    notes: ['A note'],
    sections: returnSections(figures.map(fig)),
  };
}

const all = (r: QuarterlyReturn) => r.sections.flatMap((s) => s.figures);
const find = (r: QuarterlyReturn, metric: string, breakdown: string, group: string) => {
  const f = all(r).find((x) => x.metric === metric && x.breakdown === breakdown && x.group === group);
  if (f === undefined) throw new Error(`no ${metric}/${breakdown}/${group}`);
  return f;
};

/** Deployment A: practices A1, A2. D1 by source: gp 20, self *, partner 10 (secondary), total 35. */
const A = aReturn(
  'deploy-a',
  ['AA001', 'AA002'],
  [
    ['demand', 'D1', 'source', 'gp', 'count', 20],
    ['demand', 'D1', 'source', 'self', 'count', null, 'small_number_suppressed'],
    ['demand', 'D1', 'source', 'partner', 'count', null, 'secondary_suppression'],
    ['demand', 'D1', 'source', 'total', 'count', 35],
    ['demand', 'D1', 'practice', 'AA001', 'count', 20],
    ['demand', 'D1', 'practice', 'AA002', 'count', 15],
    ['demand', 'D1', 'practice', 'total', 'count', 35],
    ['demand', 'D1', 'need', 'loneliness', 'count', 25],
    ['demand', 'D2', 'practice', 'total', 'rate_per_1000', 8.2],
    ['pathway', 'F1', 'stage', 'referred', 'count', 35],
    ['pathway', 'F1', 'stage', 'connected', 'count', 20],
    ['pathway', 'F1', 'stage_of_referred', 'connected', 'percent', 57.1],
    ['pathway', 'F2', 'measure', 'first_contact_median', 'working_days', 3],
    ['pathway', 'F4', 'measure', 'episode_median', 'days', 50],
    ['workload', 'W4', 'total', 'total', 'fte', 2.4],
  ],
);

/** Deployment B: practice B1. Same tables, plus one A does not have (S1). */
const B = aReturn(
  'deploy-b',
  ['BB001'],
  [
    ['demand', 'D1', 'source', 'gp', 'count', 10],
    ['demand', 'D1', 'source', 'self', 'count', 15],
    ['demand', 'D1', 'source', 'partner', 'count', 0],
    ['demand', 'D1', 'source', 'total', 'count', 25],
    ['demand', 'D1', 'practice', 'BB001', 'count', 25],
    ['demand', 'D1', 'practice', 'total', 'count', 25],
    ['demand', 'D1', 'need', 'loneliness', 'count', 10],
    ['demand', 'D2', 'practice', 'total', 'rate_per_1000', 6.1],
    ['pathway', 'F1', 'stage', 'referred', 'count', 25],
    ['pathway', 'F1', 'stage', 'connected', 'count', 10],
    ['pathway', 'F1', 'stage_of_referred', 'connected', 'percent', 40],
    ['pathway', 'F2', 'measure', 'first_contact_median', 'working_days', 4],
    ['pathway', 'F4', 'measure', 'episode_median', 'days', null, 'small_cohort_withheld'],
    ['workload', 'W4', 'total', 'total', 'fte', 1.6],
    ['community-services', 'S1', 'organisation', 'total', 'count', 15],
  ],
);

describe('the JSON Schema and the TypeScript agree', () => {
  const schema = JSON.parse(readFileSync(RETURN_SCHEMA_URL, 'utf8')) as {
    $id: string;
    properties: { schema: { const: string }; sections: { prefixItems: { properties: { id: { const: string } } }[] } };
    $defs: {
      metric: { enum: string[] };
      figure: { properties: { report: { enum: string[] }; unit: { enum: string[] }; withheldReason: { anyOf: [unknown, { enum: string[] }] } } };
    };
  };
  it('has the id, the metrics, reports, units, reasons and sections of the code', () => {
    expect(schema.$id).toBe(RETURN_SCHEMA_ID);
    expect(schema.properties.schema.const).toBe(RETURN_SCHEMA_ID);
    expect(schema.$defs.metric.enum).toEqual([...RETURN_METRICS]);
    expect(schema.$defs.figure.properties.report.enum).toEqual([...RETURN_REPORTS]);
    expect(schema.$defs.figure.properties.unit.enum).toEqual([...RETURN_UNITS]);
    expect(schema.$defs.figure.properties.withheldReason.anyOf[1].enum).toEqual([...RETURN_WITHHELD_REASONS]);
    expect(schema.properties.sections.prefixItems.map((s) => s.properties.id.const)).toEqual([...RETURN_SECTIONS]);
  });

  it('accepts a well-formed return and refuses a count of 1–9, a missing reason, a stray field, a bad period', () => {
    expect(returnSchemaErrors(A)).toEqual([]);
    const bad = (mutate: (r: QuarterlyReturn & Record<string, unknown>) => void) => {
      const r = structuredClone(A) as QuarterlyReturn & Record<string, unknown>;
      mutate(r);
      return returnSchemaErrors(r);
    };
    expect(bad((r) => ((r.sections[0]?.figures[0] as ReturnFigure).value = 3))).not.toEqual([]);
    expect(bad((r) => ((r.sections[0]?.figures[0] as ReturnFigure).value = 12))).not.toEqual([]);
    expect(bad((r) => ((r.sections[0]?.figures[1] as ReturnFigure).withheldReason = null))).not.toEqual([]);
    expect(bad((r) => ((r.sections[0]?.figures[0] as ReturnFigure & { nhsNumber?: string }).nhsNumber = '9990000018'))).not.toEqual([]);
    expect(bad((r) => (r['people'] = []))).not.toEqual([]);
    expect(bad((r) => (r.period = '2026-Q5'))).not.toEqual([]);
    expect(bad((r) => ((r as { disclosure: string }).disclosure = 'exact'))).not.toEqual([]);
    expect(bad((r) => r.sections.pop())).not.toEqual([]);
  });
});

describe('sections (PRSB)', () => {
  it('puts each metric where the PRSB standard has it', () => {
    expect(sectionOf('demand', 'D1', 'source', 'gp')).toBe('demographics_and_access');
    expect(sectionOf('demand', 'D1', 'need', 'debt')).toBe('needs_and_concerns');
    expect(sectionOf('demand', 'D2', 'practice', 'total')).toBe('demographics_and_access');
    expect(sectionOf('demand', 'D3', 'total', 'total')).toBe('pathway_and_workforce');
    expect(sectionOf('reach', 'R1', 'imd_decile', '1')).toBe('demographics_and_access');
    expect(sectionOf('unmet-need', 'U1', 'barrier', 'cost')).toBe('needs_and_concerns');
    expect(sectionOf('community-services', 'S3', 'service', 'x')).toBe('support_offered');
    expect(sectionOf('pathway', 'F1', 'stage', 'connection_confirmed')).toBe('support_offered');
    expect(sectionOf('pathway', 'F1', 'stage', 'contacted')).toBe('pathway_and_workforce');
    expect(sectionOf('pathway', 'F5', 'mode', 'phone')).toBe('pathway_and_workforce');
    expect(sectionOf('workload', 'W1', 'per_fte', 'total')).toBe('pathway_and_workforce');
    expect(sectionOf('outcomes', 'O1', 'ons4@1:happy:cohort', 'pairs')).toBe('outcomes');
  });

  it('leaves out figures about individual link workers', () => {
    const ids = new Set(['0190-lw']);
    expect(isStaffLevel('link_worker|state', 'x|active', ids)).toBe(true);
    expect(isStaffLevel('link_worker', 'x', ids)).toBe(true);
    expect(isStaffLevel('link_worker', 'total', ids)).toBe(false);
    expect(isStaffLevel('link_worker|state', 'total|active', ids)).toBe(false);
    expect(isStaffLevel('people', '0190-lw', ids)).toBe(true);
    expect(isStaffLevel('per_fte', '0190-lw', ids)).toBe(true);
    expect(isStaffLevel('per_fte', 'total', ids)).toBe(false);
    expect(isStaffLevel('practice', 'AA001', ids)).toBe(false);
  });

  it('says no_data for a value-less figure without a reason, and drops its interval', () => {
    const f = returnFigure('demand', {
      metric: 'D2',
      breakdown: 'practice',
      group: 'AA001',
      unit: 'rate_per_1000',
      value: null,
      ci95Lower: 1,
      ci95Upper: 2,
      withheldReason: null,
    });
    expect(f).toMatchObject({ value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'no_data' });
  });
});

describe('quarters', () => {
  it('knows the last complete quarter and the dates of a quarter', () => {
    expect(lastCompleteQuarter('2026-12-07')).toBe('2026-Q3');
    expect(lastCompleteQuarter('2026-10-01')).toBe('2026-Q3');
    expect(lastCompleteQuarter('2026-09-30')).toBe('2026-Q2');
    expect(lastCompleteQuarter('2026-02-10')).toBe('2025-Q4');
    expect(completeQuarters('2026-12-07', 3)).toEqual(['2026-Q3', '2026-Q2', '2026-Q1']);
    expect(quarterDates('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterDates('2026-Q5')).toBeNull();
    expect(quarterDates('2026')).toBeNull();
    expect(quarterHasEnded('2026-Q3', '2026-09-30')).toBe(false);
    expect(quarterHasEnded('2026-Q3', '2026-10-01')).toBe(true);
    expect(outcomeCohortWindow({ from: '2026-07-01', to: '2026-09-30' })).toEqual({ from: '2025-10-01', to: '2026-09-30' });
  });
});

describe('outcome figures', () => {
  const analysis = (pairs: number, improved: number, same: number, worse: number, withBaseline: number): OutcomeAnalysisView => ({
    item: null,
    label: 'x',
    direction: 'higher_is_better',
    meaningfulChange: null,
    bandsSource: null,
    stats: {
      disclosure: 'exact',
      withBaseline,
      pairs,
      followUpWithoutBaseline: 0,
      followUpRate: { value: pairs / withBaseline, reason: null },
      meanBaseline: { value: 4.123, reason: null },
      meanFollowUp: { value: 6.456, reason: null },
      tTest: {
        value: { meanChange: 2.333, sdChange: 1, standardError: 0.3, t: 7, df: pairs - 1, pValue: 0.001, ci95Lower: 1.666, ci95Upper: 3.001 },
        reason: null,
      },
      cohensDz: { value: 1, reason: null },
      wilcoxon: { value: null, reason: 'too_few_pairs' },
      meaningfulChange: {
        value: { basis: 'any_change', threshold: null, improved, noMeaningfulChange: same, deteriorated: worse, shareImproved: improved / pairs },
        reason: null,
      },
      attrition: { value: null, reason: 'too_few_pairs' },
      bandTransitions: { value: null, reason: 'no_bands_defined' },
    },
  });

  it('suppresses change counts with secondary suppression: one small cell and a shown total never give it back', () => {
    // 20 pairs: 14 improved, 6 no change, 0 deteriorated. 6 is withheld; the zero beside it too.
    const released = discloseFigures(outcomeCountFigures('ons4@1:happy', analysis(20, 14, 6, 0, 30)), 'suppressed').map((f) => returnFigure('outcomes', f));
    const v = (b: string, g: string) => released.find((f) => f.breakdown === b && f.group === g);
    expect(v('ons4@1:happy:change', 'total')?.value).toBe(20);
    expect(v('ons4@1:happy:change', 'no_meaningful_change')?.value).toBeNull();
    expect(v('ons4@1:happy:change', 'deteriorated')?.withheldReason).toBe('zero_beside_suppressed');
    // 15 improved, 3 same, 12 worse: the 3 is withheld, and so is the next-smallest (12), so 30 − 15 gives nothing.
    const second = discloseFigures(outcomeCountFigures('m', analysis(30, 15, 3, 12, 40)), 'suppressed');
    expect(second.find((f) => f.group === 'deteriorated')?.withheldReason).toBe('secondary_suppression');
    expect(second.find((f) => f.group === 'improved')?.value).toBe(15);
    expect(v('ons4@1:happy:cohort', 'follow_up_rate')?.value).toBe(66.7);
  });

  it('withholds mean scores on fewer than 10 pairs and rounds them otherwise', () => {
    expect(outcomeScoreFigures('m', analysis(9, 5, 4, 0, 12)).every((f) => f.value === null && f.withheldReason === 'small_cohort_withheld')).toBe(true);
    const s = outcomeScoreFigures('m', analysis(12, 5, 4, 3, 20));
    expect(s.map((f) => [f.group, f.value, f.ci95Lower, f.ci95Upper])).toEqual([
      ['mean_baseline', 4.12, null, null],
      ['mean_follow_up', 6.46, null, null],
      ['mean_change', 2.33, 1.67, 3],
    ]);
  });
});

describe('mergeReturns: a hub adds two returns without re-identifying anyone', () => {
  const m = mergeReturns(A, B);

  it('adds counts released in both, and keeps a cell withheld in either withheld (never subtracting)', () => {
    expect(find(m, 'D1', 'source', 'gp').value).toBe(30);
    expect(find(m, 'D1', 'source', 'total').value).toBe(60);
    // A's self is withheld: 60 − 30 − 0 would be 30 if subtracted; the merge keeps it withheld.
    expect(find(m, 'D1', 'source', 'self')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(find(m, 'D1', 'source', 'partner')).toMatchObject({ value: null, withheldReason: 'secondary_suppression' });
    expect(find(m, 'D1', 'need', 'loneliness').value).toBe(35);
    expect(find(m, 'W4', 'total', 'total').value).toBe(4);
  });

  it("carries each deployment's own groups (its practices) and adds the totals", () => {
    expect([find(m, 'D1', 'practice', 'AA001').value, find(m, 'D1', 'practice', 'AA002').value, find(m, 'D1', 'practice', 'BB001').value]).toEqual([
      20, 15, 25,
    ]);
    expect(find(m, 'D1', 'practice', 'total').value).toBe(60);
  });

  it('recomputes shares from merged counts, and withholds what is not additive', () => {
    expect(find(m, 'F1', 'stage_of_referred', 'connected').value).toBe(50); // (20 + 10) ÷ (35 + 25)
    expect(find(m, 'F2', 'measure', 'first_contact_median')).toMatchObject({ value: null, withheldReason: 'not_mergeable' });
    expect(find(m, 'D2', 'practice', 'total')).toMatchObject({ value: null, withheldReason: 'not_mergeable' });
    // Withheld in B (fewer than 10 people): withheld, with B's reason.
    expect(find(m, 'F4', 'measure', 'episode_median')).toMatchObject({ value: null, withheldReason: 'small_cohort_withheld' });
  });

  it('withholds a table only one return has', () => {
    expect(find(m, 'S1', 'organisation', 'total')).toMatchObject({ value: null, withheldReason: 'not_in_every_return' });
  });

  it('is a valid return: suppressed, every count 0 or ≥ 10, naming both deployments and all their organisations', () => {
    expect(returnSchemaErrors(m)).toEqual([]);
    expect(Object.keys(m).slice(0, 2)).toEqual(['schema', 'period']);
    expect(m.disclosure).toBe('suppressed');
    expect(m.deployment.contributors).toEqual(['deploy-a', 'deploy-b']);
    expect(m.organisations.map((o) => o.odsCode)).toEqual(['AA001', 'AA002', 'BB001']);
    expect(Object.keys(m.labels).sort()).toEqual(['AA001', 'AA002', 'BB001']);
    for (const f of all(m)) if (f.unit === 'count' && f.value !== null) expect(f.value === 0 || f.value >= 10).toBe(true);
  });

  it('gives the same figures whichever way round', () => {
    const key = (f: ReturnFigure) => `${f.report}/${f.metric}/${f.breakdown}/${f.group}`;
    const values = (r: QuarterlyReturn) => Object.fromEntries(all(r).map((f) => [key(f), [f.value, f.withheldReason]]));
    expect(values(mergeReturns(B, A))).toEqual(values(m));
  });

  it('merges a merged return with a third deployment, and refuses to count one twice', () => {
    const C = aReturn('deploy-c', ['CC001'], [['demand', 'D1', 'source', 'gp', 'count', 10]]);
    const abc = mergeReturns(m, C, { deployment: { id: 'region-north', name: 'North hub' } });
    expect(abc.deployment).toEqual({ id: 'region-north', name: 'North hub', contributors: ['deploy-a', 'deploy-b', 'deploy-c'] });
    expect(returnSchemaErrors(abc)).toEqual([]);
    expect(() => mergeReturns(m, A)).toThrow(/share a deployment/);
    expect(() => mergeReturns(A, { ...B, deployment: { id: 'deploy-x', name: 'x' }, organisations: A.organisations })).toThrow(/same organisation/);
  });

  it('refuses returns of different quarters or schemas, and withholds a metric whose definitions differ', () => {
    expect(() => mergeReturns(A, { ...B, period: '2026-Q2' })).toThrow(/same quarter/);
    expect(() => mergeReturns(A, { ...B, schema: 'https://example.org/v2' as typeof RETURN_SCHEMA_ID })).toThrow(/same schema/);
    const B2 = aReturn('deploy-b2', ['BB009'], [['demand', 'D1', 'source', 'gp', 'count', 10]], { D1: '2' });
    const mm = mergeReturns(A, B2);
    expect(find(mm, 'D1', 'source', 'gp')).toMatchObject({ value: null, withheldReason: 'definition_mismatch' });
    expect(mm.definitions['D1']?.version).toBe('1+2');
  });
});
