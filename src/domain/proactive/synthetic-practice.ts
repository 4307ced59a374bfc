import { nhsNumberCheckDigit } from '../nhs-number.ts';
import type { AppointmentRole, LtcCode, PracticeEventRow, PracticePersonRow, PracticeSex } from './practice-data.ts';
import { EVENT_COLUMNS, PEOPLE_COLUMNS } from './practice-data.ts';

/**
 * Synthetic practice data (issue 12): a seeded generator of people.csv and events.csv for a
 * practice population, for tests, the demo and benchmarks. Nothing here is real: NHS numbers are
 * valid-looking numbers from the 999 range that NHS England keeps for testing.
 *
 * The model, so tests can check the impact method against a known truth:
 * - each person has a steady rate of attended appointments per quarter (age, long-term conditions
 *   and a personal factor) and, of working age, a small steady rate of fit notes;
 * - now and then a person has a transient *bad spell* (2–4 quarters) in which appointments rise
 *   2.5-fold (and, for some of working age, fit notes are issued), easing off over the 2 quarters
 *   after it;
 * - people are referred to social prescribing in the last quarter of a spell, at their worst, as in
 *   life: so their counts fall afterwards even with no effect at all (regression to the mean);
 * - the injected effect is added to a referred person's per-quarter rates for the 4 quarters after
 *   the index date (never below zero; `truth` is the effect as it was really applied).
 * Before/after alone therefore overstates the effect; a comparison with people matched on the
 * prior year's appointments (who also include people in and after spells) recovers it.
 */
export interface SyntheticPracticeOptions {
  seed: number;
  practices: readonly { ods: string; people: number }[];
  /** YYYY-MM-DD: the day the search was run; no event is later. */
  extractDate: string;
  /** Years of history before the extract date (default 3). */
  years?: number;
  /** Change per referred person per quarter, for the 4 quarters after referral (default none). */
  trueEffect?: { gpAppointmentsPerQuarter: number; fitNotesPerQuarter: number };
  /** Share of adults referred over the history (default 0.03). */
  referredShare?: number;
  /** Postcodes to give people (chosen at random); none: the postcode is left blank. */
  postcodes?: readonly string[];
  /** Index dates only on or after this date (default: a year into the history). */
  referralsFrom?: string;
}

export interface SyntheticPracticeData {
  people: PracticePersonRow[];
  events: PracticeEventRow[];
  /** Everyone referred, with the index date (the `sp_referral` event in their record). */
  referred: { nhsNumber: string; practiceOds: string; indexDate: string }[];
  /**
   * The effect as applied: the mean change in expected counts per referred person per quarter over
   * the 4 quarters after referral, among referred people whose 4 quarters before and after both fall
   * inside the history (rates never go below zero, so this can be a little smaller than asked).
   */
  truth: { gpAppointmentsPerQuarter: number; fitNotesPerQuarter: number; people: number };
}

const DAY_MS = 86_400_000;
/** A quarter in this model: 91 days, as the impact analysis counts them. */
export const QUARTER_DAYS = 91;

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A Poisson draw (Knuth for small means, a rounded normal above 30). */
function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(rand(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k += 1;
    p *= rand();
  }
  return k;
}

function pick<T>(rand: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of weighted) {
    r -= w;
    if (r < 0) return v;
  }
  const last = weighted.at(-1);
  if (last === undefined) throw new Error('pick from nothing');
  return last[0];
}

const toDays = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const toIso = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** Share of a practice list by 5-year age band from 0–4 to 90+ (England, roughly). */
const AGE_BANDS: readonly (readonly [number, number])[] = [
  [0, 5.4],
  [5, 5.9],
  [10, 6.0],
  [15, 5.6],
  [20, 6.2],
  [25, 7.0],
  [30, 7.2],
  [35, 6.9],
  [40, 6.5],
  [45, 6.3],
  [50, 6.8],
  [55, 6.7],
  [60, 5.9],
  [65, 5.0],
  [70, 4.6],
  [75, 3.8],
  [80, 2.6],
  [85, 1.6],
  [90, 0.8],
];

/** NHS ethnic category letters with roughly England's shares; '' is not stated. */
const ETHNICITY: readonly (readonly [string, number])[] = [
  ['A', 73],
  ['B', 1],
  ['C', 6],
  ['D', 0.8],
  ['E', 0.4],
  ['F', 0.8],
  ['G', 0.9],
  ['H', 3.1],
  ['J', 2.7],
  ['K', 1.1],
  ['L', 1.6],
  ['M', 1.1],
  ['N', 2.5],
  ['P', 0.5],
  ['R', 0.8],
  ['S', 1.6],
  ['', 2.1],
];

