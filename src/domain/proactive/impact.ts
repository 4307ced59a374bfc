import type { ImpactAssumptions, ImpactMethod, ImpactOutcome, ImpactValue, ImpactWithheldReason } from '../schemas/impact.ts';

/**
 * Impact on GP appointments and fit notes (INSIGHT.md "Impact", issue 12): pure and seeded, so a
 * result can be reproduced. From each person's coded practice events it builds, for everyone
 * referred (index date = referral received), the 4 quarters before and after; matches each of
 * them to up to 3 people of the same practice, sex, 10-year age band and IMD quintile, nearest on
 * long-term-condition count and prior-year appointments, with a pseudo index date; and estimates
 * the change per person per quarter, referred minus controls, with a cluster bootstrap interval.
 * The before/after figure of the referred alone is always given beside it, with its warning.
 * See docs/design/impact.md.
 */

export const IMPACT_DEFINITION_VERSION = 'impact-v1 (2026-12)';
export const QUARTER_DAYS = 91;
export const QUARTERS = 4;
export const WINDOW_DAYS = QUARTER_DAYS * QUARTERS;
/** Nothing is estimated on fewer treated people with complete windows than this. */
export const MIN_TREATED = 30;
export const CONTROLS_PER_TREATED = 3;
/** Controls may not have been referred within this many days of the pseudo index date. */
export const EXCLUSION_DAYS = 365;
export const DEFAULT_BOOTSTRAP_REPS = 1000;
export const DEFAULT_SEED = 20261208;
/** An extract holding at least this share of the practice's list is taken to be the whole practice. */
export const WHOLE_PRACTICE_SHARE = 0.9;
/** Prior-year appointment counts above this are one stratum (equally frequent attenders). */
const FREQUENT_CAP = 30;
/** Prior-year fit notes above this are one group. */
const OUTCOME_CAP = 8;
/** How many pseudo index dates the unreferred comparison uses (quantiles of the referred's). */
const UNREFERRED_DATES = 12;

export const IMPACT_DEFINITION =
  'Outcome per person per quarter (91 days): attended appointments with any clinical role except the link worker (did-not-attends counted apart), or fit notes issued. ' +
  'Referred = a Linkwork referral (matched by NHS number; referral received) or a social prescribing referral code in the practice record; index = the earliest in the period. ' +
  'Windows: the 4 quarters before the index date and the 4 after (the index day itself in neither), complete only when the extract covers all 8. ' +
  'Controls: same practice, sex, 10-year age band and IMD quintile (unknown its own group), nearest on long-term-condition count and prior-year appointments, up to 3 each without replacement, pseudo index = the referred person’s, nobody referred within 12 months of it. ' +
  'Estimate = mean(after − before) of the referred − mean(after − before) of their controls, per person per quarter; 95% interval from a cluster bootstrap (each referred person with their controls), seeded.';

export const RTM_WARNING =
  'Before/after alone overstates the effect: people are referred when things are at their worst, and many would have improved anyway (regression to the mean). ' +
  'Compare it with the change among equally frequent attenders who were not referred, and rely on the controlled estimate.';

export const UNREFERRED_DEFINITION =
  'People not referred within 12 months of pseudo index dates spread over the referred people’s index dates, with complete windows, grouped by prior-year appointments (and, for fit notes, prior-year fit notes) and weighted to the referred people’s.';

/** Default assumptions a deployment must check (docs/design/impact.md). */
export const DEFAULT_IMPACT_ASSUMPTIONS: ImpactAssumptions = {
  unitCost: {
    amount: 42,
    source:
      'PSSRU Unit Costs of Health and Social Care 2022: GP, per surgery consultation (about 9 minutes), excluding qualification costs — a default to check against the current edition',
    year: '2021/22',
  },
  wellbeing: {
    valuePerPointYear: 13000,
    source: 'HM Treasury Green Book supplementary guidance: wellbeing (2021), one point of life satisfaction for one year',
    priceYear: '2019',
    durationYears: { low: 0.5, central: 1, high: 2 },
    deadweight: { low: 0.5, central: 0.25, high: 0 },
    attribution: { low: 0.5, central: 0.75, high: 1 },
  },
};

