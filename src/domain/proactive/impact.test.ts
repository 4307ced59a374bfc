import { describe, expect, it } from 'vitest';
import {
  analyseImpact,
  bootstrapMeanCi,
  countBetween,
  dayDate,
  dayNumber,
  DEFAULT_IMPACT_ASSUMPTIONS,
  impactValue,
  indexDay,
  quarterCounts,
  revalueImpact,
  seededRandom,
  windowComplete,
  type ImpactPerson,
  type ImpactPractice,
} from './impact.ts';
import { generatePracticeData } from './synthetic-practice.ts';

const person = (over: Partial<ImpactPerson> = {}): ImpactPerson => ({
  practiceId: 'P1',
  dateOfBirth: '1980-06-15',
  sex: 'female',
  imdQuintile: 1,
  ltcCount: 0,
  referrals: [],
  appointments: [],
  dnas: [],
  fitNotes: [],
  ...over,
});

describe('dates and windows', () => {
  it('turns dates into day numbers and back', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayDate(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('counts the 4 quarters before and after, leaving the index day out', () => {
    const i = 1000;
    // one event on each boundary day, and on the index day
    const days = [i - 364, i - 274, i - 273, i - 1, i, i + 1, i + 91, i + 92, i + 364, i + 365].sort((a, b) => a - b);
    expect(quarterCounts(days, i)).toEqual({ before: [2, 1, 0, 1], after: [2, 1, 0, 1] });
    expect(countBetween(days, i, i)).toBe(1);
    expect(countBetween(days, 5, 4)).toBe(0);
  });

  it('needs the extract to cover 364 days either side', () => {
    const p: ImpactPractice = { id: 'P1', coverageStart: '2023-01-01', coverageEnd: '2025-12-31', wholePractice: false };
    const first = dayNumber('2023-01-01') + 364;
    expect(windowComplete(p, first)).toBe(true);
    expect(windowComplete(p, first - 1)).toBe(false);
    expect(windowComplete(p, dayNumber('2025-12-31') - 364)).toBe(true);
    expect(windowComplete(p, dayNumber('2025-12-31') - 363)).toBe(false);
    expect(windowComplete({ ...p, coverageStart: null }, first)).toBe(false);
    expect(windowComplete(undefined, first)).toBe(false);
  });

  it('takes the earliest referral within the period as the index', () => {
    expect(indexDay([30, 10, 20], null, null)).toBe(10);
    expect(indexDay([30, 10, 20], 15, null)).toBe(20);
    expect(indexDay([30, 10, 20], 15, 25)).toBe(20);
    expect(indexDay([30, 10], 11, 29)).toBeNull();
  });
});

describe('bootstrap', () => {
  it('is reproducible from its seed and brackets the mean', () => {
    const rand = seededRandom(7);
    const xs = Array.from({ length: 200 }, () => rand() * 2 - 1.5);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const a = bootstrapMeanCi(xs, 1000, 42);
    expect(bootstrapMeanCi(xs, 1000, 42)).toEqual(a);
    expect(bootstrapMeanCi(xs, 1000, 43)).not.toEqual(a);
    expect(a[0]).toBeLessThan(mean);
    expect(a[1]).toBeGreaterThan(mean);
    // about 1.96 standard errors either side (uniform on a width of 2: sd = 2/√12)
    const se = 2 / Math.sqrt(12) / Math.sqrt(200);
    expect((a[1] - a[0]) / 2).toBeGreaterThan(1.6 * se);
    expect((a[1] - a[0]) / 2).toBeLessThan(2.3 * se);
  });
});

/**
 * A world where referral depends only on what the practice can see (the prior year's
 * appointments: the more, the likelier), so the people referred are at a noisy high and would fall
 * back anyway. Matching on the prior year removes that; before/after alone does not.
 */
function observableWorld(seed: number, effect: number, n = 6000) {
  const rand = seededRandom(seed);
  const start = dayNumber('2022-01-01');
  const end = start + 3 * 364 + 30;
  const poisson = (mean: number): number => {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rand();
    while (p > limit) {
      k += 1;
      p *= rand();
    }
    return k;
  };
  const people: ImpactPerson[] = [];
  for (let i = 0; i < n; i++) {
    const rate = Math.exp(Math.log(1.2) + 0.5 * (rand() + rand() + rand() - 1.5)); // per quarter
    const index = start + 364 + 20 + Math.floor(rand() * 370); // every window complete
    const before: number[] = [];
    for (let d = index - 364; d < index; d++) if (rand() < rate / 91) before.push(d);
    const referred = rand() < Math.min(0.6, 0.0015 * before.length ** 2);
    const days: number[] = [...before];
    for (let d = start; d <= end; d++) {
      if (d >= index - 364 && d < index) continue;
      const r = referred && d > index && d <= index + 364 ? Math.max(0, rate + effect) : rate;
      if (rand() < r / 91) days.push(d);
    }
    days.sort((a, b) => a - b);
    people.push(
      person({
        sex: rand() < 0.5 ? 'female' : 'male',
        dateOfBirth: rand() < 0.5 ? '1970-03-01' : '1985-09-01',
        imdQuintile: rand() < 0.5 ? null : 3,
        ltcCount: poisson(1),
        referrals: referred ? [index] : [],
        appointments: days,
      }),
    );
  }
  const practices: ImpactPractice[] = [{ id: 'P1', coverageStart: dayDate(start), coverageEnd: dayDate(end), wholePractice: false }];
  return { people, practices };
}

describe('analyseImpact', () => {
  it('recovers a known effect when referral follows what the practice sees, while before/after overstates it', () => {
    const truth = -0.5;
    const { people, practices } = observableWorld(11, truth);
    const r = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people, seed: 5, reps: 1000 });
    expect(r.method).toBe('matched_controls');
    expect(r.treated).toBeGreaterThan(200);
    expect(r.controls).toBeGreaterThanOrEqual(r.treated * 2);
    const [lo, hi] = r.ci95 ?? [NaN, NaN];
    expect(lo).toBeLessThan(truth);
    expect(hi).toBeGreaterThan(truth);
    expect(hi).toBeLessThan(0);
    expect(r.prePost.estimate ?? 0).toBeLessThan(lo);
    // the unreferred who attended as often fell too: that fall is regression to the mean
    expect(r.prePost.unreferred ?? 0).toBeLessThan(-0.2);
    expect(r.perQuarter.treated?.before).toHaveLength(4);
    expect(r.complete).toBe(r.referred);
  });

  it('finds no effect where there is none', () => {
    const { people, practices } = observableWorld(12, 0);
    const r = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people, seed: 5, reps: 1000 });
    const [lo, hi] = r.ci95 ?? [NaN, NaN];
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    expect(r.prePost.estimate ?? 0).toBeLessThan(-0.3);
  });

  it('is reproducible: the same data and seed give the same result', () => {
    const { people, practices } = observableWorld(13, -0.5, 2000);
    const a = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people, seed: 9, reps: 200 });
    const b = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people, seed: 9, reps: 200 });
    expect(b).toEqual(a);
  });

  it('withholds every estimate under 30 referred people with complete windows, but gives n and completeness', () => {
    const { people, practices } = observableWorld(14, -0.5, 2000);
    const referred = people.filter((p) => p.referrals.length > 0);
    const few = [...people.filter((p) => p.referrals.length === 0), ...referred.slice(0, 29)];
    const r = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people: few });
    expect(r).toMatchObject({ referred: 29, complete: 29, treated: 29, estimate: null, ci95: null, withheldReason: 'fewer_than_30_treated' });
    expect(r.prePost.estimate).toBeNull();
    expect(r.perQuarter).toEqual({ treated: null, controls: null });
    const thirty = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people: [...few, referred[29] as ImpactPerson] });
    expect(thirty.estimate).not.toBeNull();
  });

  it('counts windows the extract does not cover as incomplete, and the period bounds the index dates', () => {
    const { people, practices } = observableWorld(15, -0.5, 2000);
    const shortened: ImpactPractice[] = [{ ...(practices[0] as ImpactPractice), coverageEnd: dayDate(dayNumber('2022-01-01') + 364 * 2 + 200) }];
    const r = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices: shortened, people });
    expect(r.complete).toBeLessThan(r.referred);
    expect(r.complete).toBeGreaterThan(0);
    const within = analyseImpact({ outcome: 'gp_appointments', from: '2023-06-01', to: '2023-12-31', practices, people });
    expect(within.referred).toBeLessThan(r.referred);
    const all = people.flatMap((p) => p.referrals).filter((d) => d >= dayNumber('2023-06-01') && d <= dayNumber('2023-12-31'));
    expect(within.referred).toBe(all.length);
  });

  it('never uses as a control anyone referred within 12 months, nor anyone twice; only the same practice, sex, age band and IMD quintile', () => {
    const { people, practices } = observableWorld(16, -0.5, 3000);
    // a second practice of the same people, unreferred and never attending: used as controls they
    // would make the controls' change zero and move the estimate a long way
    const other = people.map((p) => ({ ...p, practiceId: 'P2', referrals: [], appointments: [] }));
    const r = analyseImpact({
      outcome: 'gp_appointments',
      from: null,
      to: null,
      practices: [...practices, { ...(practices[0] as ImpactPractice), id: 'P2' }],
      people: [...people, ...other],
    });
    const only = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people });
    // (P2's people join the unreferred comparison, which is deployment-wide: a small shift at most)
    expect(r.estimate ?? NaN).toBeCloseTo(only.estimate ?? NaN, 2);
    expect(r.controls).toBe(only.controls);
    expect(only.controls).toBeLessThanOrEqual(people.filter((p) => p.referrals.length === 0).length);
  });

  it('on fit notes uses fit notes as the outcome', () => {
    const { people, practices } = observableWorld(17, -0.5, 2000);
    // nobody has fit notes: every change is zero
    const r = analyseImpact({ outcome: 'fit_notes', from: null, to: null, practices, people });
    expect(r.estimate).toBe(0);
    expect(r.ci95).toEqual([0, 0]);
    expect(r.dnaPerQuarter).toBeNull();
  });
});

