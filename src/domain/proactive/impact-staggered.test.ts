import { describe, expect, it } from 'vitest';
import { dayDate, dayNumber, QUARTER_DAYS, seededRandom, type ImpactPerson, type ImpactPractice } from './impact.ts';
import { analyseStaggered, cleanControl, EXACT_RESAMPLE_LIMIT, STACK_CENTRE_OFFSET, type StaggeredInput } from './impact-staggered.ts';

const practice = (id: string): ImpactPractice => ({ id, coverageStart: '2018-01-01', coverageEnd: '2026-11-30', wholePractice: true });

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

/** `before` events 200 days before `day` and `after` events 200 days after. */
const around = (day: number, before: number, after: number): number[] => [
  ...Array.from({ length: before }, () => day - 200),
  ...Array.from({ length: after }, () => day + 200),
];

/** A bucket's first day and its centre (the controls' index day). */
const bucketOf = (date: string): { start: number; centre: number } => {
  const start = Math.floor(dayNumber(date) / QUARTER_DAYS) * QUARTER_DAYS;
  return { start, centre: start + STACK_CENTRE_OFFSET };
};

const input = (people: ImpactPerson[], over: Partial<StaggeredInput> = {}): StaggeredInput => ({
  outcome: 'gp_appointments',
  from: null,
  to: null,
  practices: [practice('P1'), practice('P2')],
  people,
  seed: 20261208,
  reps: 500,
  ...over,
});

/** A stack at practice `id`: n treated referred `offset` days into the bucket (change t), m controls (change c). */
function stack(id: string, date: string, n: number, t: [number, number], m: number, c: [number, number]): ImpactPerson[] {
  const { start, centre } = bucketOf(date);
  const out: ImpactPerson[] = [];
  for (let k = 0; k < n; k++) {
    const index = start + (k % 80) + 5;
    out.push(person({ practiceId: id, referrals: [index], appointments: around(index, t[0], t[1]) }));
  }
  for (let k = 0; k < m; k++) out.push(person({ practiceId: id, appointments: around(centre, c[0], c[1]) }));
  return out;
}

describe('staggered difference-in-differences', () => {
  it('recovers a known DiD: treated change minus clean controls’ change over the same quarters', () => {
    // treated 4 → 1 (−0.75 a quarter), controls 2 → 3 (+0.25): DiD −1
    const r = analyseStaggered(input(stack('P1', '2023-05-10', 40, [4, 1], 100, [2, 3])));
    expect(r).toMatchObject({ stacks: 1, treated: 40, controls: 100, withheldReason: null });
    expect(r.estimate).toBeCloseTo(-1, 10);
    // no variation at all: the interval collapses on the estimate
    expect(r.ci95?.[0]).toBeCloseTo(-1, 10);
    expect(r.ci95?.[1]).toBeCloseTo(-1, 10);
  });

  it('weights the stacks by their treated people; each stack uses its own practices’ controls', () => {
    const a = stack('P1', '2022-03-10', 30, [4, 1], 60, [2, 3]); // DiD −1
    const b = stack('P2', '2024-08-20', 10, [8, 1], 60, [2, 3]); // (1−8)/4 − 0.25 = −2
    const r = analyseStaggered(input([...a, ...b]));
    expect(r.stacks).toBe(2);
    expect(r.perStack.map((s) => [s.treated, s.controls, s.did])).toEqual([
      [30, 60, -1],
      [10, 60, -2],
    ]);
    expect(r.estimate).toBeCloseTo((30 * -1 + 10 * -2) / 40, 10);
    expect(r.controls).toBe(120);
  });

  it('admits never-referred, long-ago-referred and not-yet-referred people as controls, and nobody referred near the window', () => {
    const { start, centre } = bucketOf('2023-05-10');
    const w = 4 * QUARTER_DAYS;
    expect(cleanControl([], centre)).toBe(true);
    expect(cleanControl([centre + w + 1], centre)).toBe(true); // not yet treated: after the after-window
    expect(cleanControl([centre + w], centre)).toBe(false);
    expect(cleanControl([centre + 100], centre)).toBe(false);
    expect(cleanControl([centre - w - 365], centre)).toBe(false); // within 12 months before the window
    expect(cleanControl([centre - w - 366], centre)).toBe(true);
    expect(cleanControl([centre - w - 366, centre + 10], centre)).toBe(false);

    const base = stack('P1', '2023-05-10', 30, [4, 1], 20, [2, 3]);
    // 5 not-yet-treated controls whose change is +0.25 like the others, and 5 people referred
    // (outside the period) inside the window whose change is large: they must not be controls
    const notYet = Array.from({ length: 5 }, () => person({ referrals: [centre + w + 30], appointments: around(centre, 2, 3) }));
    const near = Array.from({ length: 5 }, () => person({ referrals: [centre + 120], appointments: around(centre, 20, 0) }));
    const r = analyseStaggered(input([...base, ...notYet, ...near], { to: dayDate(start + QUARTER_DAYS - 1) }));
    expect(r.perStack[0]?.controls).toBe(25);
    expect(r.estimate).toBeCloseTo(-1, 10);
    // a control's window must be complete
    const short = analyseStaggered(input(base, { practices: [{ ...practice('P1'), coverageEnd: '2024-05-01' }] }));
    expect(short.treated).toBe(0);
  });

  it('withholds the estimate under 30 treated people', () => {
    const r = analyseStaggered(input(stack('P1', '2023-05-10', 29, [4, 1], 100, [2, 3])));
    expect(r).toMatchObject({ estimate: null, ci95: null, withheldReason: 'fewer_than_30_treated', treated: 29 });
  });

  it('gives a reproducible bootstrap interval around the estimate, exact or through the normal limit for many controls', () => {
    const rand = seededRandom(3);
    const noisy = (n: number, m: number, date: string): ImpactPerson[] => {
      const { start, centre } = bucketOf(date);
      const out: ImpactPerson[] = [];
      for (let k = 0; k < n; k++) {
        const index = start + 10;
        out.push(person({ referrals: [index], appointments: around(index, 2 + Math.floor(rand() * 6), Math.floor(rand() * 6)) }));
      }
      for (let k = 0; k < m; k++) out.push(person({ appointments: around(centre, Math.floor(rand() * 5), Math.floor(rand() * 5)) }));
      return out;
    };
    for (const m of [300, EXACT_RESAMPLE_LIMIT + 500]) {
      const people = noisy(200, m, '2023-05-10');
      const r = analyseStaggered(input(people));
      expect(r.estimate).not.toBeNull();
      const [lo, hi] = r.ci95 ?? [NaN, NaN];
      expect(lo).toBeLessThan(r.estimate ?? NaN);
      expect(hi).toBeGreaterThan(r.estimate ?? NaN);
      // roughly ±1.96 standard errors: treated change SD ≈ √(2 × 35/12)/4 ≈ 0.60 over 200 people
      expect((hi - lo) / 2).toBeGreaterThan(0.06);
      expect((hi - lo) / 2).toBeLessThan(0.12);
      expect(analyseStaggered(input(people)).ci95).toEqual(r.ci95);
      expect(analyseStaggered(input(people, { seed: 7 })).ci95).not.toEqual(r.ci95);
    }
    // at least 500 repetitions whatever is asked
    expect(analyseStaggered(input(noisy(40, 50, '2023-05-10'), { reps: 100 })).reps).toBe(500);
  });
});