/** Register prevalence: [code, prevalence at 70, youngest age, rises with age]. */
const LTC_PREVALENCE: readonly (readonly [LtcCode, number, number, boolean])[] = [
  ['HYP', 0.45, 25, true],
  ['DM', 0.16, 20, true],
  ['CHD', 0.1, 35, true],
  ['STIA', 0.05, 40, true],
  ['COPD', 0.06, 40, true],
  ['AST', 0.07, 5, false],
  ['DEP', 0.14, 18, false],
  ['SMI', 0.01, 18, false],
  ['CKD', 0.12, 40, true],
  ['HF', 0.03, 50, true],
  ['AF', 0.07, 50, true],
  ['CAN', 0.08, 30, true],
  ['OB', 0.1, 18, false],
];

/** Registers that make a person ineligible for an NHS Health Check. */
const NO_HEALTH_CHECK: ReadonlySet<LtcCode> = new Set(['CHD', 'STIA', 'DM', 'HYP', 'CKD', 'AF', 'HF']);

const ROLES: readonly (readonly [AppointmentRole, number])[] = [
  ['gp', 55],
  ['nurse', 30],
  ['other', 15],
];

interface Simulated {
  row: PracticePersonRow;
  age: number;
  birthDay: number;
  baseAppointments: number;
  baseFitNotes: number;
  spell: boolean[];
  /** How unwell this quarter: 1 in a spell, easing after it (0.3, 0.1), else 0. */
  level: number[];
  /** The same for fit notes: only spells in which this person was off sick. */
  fitLevel: number[];
}

const EASING = [0.3, 0.1];