// ---------------------------------------------------------------------------------------------
// Inputs

/** A practice in the analysis: what its current extract covers. */
export interface ImpactPractice {
  id: string;
  /** The earliest event date in the extract (null: no events), YYYY-MM-DD. */
  coverageStart: string | null;
  /** The extract date, YYYY-MM-DD. */
  coverageEnd: string;
  wholePractice: boolean;
}

/** One person of a practice extract, as the analysis needs them (no identifiers). */
export interface ImpactPerson {
  practiceId: string;
  dateOfBirth: string;
  sex: string;
  imdQuintile: number | null;
  ltcCount: number;
  /** Every referral date known (Linkwork referral received, or sp_referral event), as day numbers. */
  referrals: readonly number[];
  /** Day numbers, ascending: attended appointments (not the link worker's), did-not-attends, fit notes. */
  appointments: ArrayLike<number>;
  dnas: ArrayLike<number>;
  fitNotes: ArrayLike<number>;
}

export interface ImpactInput {
  outcome: ImpactOutcome;
  from: string | null;
  to: string | null;
  practices: readonly ImpactPractice[];
  people: readonly ImpactPerson[];
  seed?: number;
  reps?: number;
}

/** The analysis before disclosure control (exact figures). */
export interface ImpactAnalysis {
  outcome: ImpactOutcome;
  method: ImpactMethod;
  referred: number;
  complete: number;
  treated: number;
  controls: number;
  estimate: number | null;
  ci95: [number, number] | null;
  withheldReason: ImpactWithheldReason | null;
  reps: number;
  seed: number;
  prePost: { estimate: number | null; treated: number; unreferred: number | null };
  perQuarter: { treated: Quarters | null; controls: Quarters | null };
  dnaPerQuarter: { treated: Quarters | null; controls: Quarters | null } | null;
  wholePracticeData: boolean;
  notes: string[];
}

export interface Quarters {
  before: number[];
  after: number[];
}

// ---------------------------------------------------------------------------------------------
// Dates and counting

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

/** The YYYY-MM-DD date of a day number. */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** First index whose value is ≥ x in an ascending array. */
function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many values of an ascending array lie in [from, to]. */
export function countBetween(a: ArrayLike<number>, from: number, to: number): number {
  if (to < from || a.length === 0) return 0;
  return lowerBound(a, to + 1) - lowerBound(a, from);
}

/**
 * The 4 quarters before the index day (oldest first: days i−364…i−274, …, i−91…i−1) and the 4
 * after (i+1…i+91, …, i+274…i+364). The index day itself is in neither: it is the day of the
 * referring consultation, which would otherwise count as an "after" appointment.
 */