describe('on the synthetic practice generator (referral in a bad spell the counts cannot fully show)', () => {
  const g = generatePracticeData({
    seed: 3,
    practices: [
      { ods: 'A1', people: 6000 },
      { ods: 'A2', people: 6000 },
    ],
    extractDate: '2026-11-30',
    trueEffect: { gpAppointmentsPerQuarter: -0.5, fitNotesPerQuarter: -0.3 },
    referredShare: 0.04,
  });
  const byNhs = new Map<string, { p: ImpactPerson; a: number[]; d: number[]; f: number[]; r: number[] }>();
  for (const row of g.people) {
    const lists = { a: [] as number[], d: [] as number[], f: [] as number[], r: [] as number[] };
    const p = person({ practiceId: row.practiceOds, dateOfBirth: row.dateOfBirth, sex: row.sex, imdQuintile: null, ltcCount: row.ltcRegisters.length });
    byNhs.set(row.nhsNumber, { p, ...lists });
  }
  let first = '9999-12-31';
  for (const e of g.events) {
    const x = byNhs.get(e.nhsNumber);
    if (x === undefined) continue;
    if (e.date < first) first = e.date;
    const d = dayNumber(e.date);
    if (e.kind === 'appointment' && e.role !== 'link_worker') x.a.push(d);
    else if (e.kind === 'dna' && e.role !== 'link_worker') x.d.push(d);
    else if (e.kind === 'fit_note') x.f.push(d);
    else if (e.kind === 'sp_referral') x.r.push(d);
  }
  const asc = (xs: number[]) => xs.sort((a, b) => a - b);
  const people = [...byNhs.values()].map((x) => ({ ...x.p, appointments: asc(x.a), dnas: asc(x.d), fitNotes: asc(x.f), referrals: x.r }));
  const practices = ['A1', 'A2'].map((id) => ({ id, coverageStart: first, coverageEnd: '2026-11-30', wholePractice: false }));

  it('removes much of the regression to the mean on appointments (but not all: see docs/design/impact.md)', () => {
    const truth = g.truth.gpAppointmentsPerQuarter;
    const r = analyseImpact({ outcome: 'gp_appointments', from: null, to: null, practices, people });
    const pre = r.prePost.estimate ?? 0;
    expect(pre).toBeLessThan(truth - 0.3);
    expect(Math.abs((r.estimate ?? 0) - truth)).toBeLessThan(Math.abs(pre - truth) * 0.75);
    expect(r.ci95?.[1] ?? 0).toBeLessThan(0);
  });

  it('recovers the fit-note effect, which before/after overstates', () => {
    const truth = g.truth.fitNotesPerQuarter;
    const r = analyseImpact({ outcome: 'fit_notes', from: null, to: null, practices, people });
    const [lo, hi] = r.ci95 ?? [NaN, NaN];
    expect(lo).toBeLessThan(truth);
    expect(hi).toBeGreaterThan(truth);
    expect(hi).toBeLessThan(0);
    expect(r.prePost.estimate ?? 0).toBeLessThan(lo);
  });
});

