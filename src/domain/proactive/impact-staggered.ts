import {
  countBetween,
  dayNumber,
  EXCLUSION_DAYS,
  indexDay,
  MIN_TREATED,
  QUARTER_DAYS,
  QUARTERS,
  quarterCounts,
  seededRandom,
  WINDOW_DAYS,
  windowComplete,
  type ImpactPerson,
  type ImpactPractice,
} from './impact.ts';
import type { ImpactOutcome } from '../schemas/impact.ts';

/**
 * The staggered difference-in-differences (INSIGHT.md "Impact", option (a)): when the practices
 * supply every registered patient's counts, a stacked event study (after Cengiz, Dube, Lindner &
 * Zipperer 2019). Pure and seeded. See docs/design/impact.md "Whole practices".
 *
 * - Stacks: one per 91-day bucket of the index day (day number ÷ 91), holding the people referred
 *   in it (their earliest referral in the period, windows complete).
 * - Treated: the person's own 4 quarters before and after their index day (the index day in
 *   neither, as in the matched analysis).
 * - Clean controls: everyone else at the stack's practices whose window around the stack's centre
 *   day (bucket start + 45) is complete and who has no referral from 12 months before that window
 *   up to its end: never referred, referred long before, or not yet treated (referred only after
 *   the stack's after-window). The same 4 before / 4 after quarters around the stack's centre.
 * - Per stack: DiD = mean(after − before) of the treated − the same of the controls, per quarter;
 *   overall = the treated-weighted mean over stacks (stacks without a control are left out).
 * - Interval: 95% percentile bootstrap resampling persons within each stack, treated and controls
 *   separately (the per-person changes are worked out once per stack; repetitions draw indexes).
 *   A stack's controls are drawn one by one up to EXACT_RESAMPLE_LIMIT; beyond that the resampled
 *   control mean is drawn from its normal limit (mean, SD ÷ √n), which a mean of that many draws
 *   follows closely — whole practices give ~50,000 controls a stack, too many to redraw 500+ times.
 */

/** Days from a stack's bucket start to its centre (the controls' index day). */
export const STACK_CENTRE_OFFSET = 45;
/** Above this many controls in a stack, the resampled control mean is drawn from its normal limit. */
export const EXACT_RESAMPLE_LIMIT = 4000;
export const STAGGERED_MIN_REPS = 500;

export const STAGGERED_DEFINITION =
  'Stacked difference-in-differences over whole practices: for each 91-day period of referral, the change (4 quarters after − 4 before) of the people referred then, minus the change over the same quarters of everyone else at those practices not referred within 12 months before the window or during it (not-yet-referred people allowed); weighted by the referred in each period. No matching on prior attendance, so it keeps more of the regression to the mean than the matched estimate.';

export interface StaggeredInput {
  outcome: ImpactOutcome;
  from: string | null;
  to: string | null;
  practices: readonly ImpactPractice[];
  people: readonly ImpactPerson[];
  seed: number;
  reps: number;
}

export interface StaggeredStack {
  /** Day number of the bucket's first day. */
  start: number;
  treated: number;
  controls: number;
  did: number;
}

export interface StaggeredAnalysis {
  estimate: number | null;
  ci95: [number, number] | null;
  stacks: number;
  treated: number;
  /** Distinct people used as a control in any stack. */
  controls: number;
  withheldReason: 'fewer_than_30_treated' | null;
  reps: number;
  seed: number;
  /** Per stack (exact figures; not released, used by tests and the docs' measurements). */
  perStack: StaggeredStack[];
}

/** Whether a person may be a clean control for a stack centred on `centre`. */
export function cleanControl(referrals: readonly number[], centre: number): boolean {
  for (const r of referrals) if (r >= centre - WINDOW_DAYS - EXCLUSION_DAYS && r <= centre + WINDOW_DAYS) return false;
  return true;
}

interface Stack {
  start: number;
  practices: Set<string>;
  treatedPeople: number[];
  treatedChange: Float64Array;
  controlChange: Float64Array;
  controlMean: number;
  controlSd: number;
  treatedMean: number;
}

const mean = (a: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return a.length === 0 ? 0 : s / a.length;
};