export function quarterCounts(a: ArrayLike<number>, index: number): Quarters {
  const before: number[] = [];
  const after: number[] = [];
  for (let k = QUARTERS; k >= 1; k--) before.push(countBetween(a, index - k * QUARTER_DAYS, index - (k - 1) * QUARTER_DAYS - 1));
  for (let k = 0; k < QUARTERS; k++) after.push(countBetween(a, index + k * QUARTER_DAYS + 1, index + (k + 1) * QUARTER_DAYS));
  return { before, after };
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/** (Σ after − Σ before) ÷ 4: the change per quarter. */
function changePerQuarter(q: Quarters): number {
  return (sum(q.after) - sum(q.before)) / QUARTERS;
}

/** Whether the practice's extract covers both windows around this day. */
export function windowComplete(p: ImpactPractice | undefined, index: number): boolean {
  if (p === undefined || p.coverageStart === null) return false;
  // Called for every person at every pseudo index date: the day numbers are worked out once.
  let days = coverageDays.get(p);
  if (days === undefined) {
    days = [dayNumber(p.coverageStart), dayNumber(p.coverageEnd)];
    coverageDays.set(p, days);
  }
  return index - WINDOW_DAYS >= days[0] && index + WINDOW_DAYS <= days[1];
}
const coverageDays = new WeakMap<ImpactPractice, [number, number]>();

/** Completed years of age on a day. */
export function ageOn(dateOfBirth: string, day: number): number {
  const d = dayDate(day);
  const years = Number(d.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return d.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** Whether any referral lies within ± EXCLUSION_DAYS of a day. */
function referredNear(referrals: readonly number[], day: number): boolean {
  for (const r of referrals) if (Math.abs(r - day) <= EXCLUSION_DAYS) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// A small seeded generator (mulberry32): the bootstrap must give the same interval every time.

/** A seeded uniform [0, 1) generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-th quantile (0–1) of sorted values, linear between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Percentile 95% interval of the mean of per-unit contrasts, resampling units with replacement.
 * Each unit is one referred person with their controls (their contrast already nets the controls
 * out), so resampling units is the cluster bootstrap.
 */
export function bootstrapMeanCi(contrasts: readonly number[], reps: number, seed: number): [number, number] {
  const n = contrasts.length;
  const rand = seededRandom(seed);
  const means = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += contrasts[Math.floor(rand() * n)] as number;
    means[r] = s / n;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

// ---------------------------------------------------------------------------------------------
// The analysis

interface Unit {
  person: number;
  index: number;
  outcome: Quarters;
  dna: Quarters;
  priorAppointments: number;
  /** The outcome in the prior year (for fit notes; the same as priorAppointments otherwise). */
  priorOutcome: number;
  controls: { outcome: Quarters; dna: Quarters; x: number[] }[];
  /** The matching variables (for the bias correction): prior-year appointments, LTC count, prior-year outcome. */
  x: number[];
}

function meanQuarters(list: readonly Quarters[]): Quarters | null {
  if (list.length === 0) return null;
  const before = [0, 0, 0, 0];
  const after = [0, 0, 0, 0];
  for (const q of list) {
    for (let k = 0; k < QUARTERS; k++) {
      before[k] = (before[k] as number) + (q.before[k] as number) / list.length;
      after[k] = (after[k] as number) + (q.after[k] as number) / list.length;
    }
  }
  return { before, after };
}

/** The mean of a unit's controls' quarters (each control weighs 1/k within its unit). */
function controlMean(qs: readonly Quarters[]): Quarters {
  return meanQuarters(qs) as Quarters;
}

function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 1;
  const m = sum(xs) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return v > 0 ? Math.sqrt(v) : 1;
}

/** The earliest referral day within [from, to] (either end open), or null. */
export function indexDay(referrals: readonly number[], from: number | null, to: number | null): number | null {
  let best: number | null = null;
  for (const r of referrals) {
    if (from !== null && r < from) continue;
    if (to !== null && r > to) continue;
    if (best === null || r < best) best = r;
  }
  return best;
}

/** The impact analysis (exact figures; the caller applies disclosure control). */
export function analyseImpact(input: ImpactInput): ImpactAnalysis {
  const reps = input.reps ?? DEFAULT_BOOTSTRAP_REPS;
  const seed = input.seed ?? DEFAULT_SEED;
  const from = input.from === null ? null : dayNumber(input.from);
  const to = input.to === null ? null : dayNumber(input.to);
  const practices = new Map(input.practices.map((p) => [p.id, p]));
  const people = input.people;
  const outcomeOf = (p: ImpactPerson): ArrayLike<number> => (input.outcome === 'fit_notes' ? p.fitNotes : p.appointments);
  const notes: string[] = [];

  // Who was referred, and whose windows the extract covers.
  let referred = 0;
  const complete: Unit[] = [];
  for (let i = 0; i < people.length; i++) {
    const p = people[i] as ImpactPerson;
    const index = indexDay(p.referrals, from, to);
    if (index === null) continue;
    referred += 1;
    if (!windowComplete(practices.get(p.practiceId), index)) continue;
    complete.push({
      person: i,
      index,
      outcome: quarterCounts(outcomeOf(p), index),
      dna: quarterCounts(p.dnas, index),
      priorAppointments: countBetween(p.appointments, index - WINDOW_DAYS, index - 1),
      priorOutcome: countBetween(outcomeOf(p), index - WINDOW_DAYS, index - 1),
      controls: [],
      x: [],
    });
  }
  // Matching order: by index date, then the order people came in (deterministic).
  complete.sort((a, b) => a.index - b.index || a.person - b.person);

  const wholePracticeData = input.practices.length > 0 && input.practices.every((p) => p.wholePractice);
  const prePostEstimate = complete.length >= MIN_TREATED ? sum(complete.map((u) => changePerQuarter(u.outcome))) / complete.length : null;
  const g = complete.length >= MIN_TREATED ? changeByPriorAttendance(input, complete, outcomeOf) : () => null;
  let unreferred: number | null = null;
  if (complete.length >= MIN_TREATED) {
    const known = complete.map((u) => g(u.priorAppointments, u.priorOutcome)).filter((x): x is number => x !== null);
    unreferred = known.length === 0 ? null : sum(known) / known.length;
  }
  const base = {
    outcome: input.outcome,
    referred,
    complete: complete.length,
    reps,
    seed,
    wholePracticeData,
    notes,
  };
  if (wholePracticeData) {
    notes.push(
      'The extracts hold whole practices: a staggered difference-in-differences over everyone registered is shown beside the matched estimate, which stays the headline because matching on prior attendance removes more of the regression to the mean (docs/design/impact.md).',
    );
  }
  if (complete.length < MIN_TREATED) {
    return {
      ...base,
      method: 'matched_controls',
      treated: complete.length,
      controls: 0,
      estimate: null,
      ci95: null,
      withheldReason: 'fewer_than_30_treated',
      prePost: { estimate: null, treated: complete.length, unreferred: null },
      perQuarter: { treated: null, controls: null },
      dnaPerQuarter: null,
    };
  }

  const used = matchControls(people, complete, practices, outcomeOf, input.outcome !== 'gp_appointments');
  const matched = complete.filter((u) => u.controls.length > 0);
  if (matched.length < complete.length)
    notes.push(`${complete.length - matched.length} referred people had no eligible control and are left out of the controlled estimate.`);
  const prePost = { estimate: prePostEstimate, treated: complete.length, unreferred };
  const dnaShown = input.outcome === 'gp_appointments';
  if (matched.length < MIN_TREATED) {
    return {
      ...base,
      method: 'pre_post_only',
      treated: matched.length,
      controls: used,
      estimate: null,
      ci95: null,
      withheldReason: 'fewer_than_30_matched',
      prePost,
      perQuarter: { treated: meanQuarters(complete.map((u) => u.outcome)), controls: null },
      dnaPerQuarter: dnaShown ? { treated: meanQuarters(complete.map((u) => u.dna)), controls: null } : null,
    };
  }
  // Bias-corrected matching (after Abadie & Imbens 2011): nearest matches still differ a little
  // on prior attendance — most where referral picks the highest attenders, whose nearest controls
  // attended less and so fall back less — so each control's change is moved by the difference, in
  // unreferred people's mean change by prior attendance (`g`), between its referred person and it.
  const adjust = (u: Unit, c: Unit['controls'][number]): number => {
    const gt = g(u.x[0] as number, u.x[2] as number);
    const gc = g(c.x[0] as number, c.x[2] as number);
    return gt === null || gc === null ? 0 : gt - gc;
  };
  const contrasts = matched.map((u) => {
    const m = u.controls.reduce((s, c) => s + changePerQuarter(c.outcome) + adjust(u, c), 0) / u.controls.length;
    return changePerQuarter(u.outcome) - m;
  });
  const estimate = sum(contrasts) / contrasts.length;
  return {
    ...base,
    method: 'matched_controls',
    treated: matched.length,
    controls: used,
    estimate,
    ci95: bootstrapMeanCi(contrasts, reps, seed),
    withheldReason: null,
    prePost,
    perQuarter: {
      treated: meanQuarters(matched.map((u) => u.outcome)),
      controls: meanQuarters(matched.map((u) => controlMean(u.controls.map((c) => c.outcome)))),
    },
    dnaPerQuarter: dnaShown
      ? { treated: meanQuarters(matched.map((u) => u.dna)), controls: meanQuarters(matched.map((u) => controlMean(u.controls.map((c) => c.dna)))) }
      : null,
  };
}

/**
 * Up to CONTROLS_PER_TREATED controls for each unit, greedily in index-date order, without
 * replacement: exact on practice, sex, 10-year age band (on the index day) and IMD quintile
 * (unknown its own stratum); nearest on long-term-condition count and prior-year appointments
 * (and, for fit notes, prior-year fit notes), each standardised by its SD (squared distance);
 * never anyone referred within EXCLUSION_DAYS of the index day.
 * Fills each unit's `controls`; returns how many distinct people were used.
 */
function matchControls(
  people: readonly ImpactPerson[],
  units: Unit[],
  practices: Map<string, ImpactPractice>,
  outcomeOf: (p: ImpactPerson) => ArrayLike<number>,
  matchOutcome: boolean,
): number {
  // Strata by practice, sex, IMD quintile and year of birth: a 10-year age band on a day is
  // 11 birth years, checked exactly by month and day (no date objects in the inner loop).
  const strata = new Map<string, number[]>();
  const birthYear = new Int32Array(people.length);
  const birthMd = new Int32Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const p = people[i] as ImpactPerson;
    birthYear[i] = Number(p.dateOfBirth.slice(0, 4));
    birthMd[i] = Number(p.dateOfBirth.slice(5, 7)) * 100 + Number(p.dateOfBirth.slice(8, 10));
    const key = `${p.practiceId}|${p.sex}|${p.imdQuintile ?? '-'}|${birthYear[i]}`;
    const list = strata.get(key);
    if (list === undefined) strata.set(key, [i]);
    else list.push(i);
  }
  const sdLtc = sd(people.map((p) => p.ltcCount));
  const sdPrior = sd(units.map((u) => u.priorAppointments));
  const sdOutcome = sd(units.map((u) => u.priorOutcome));

  const taken = new Uint8Array(people.length);
  let used = 0;
  const best: { i: number; d: number }[] = [];
  for (const u of units) {
    const t = people[u.person] as ImpactPerson;
    if (!windowComplete(practices.get(t.practiceId), u.index)) continue;
    const date = dayDate(u.index);
    const year = Number(date.slice(0, 4));
    const md = Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
    const ageAt = (i: number): number => year - (birthYear[i] as number) - (md < (birthMd[i] as number) ? 1 : 0);
    const band = Math.floor(ageAt(u.person) / 10);
    u.x = [u.priorAppointments, t.ltcCount, u.priorOutcome];
    best.length = 0;
    for (let by = year - band * 10 - 10; by <= year - band * 10; by++) {
      for (const i of strata.get(`${t.practiceId}|${t.sex}|${t.imdQuintile ?? '-'}|${by}`) ?? []) {
        if (taken[i] === 1 || i === u.person) continue;
        if (Math.floor(ageAt(i) / 10) !== band) continue;
        const c = people[i] as ImpactPerson;
        if (referredNear(c.referrals, u.index)) continue;
        const prior = countBetween(c.appointments, u.index - WINDOW_DAYS, u.index - 1);
        let d = ((c.ltcCount - t.ltcCount) / sdLtc) ** 2 + ((prior - u.priorAppointments) / sdPrior) ** 2;
        if (matchOutcome) d += ((countBetween(outcomeOf(c), u.index - WINDOW_DAYS, u.index - 1) - u.priorOutcome) / sdOutcome) ** 2;
        // Keep the CONTROLS_PER_TREATED nearest (ties: the earlier person), by insertion.
        if (best.length === CONTROLS_PER_TREATED && d >= (best[best.length - 1] as { d: number }).d) continue;
        let k = best.length;
        while (k > 0 && ((best[k - 1] as { d: number }).d > d || ((best[k - 1] as { d: number }).d === d && (best[k - 1] as { i: number }).i > i))) k--;
        best.splice(k, 0, { i, d });
        if (best.length > CONTROLS_PER_TREATED) best.pop();
      }
    }
    for (const { i } of best) {
      taken[i] = 1;
      used += 1;
      const c = people[i] as ImpactPerson;
      u.controls.push({
        outcome: quarterCounts(outcomeOf(c), u.index),
        dna: quarterCounts(c.dnas, u.index),
        x: [countBetween(c.appointments, u.index - WINDOW_DAYS, u.index - 1), c.ltcCount, countBetween(outcomeOf(c), u.index - WINDOW_DAYS, u.index - 1)],
      });
    }
  }
  return used;
}

/**
 * The mean change among people who were not referred, by prior attendance: at pseudo index dates
 * spread over the referred people's index dates (quantiles), everyone with a complete window and
 * no referral within EXCLUSION_DAYS, grouped by prior-year appointments (capped) — and, for fit
 * notes, prior-year fit notes too. Returns the group's mean change, or null for an empty group.
 * Used for the "equally frequent attenders who were not referred" figure and the bias correction.
 */
function changeByPriorAttendance(
  input: ImpactInput,
  units: readonly Unit[],
  outcomeOf: (p: ImpactPerson) => ArrayLike<number>,
): (priorAppointments: number, priorOutcome: number) => number | null {
  const indexes = units.map((u) => u.index).sort((a, b) => a - b);
  const k = Math.min(UNREFERRED_DATES, indexes.length);
  const dates = new Set<number>();
  for (let j = 0; j < k; j++) dates.add(indexes[Math.round(((indexes.length - 1) * (j + 0.5)) / k)] as number);
  const practices = new Map(input.practices.map((p) => [p.id, p]));
  const byOutcome = input.outcome === 'fit_notes';
  const cells = (FREQUENT_CAP + 1) * (OUTCOME_CAP + 1);
  const key = (a: number, o: number): number => Math.min(FREQUENT_CAP, a) * (OUTCOME_CAP + 1) + (byOutcome ? Math.min(OUTCOME_CAP, o) : 0);
  const total = new Float64Array(cells);
  const count = new Float64Array(cells);
  for (const day of dates) {
    for (const p of input.people) {
      if (!windowComplete(practices.get(p.practiceId), day) || referredNear(p.referrals, day)) continue;
      // Two binary searches a series rather than eight: only the year totals matter here.
      const series = outcomeOf(p);
      const priorAppointments = countBetween(p.appointments, day - WINDOW_DAYS, day - 1);
      const before = byOutcome ? countBetween(series, day - WINDOW_DAYS, day - 1) : priorAppointments;
      const after = countBetween(series, day + 1, day + WINDOW_DAYS);
      const cell = key(priorAppointments, byOutcome ? before : 0);
      total[cell] = (total[cell] as number) + (after - before) / QUARTERS;
      count[cell] = (count[cell] as number) + 1;
    }
  }
  return (a, o) => {
    const cell = key(a, o);
    return (count[cell] as number) === 0 ? null : (total[cell] as number) / (count[cell] as number);
  };
}

// ---------------------------------------------------------------------------------------------
// Value

/** What the value section is computed from (returned to the page, which recomputes on edits). */
export interface ImpactValueFigures {
  outcome: ImpactOutcome;
  treated: number;
  estimate: number | null;
  ci95: [number, number] | null;
  /** Paired ONS life-satisfaction change among referred people, or null when there is none. */
  lifeSatisfaction: { pairs: number; meanChange: number | null } | null;
}

/** Below this many pairs a mean change is withheld (as the outcome reports do). */
export const MIN_WELLBEING_PAIRS = 10;

const round2 = (x: number): number => {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
};

/**
 * Freed appointments (−estimate × treated × 4 quarters; low and high from the interval's ends),
 * their value at the unit cost, and the wellbeing value range (paired change in life satisfaction
 * × £ per point-year × duration × (1 − deadweight) × attribution). Never a return-on-investment ratio.
 */
export function impactValue(f: ImpactValueFigures, a: ImpactAssumptions): ImpactValue {
  const none = { low: null, central: null, high: null };
  let freed: ImpactValue['freed'] = none;
  if (f.estimate !== null && f.ci95 !== null) {
    const per = f.treated * QUARTERS;
    freed = { low: round2(-f.ci95[1] * per), central: round2(-f.estimate * per), high: round2(-f.ci95[0] * per) };
  }
  const money: ImpactValue['money'] =
    f.outcome === 'gp_appointments' && freed.central !== null
      ? {
          low: round2((freed.low ?? 0) * a.unitCost.amount),
          central: round2(freed.central * a.unitCost.amount),
          high: round2((freed.high ?? 0) * a.unitCost.amount),
        }
      : none;
  const ls = f.lifeSatisfaction;
  let wellbeing: ImpactValue['wellbeing'];
  if (ls === null || ls.pairs === 0) {
    wellbeing = { pairs: 0, meanChange: null, perPerson: none, total: none, withheldReason: 'no_paired_life_satisfaction' };
  } else if (ls.pairs < MIN_WELLBEING_PAIRS || ls.meanChange === null) {
    wellbeing = { pairs: ls.pairs, meanChange: null, perPerson: none, total: none, withheldReason: 'too_few_pairs' };
  } else {
    const w = a.wellbeing;
    const per = (k: 'low' | 'central' | 'high'): number =>
      (ls.meanChange as number) * w.valuePerPointYear * w.durationYears[k] * (1 - w.deadweight[k]) * w.attribution[k];
    const perPerson = { low: round2(per('low')), central: round2(per('central')), high: round2(per('high')) };
    wellbeing = {
      pairs: ls.pairs,
      meanChange: ls.meanChange,
      perPerson,
      total: { low: round2(per('low') * ls.pairs), central: round2(per('central') * ls.pairs), high: round2(per('high') * ls.pairs) },
      withheldReason: null,
    };
  }
  return { unit: f.outcome === 'gp_appointments' ? 'appointments' : 'fit_notes', freed, money, wellbeing };
}

/**
 * The value section again under edited assumptions (the page's editable unit cost, duration,
 * deadweight and attribution), from the figures a result already holds: freed units and the
 * paired life-satisfaction change. Same arithmetic as impactValue.
 */
export function revalueImpact(v: ImpactValue, a: ImpactAssumptions): ImpactValue {
  const none = { low: null, central: null, high: null };
  const times = (x: number | null, k: number): number | null => (x === null ? null : round2(x * k));
  const money =
    v.unit === 'appointments' && v.freed.central !== null
      ? { low: times(v.freed.low, a.unitCost.amount), central: times(v.freed.central, a.unitCost.amount), high: times(v.freed.high, a.unitCost.amount) }
      : none;
  const w = v.wellbeing;
  if (w.withheldReason !== null || w.meanChange === null) return { ...v, money };
  const m = w.meanChange;
  const ww = a.wellbeing;
  const per = (k: 'low' | 'central' | 'high'): number => round2(m * ww.valuePerPointYear * ww.durationYears[k] * (1 - ww.deadweight[k]) * ww.attribution[k]);
  const perPerson = { low: per('low'), central: per('central'), high: per('high') };
  const pairs = typeof w.pairs === 'number' ? w.pairs : null;
  const total =
    pairs === null ? none : { low: round2(perPerson.low * pairs), central: round2(perPerson.central * pairs), high: round2(perPerson.high * pairs) };
  return { ...v, money, wellbeing: { ...w, perPerson, total } };
}