/** Generates a practice population and its coded events, reproducibly from the seed. */
export function generatePracticeData(opts: SyntheticPracticeOptions): SyntheticPracticeData {
  const rand = seededRandom(opts.seed);
  const years = opts.years ?? 3;
  const effect = opts.trueEffect ?? { gpAppointmentsPerQuarter: 0, fitNotesPerQuarter: 0 };
  const end = toDays(opts.extractDate);
  const quarters = Math.floor((years * 365) / QUARTER_DAYS);
  const start = end - quarters * QUARTER_DAYS;
  const quarterStart = (q: number) => start + q * QUARTER_DAYS;

  // NHS numbers from 999 000 0000 up (the range kept for testing), each with a valid check digit;
  // each seed starts its own block of 100,000, so data from a few seeds can share a database.
  let serial = (Math.abs(opts.seed) % 9) * 100_000;
  const nextNhsNumber = (): string => {
    for (;;) {
      serial += 1;
      const nine = `999${String(serial).padStart(6, '0')}`;
      const check = nhsNumberCheckDigit(nine);
      if (check !== null) return `${nine}${check}`;
    }
  };

  const people: Simulated[] = [];
  for (const practice of opts.practices) {
    for (let i = 0; i < practice.people; i += 1) {
      const band = pick(rand, AGE_BANDS);
      const age = Math.min(100, band + Math.floor(rand() * 5) + (band === 90 ? Math.floor(rand() * 6) : 0));
      const birthDay = end - Math.floor((age + rand()) * 365.25);
      const sex: PracticeSex = rand() < 0.002 ? 'unknown' : rand() < 0.5 ? 'female' : 'male';
      const ltc: LtcCode[] = [];
      for (const [code, at70, youngest, rises] of LTC_PREVALENCE) {
        if (age < youngest) continue;
        const p = rises ? at70 * Math.min(1.3, Math.max(0.03, (age - youngest) / (70 - youngest))) : at70;
        if (rand() < p) ltc.push(code);
      }
      const postcode = opts.postcodes !== undefined && opts.postcodes.length > 0 ? (opts.postcodes[Math.floor(rand() * opts.postcodes.length)] ?? null) : null;
      const ethnicity = pick(rand, ETHNICITY);
      const row: PracticePersonRow = {
        nhsNumber: nextNhsNumber(),
        practiceOds: practice.ods,
        dateOfBirth: toIso(birthDay),
        sex,
        ethnicity: ethnicity === '' ? null : ethnicity,
        postcode,
        ltcRegisters: ltc.sort(),
        palliative: age > 60 && rand() < 0.006,
        doNotContact: rand() < 0.01,
        extractDate: opts.extractDate,
      };
      // Steady rates, with a personal factor (some people simply go to the doctor more).
      const personal = Math.exp(0.5 * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand()) - 0.125);
      const baseAppointments = (0.55 + 0.3 * ltc.length + (age >= 65 ? 0.45 : 0) + (age < 5 ? 0.5 : 0)) * personal;
      const workingAge = age >= 16 && age <= 66;
      const baseFitNotes = workingAge ? 0.03 * personal : 0;
      const spell: boolean[] = [];
      const level: number[] = [];
      const fitLevel: number[] = [];
      let left = 0;
      let sinceSpell = Infinity;
      let offSick = false;
      for (let q = 0; q < quarters; q += 1) {
        if (left === 0 && rand() < 0.04) {
          left = 2 + Math.floor(rand() * 3);
          offSick = workingAge && rand() < 0.6;
        }
        const inSpell = left > 0;
        spell.push(inSpell);
        if (inSpell) {
          left -= 1;
          sinceSpell = 0;
        } else sinceSpell += 1;
        const l = inSpell ? 1 : (EASING[sinceSpell - 1] ?? 0);
        level.push(l);
        fitLevel.push(offSick ? l : 0);
      }
      people.push({ row, age, birthDay, baseAppointments, baseFitNotes, spell, level, fitLevel });
    }
  }

  // Referral: adults (18 or over on the day), during a spell, with the index date inside its last quarter.
  const referralsFrom = opts.referralsFrom === undefined ? start + 4 * QUARTER_DAYS : toDays(opts.referralsFrom);
  const referrable = (p: Simulated, q: number): boolean =>
    p.spell[q] === true && p.spell[q + 1] !== true && quarterStart(q) >= referralsFrom && quarterStart(q) - p.birthDay >= 18 * 365.25;
  const candidates = people.filter((p) => !p.row.palliative && p.spell.some((_, q) => referrable(p, q)));
  const adults = people.filter((p) => p.age >= 18).length;
  const toRefer = Math.min(candidates.length, Math.round((opts.referredShare ?? 0.03) * adults));
  // A partial Fisher–Yates shuffle picks who is referred.
  for (let i = 0; i < toRefer; i += 1) {
    const j = i + Math.floor(rand() * (candidates.length - i));
    const a = candidates[i];
    const b = candidates[j];
    if (a === undefined || b === undefined) break;
    candidates[i] = b;
    candidates[j] = a;
  }
  const indexOf = new Map<Simulated, number>();
  for (const p of candidates.slice(0, toRefer)) {
    // The last quarter of each spell: referred when the bad spell has gone on a while.
    const spellQuarters = p.spell.flatMap((_, q) => (referrable(p, q) ? [q] : []));
    const q = spellQuarters[Math.floor(rand() * spellQuarters.length)];
    if (q === undefined) continue;
    indexOf.set(p, Math.min(end, quarterStart(q) + Math.floor(rand() * QUARTER_DAYS)));
  }

  const events: PracticeEventRow[] = [];
  const referred: SyntheticPracticeData['referred'] = [];
  const applied = { gp: 0, fitNotes: 0, people: 0 };
  for (const p of people) {
    const nhsNumber = p.row.nhsNumber;
    const index = indexOf.get(p);
    if (index !== undefined) {
      referred.push({ nhsNumber, practiceOds: p.row.practiceOds, indexDate: toIso(index) });
      events.push({ nhsNumber, date: toIso(index), kind: 'sp_referral', endDate: null, fitness: null, role: null });
    }
    const healthCheckEligible = p.age >= 40 && p.age <= 74 && !p.row.ltcRegisters.some((c) => NO_HEALTH_CHECK.has(c));
    const complete = index !== undefined && index - 4 * QUARTER_DAYS >= start && index + 4 * QUARTER_DAYS <= end;
    if (complete) applied.people += 1;
    for (let q = 0; q < quarters; q += 1) {
      const from = quarterStart(q);
      let appointments = p.baseAppointments * (1 + 1.5 * (p.level[q] ?? 0));
      let fitNotes = p.baseFitNotes + 0.9 * (p.fitLevel[q] ?? 0);
      // Days of this quarter after the index date: the effect applies, pro rata, for 4 quarters.
      let treatedShare = 0;
      if (index !== undefined) {
        const effectStart = index + 1;
        const effectEnd = index + 4 * QUARTER_DAYS;
        const overlap = Math.max(0, Math.min(from + QUARTER_DAYS - 1, effectEnd) - Math.max(from, effectStart) + 1);
        treatedShare = overlap / QUARTER_DAYS;
        const withEffect = {
          appointments: Math.max(0, appointments + effect.gpAppointmentsPerQuarter * treatedShare),
          fitNotes: Math.max(0, fitNotes + effect.fitNotesPerQuarter * treatedShare),
        };
        if (complete) {
          applied.gp += withEffect.appointments - appointments;
          applied.fitNotes += withEffect.fitNotes - fitNotes;
        }
        appointments = withEffect.appointments;
        fitNotes = withEffect.fitNotes;
      }
      // Never before the person was born (the import refuses an event before the date of birth).
      const day = (): number => Math.max(p.birthDay, Math.min(end, from + Math.floor(rand() * QUARTER_DAYS)));
      for (let k = poisson(rand, appointments); k > 0; k -= 1)
        events.push({ nhsNumber, date: toIso(day()), kind: 'appointment', endDate: null, fitness: null, role: pick(rand, ROLES) });
      // The link worker's own appointments after referral: recorded, and left out of the outcome.
      for (let k = poisson(rand, 1.5 * treatedShare); k > 0; k -= 1)
        events.push({ nhsNumber, date: toIso(day()), kind: 'appointment', endDate: null, fitness: null, role: 'link_worker' });
      for (let k = poisson(rand, 0.04 + 0.04 * appointments); k > 0; k -= 1)
        events.push({ nhsNumber, date: toIso(day()), kind: 'dna', endDate: null, fitness: null, role: pick(rand, ROLES) });
      for (let k = poisson(rand, fitNotes); k > 0; k -= 1) {
        const d = day();
        const length = pick(rand, [
          [7, 2],
          [14, 3],
          [28, 3],
          [56, 1],
        ] as const);
        events.push({
          nhsNumber,
          date: toIso(d),
          kind: 'fit_note',
          endDate: toIso(d + length - 1),
          fitness: rand() < 0.8 ? 'not_fit' : 'may_be_fit',
          role: null,
        });
      }
      if (healthCheckEligible && rand() < 0.0225)
        events.push({ nhsNumber, date: toIso(day()), kind: 'health_check', endDate: null, fitness: null, role: 'nurse' });
    }
    if (p.age >= 18 && index === undefined && rand() < 0.003) {
      const d = end - Math.floor(rand() * 365);
      events.push({ nhsNumber, date: toIso(d), kind: 'sp_declined', endDate: null, fitness: null, role: null });
    }
  }
  // Appointments in the model are all clinical roles but the link worker's: gp, nurse and other.
  const per = (total: number) => (applied.people === 0 ? 0 : total / applied.people / 4);
  // A fit note, referral, decline or health check twice on one day with the same details would be a
  // broken export (the import refuses it); appointments can repeat (two GP appointments in a day).
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    if (e.kind === 'appointment' || e.kind === 'dna') return true;
    const key = `${e.nhsNumber}|${e.date}|${e.kind}|${e.endDate ?? ''}|${e.fitness ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    people: people.map((p) => p.row),
    events: unique,
    referred,
    truth: { gpAppointmentsPerQuarter: per(applied.gp), fitNotesPerQuarter: per(applied.fitNotes), people: applied.people },
  };
}

const SEX_CODE: { readonly [S in PracticeSex]: string } = { male: 'M', female: 'F', other: 'O', unknown: 'U' };

/** people.csv, line by line (header first), as a GP system's search would export it. */
export function* peopleCsvLines(rows: Iterable<PracticePersonRow>): Generator<string> {
  yield PEOPLE_COLUMNS.join(',');
  for (const r of rows)
    yield [
      r.nhsNumber,
      r.practiceOds,
      r.dateOfBirth,
      SEX_CODE[r.sex],
      r.ethnicity ?? '',
      r.postcode ?? '',
      r.ltcRegisters.join(';'),
      r.palliative ? 'Y' : 'N',
      r.doNotContact ? 'Y' : 'N',
      r.extractDate,
    ].join(',');
}

/** events.csv, line by line (header first). */
export function* eventsCsvLines(rows: Iterable<PracticeEventRow>): Generator<string> {
  yield EVENT_COLUMNS.join(',');
  for (const e of rows) yield [e.nhsNumber, e.date, e.kind, e.endDate ?? '', e.fitness ?? '', e.role ?? ''].join(',');
}