/** The staggered estimate (exact figures; the caller applies disclosure control). */
export function analyseStaggered(input: StaggeredInput): StaggeredAnalysis {
  const reps = Math.max(STAGGERED_MIN_REPS, input.reps);
  const seed = input.seed;
  const from = input.from === null ? null : dayNumber(input.from);
  const to = input.to === null ? null : dayNumber(input.to);
  const practices = new Map(input.practices.map((p) => [p.id, p]));
  const people = input.people;
  const outcomeOf = (p: ImpactPerson): ArrayLike<number> => (input.outcome === 'fit_notes' ? p.fitNotes : p.appointments);

  // The stacks and their treated people.
  const byBucket = new Map<number, { practices: Set<string>; people: number[]; index: number[] }>();
  for (let i = 0; i < people.length; i++) {
    const p = people[i] as ImpactPerson;
    const index = indexDay(p.referrals, from, to);
    if (index === null || !windowComplete(practices.get(p.practiceId), index)) continue;
    const bucket = Math.floor(index / QUARTER_DAYS);
    let b = byBucket.get(bucket);
    if (b === undefined) {
      b = { practices: new Set(), people: [], index: [] };
      byBucket.set(bucket, b);
    }
    b.practices.add(p.practiceId);
    b.people.push(i);
    b.index.push(index);
  }
  const stacks: Stack[] = [];
  const usedAsControl = new Uint8Array(people.length);
  const change = (q: { before: number[]; after: number[] }): number => (q.after.reduce((s, x) => s + x, 0) - q.before.reduce((s, x) => s + x, 0)) / QUARTERS;
  const buckets = [...byBucket.keys()].sort((a, b) => a - b);
  const treatedHere = new Uint8Array(people.length);
  for (const bucket of buckets) {
    const b = byBucket.get(bucket) as { practices: Set<string>; people: number[]; index: number[] };
    const start = bucket * QUARTER_DAYS;
    const centre = start + STACK_CENTRE_OFFSET;
    const treatedChange = new Float64Array(b.people.length);
    for (let k = 0; k < b.people.length; k++) {
      const i = b.people[k] as number;
      treatedHere[i] = 1;
      treatedChange[k] = change(quarterCounts(outcomeOf(people[i] as ImpactPerson), b.index[k] as number));
    }
    const controls: number[] = [];
    const controlIds: number[] = [];
    for (let i = 0; i < people.length; i++) {
      const p = people[i] as ImpactPerson;
      if (treatedHere[i] === 1 || !b.practices.has(p.practiceId)) continue;
      if (!windowComplete(practices.get(p.practiceId), centre) || !cleanControl(p.referrals, centre)) continue;
      const series = outcomeOf(p);
      controls.push((countBetween(series, centre + 1, centre + WINDOW_DAYS) - countBetween(series, centre - WINDOW_DAYS, centre - 1)) / QUARTERS);
      controlIds.push(i);
    }
    for (const i of b.people) treatedHere[i] = 0;
    if (controls.length === 0) continue;
    for (const i of controlIds) usedAsControl[i] = 1;
    const controlChange = Float64Array.from(controls);
    const controlMean = mean(controlChange);
    let ss = 0;
    for (let i = 0; i < controlChange.length; i++) ss += ((controlChange[i] as number) - controlMean) ** 2;
    stacks.push({
      start,
      practices: b.practices,
      treatedPeople: b.people,
      treatedChange,
      controlChange,
      controlMean,
      controlSd: controlChange.length > 1 ? Math.sqrt(ss / controlChange.length) : 0,
      treatedMean: mean(treatedChange),
    });
  }
  let treated = 0;
  for (const s of stacks) treated += s.treatedChange.length;
  let controls = 0;
  for (let i = 0; i < usedAsControl.length; i++) controls += usedAsControl[i] as number;
  const perStack = stacks.map((s) => ({
    start: s.start,
    treated: s.treatedChange.length,
    controls: s.controlChange.length,
    did: s.treatedMean - s.controlMean,
  }));
  const base = { stacks: stacks.length, treated, controls, reps, seed, perStack };
  if (treated < MIN_TREATED) return { ...base, estimate: null, ci95: null, withheldReason: 'fewer_than_30_treated' };

  let estimate = 0;
  for (const s of stacks) estimate += (s.treatedChange.length * (s.treatedMean - s.controlMean)) / treated;
  return { ...base, estimate, ci95: bootstrapStacks(stacks, treated, reps, seed), withheldReason: null };
}

/**
 * Percentile 95% interval: each repetition redraws, within every stack, its treated people and
 * its controls with replacement (index sampling over the per-person changes), recomputes the stack
 * DiDs and their treated-weighted mean. Controls beyond EXACT_RESAMPLE_LIMIT: the normal limit.
 */
function bootstrapStacks(stacks: readonly Stack[], treated: number, reps: number, seed: number): [number, number] {
  const rand = seededRandom(seed);
  const normal = (): number => {
    // Box–Muller on the same seeded stream (1 − u keeps the logarithm finite).
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const estimates = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let e = 0;
    for (const s of stacks) {
      const t = s.treatedChange;
      const nt = t.length;
      let st = 0;
      for (let k = 0; k < nt; k++) st += t[Math.floor(rand() * nt)] as number;
      const c = s.controlChange;
      const nc = c.length;
      let cm: number;
      if (nc > EXACT_RESAMPLE_LIMIT) cm = s.controlMean + (s.controlSd / Math.sqrt(nc)) * normal();
      else {
        let sc = 0;
        for (let k = 0; k < nc; k++) sc += c[Math.floor(rand() * nc)] as number;
        cm = sc / nc;
      }
      e += (nt * (st / nt - cm)) / treated;
    }
    estimates[r] = e;
  }
  estimates.sort();
  const q = (p: number): number => {
    const pos = (reps - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (estimates[lo] as number) + ((estimates[hi] as number) - (estimates[lo] as number)) * (pos - lo);
  };
  return [q(0.025), q(0.975)];
}