describe('impactValue', () => {
  const a = DEFAULT_IMPACT_ASSUMPTIONS;

  it('turns the estimate and its interval into freed appointments and their cost, low to high', () => {
    const v = impactValue({ outcome: 'gp_appointments', treated: 100, estimate: -0.5, ci95: [-0.7, -0.3], lifeSatisfaction: null }, a);
    expect(v.freed).toEqual({ low: 120, central: 200, high: 280 });
    expect(v.money).toEqual({ low: 120 * a.unitCost.amount, central: 200 * a.unitCost.amount, high: 280 * a.unitCost.amount });
    expect(v.wellbeing.withheldReason).toBe('no_paired_life_satisfaction');
    const dear = impactValue(
      { outcome: 'gp_appointments', treated: 100, estimate: -0.5, ci95: [-0.7, -0.3], lifeSatisfaction: null },
      { ...a, unitCost: { ...a.unitCost, amount: 10 } },
    );
    expect(dear.money.central).toBe(2000);
  });

  it('gives fit notes no unit cost, and nothing when the estimate is withheld', () => {
    expect(impactValue({ outcome: 'fit_notes', treated: 50, estimate: -0.1, ci95: [-0.2, 0], lifeSatisfaction: null }, a).money.central).toBeNull();
    expect(impactValue({ outcome: 'gp_appointments', treated: 5, estimate: null, ci95: null, lifeSatisfaction: null }, a).freed.central).toBeNull();
  });

  it('values a paired change in life satisfaction with duration, deadweight and attribution', () => {
    const v = impactValue({ outcome: 'gp_appointments', treated: 100, estimate: null, ci95: null, lifeSatisfaction: { pairs: 40, meanChange: 1.5 } }, a);
    const w = a.wellbeing;
    expect(v.wellbeing.perPerson.central).toBeCloseTo(1.5 * 13000 * w.durationYears.central * (1 - w.deadweight.central) * w.attribution.central, 2);
    expect(v.wellbeing.perPerson.low).toBeCloseTo(1.5 * 13000 * 0.5 * 0.5 * 0.5, 2);
    expect(v.wellbeing.total.central).toBeCloseTo((v.wellbeing.perPerson.central ?? 0) * 40, 0);
    expect(
      impactValue({ outcome: 'gp_appointments', treated: 0, estimate: null, ci95: null, lifeSatisfaction: { pairs: 9, meanChange: 1 } }, a).wellbeing,
    ).toMatchObject({
      withheldReason: 'too_few_pairs',
      perPerson: { central: null },
    });
  });
});

describe('revalueImpact', () => {
  it('recomputes money and wellbeing value from the returned figures under edited assumptions', () => {
    const a = DEFAULT_IMPACT_ASSUMPTIONS;
    const v = impactValue({ outcome: 'gp_appointments', treated: 100, estimate: -0.5, ci95: [-0.7, -0.3], lifeSatisfaction: { pairs: 40, meanChange: 1 } }, a);
    const edited = { ...a, unitCost: { ...a.unitCost, amount: 30 }, wellbeing: { ...a.wellbeing, attribution: { low: 0.1, central: 0.2, high: 0.3 } } };
    expect(revalueImpact(v, edited)).toEqual(
      impactValue({ outcome: 'gp_appointments', treated: 100, estimate: -0.5, ci95: [-0.7, -0.3], lifeSatisfaction: { pairs: 40, meanChange: 1 } }, edited),
    );
    expect(revalueImpact(v, edited).money.central).toBe(200 * 30);
  });
});
