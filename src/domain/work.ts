/**
 * Work as a pathway (INSIGHT.md "Work as a pathway", issue 12 item 5): employment status and
 * fit-note state at baseline, discharge and follow-up (13 and 26 weeks after a return to work), a
 * work goal and barriers in the plan, the employment support people are connected to, and the
 * outcome logic the `work` report counts. Work is offered, never imposed: "not a goal now" is a
 * first-class answer, and nothing about work is needed to save a plan. Pure: no I/O.
 */
import type { CaseStatus } from './case-lifecycle.ts';

export const EMPLOYMENT_STATUSES = [
  'employed_full_time',
  'employed_part_time',
  'self_employed',
  'off_sick',
  'unemployed_looking',
  'inactive_long_term_sick',
  'inactive_carer',
  'inactive_student',
  'inactive_retired',
  'inactive_other',
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const EMPLOYMENT_STATUS_LABELS: { readonly [S in EmploymentStatus]: string } = {
  employed_full_time: 'Working full time',
  employed_part_time: 'Working part time',
  self_employed: 'Self-employed',
  off_sick: 'Off sick from a job',
  unemployed_looking: 'Out of work and looking for work',
  inactive_long_term_sick: 'Not working: long-term sick or disabled',
  inactive_carer: 'Not working: looking after family or home',
  inactive_student: 'Not working: a student',
  inactive_retired: 'Not working: retired',
  inactive_other: 'Not working: another reason',
};

/** Statuses that are at work (in paid work and not off sick). */
export const IN_WORK_STATUSES: readonly EmploymentStatus[] = ['employed_full_time', 'employed_part_time', 'self_employed'];
/** Statuses from which a return to work is counted (K3): off sick from a job, or out of work and looking. */
export const RETURN_COHORT_STATUSES: readonly EmploymentStatus[] = ['off_sick', 'unemployed_looking'];

export function isInWork(status: EmploymentStatus): boolean {
  return IN_WORK_STATUSES.includes(status);
}

export const FIT_NOTE_STATES = ['none', 'not_fit', 'may_be_fit'] as const;
export type FitNoteState = (typeof FIT_NOTE_STATES)[number];

export const FIT_NOTE_STATE_LABELS: { readonly [S in FitNoteState]: string } = {
  none: 'No fit note',
  not_fit: 'Not fit for work',
  may_be_fit: 'May be fit for work, with adjustments',
};

export const FIT_NOTE_ADJUSTMENTS = ['phased_return', 'altered_hours', 'amended_duties', 'workplace_adaptations'] as const;
export type FitNoteAdjustment = (typeof FIT_NOTE_ADJUSTMENTS)[number];

export const FIT_NOTE_ADJUSTMENT_LABELS: { readonly [A in FitNoteAdjustment]: string } = {
  phased_return: 'A phased return to work',
  altered_hours: 'Altered hours',
  amended_duties: 'Amended duties',
  workplace_adaptations: 'Workplace adaptations',
};

export const WORK_GOALS = ['stay_in_work', 'return_same_employer', 'new_job', 'volunteering', 'training_education', 'not_a_goal_now'] as const;
export type WorkGoal = (typeof WORK_GOALS)[number];
/** The answer that work is not something the person wants support with now (counted apart, never a failure). */
export const NOT_A_GOAL_NOW = 'not_a_goal_now' satisfies WorkGoal;

export const WORK_GOAL_LABELS: { readonly [G in WorkGoal]: string } = {
  stay_in_work: 'Stay in work',
  return_same_employer: 'Go back to the same employer',
  new_job: 'Find a new job',
  volunteering: 'Volunteering',
  training_education: 'Training or education',
  not_a_goal_now: 'Not a goal now',
};

export function isWorkGoal(v: string): v is WorkGoal {
  return (WORK_GOALS as readonly string[]).includes(v);
}

/** True for a goal that is about work (every answer except "not a goal now"). */
export function hasWorkGoal(goal: WorkGoal | null): goal is Exclude<WorkGoal, 'not_a_goal_now'> {
  return goal !== null && goal !== NOT_A_GOAL_NOW;
}

export const WORK_BARRIERS = ['health', 'confidence', 'skills', 'caring', 'transport', 'employer', 'benefits'] as const;
export type WorkBarrier = (typeof WORK_BARRIERS)[number];

export const WORK_BARRIER_LABELS: { readonly [B in WorkBarrier]: string } = {
  health: 'Health',
  confidence: 'Confidence',
  skills: 'Skills or qualifications',
  caring: 'Caring responsibilities',
  transport: 'Getting there',
  employer: 'The employer',
  benefits: 'Worry about benefits',
};

/** The employment support a person may be connected to (the directory's `employment` need). */
export const EMPLOYMENT_SUPPORT = ['workwell', 'ips', 'jobcentre_work_coach', 'access_to_work', 'occupational_health', 'local_employability'] as const;
export type EmploymentSupportKind = (typeof EMPLOYMENT_SUPPORT)[number];

export const EMPLOYMENT_SUPPORT_LABELS: { readonly [K in EmploymentSupportKind]: string } = {
  workwell: 'WorkWell',
  ips: 'Individual Placement and Support (IPS)',
  jobcentre_work_coach: 'Jobcentre Plus work coach',
  access_to_work: 'Access to Work',
  occupational_health: 'Occupational health (the employer’s)',
  local_employability: 'Local employability support',
};

/** Steps towards work short of a job (INSIGHT.md "movement towards work"). */
export const WORK_MOVEMENTS = ['volunteering', 'training', 'job_search'] as const;
export type WorkMovement = (typeof WORK_MOVEMENTS)[number];

export const WORK_MOVEMENT_LABELS: { readonly [M in WorkMovement]: string } = {
  volunteering: 'Started volunteering',
  training: 'Started training or education',
  job_search: 'Looking for work',
};

export const WORK_STAGES = ['baseline', 'discharge', 'follow_up'] as const;
export type WorkStage = (typeof WORK_STAGES)[number];

/** Follow-ups after a return to work: still in work at 13 and at 26 weeks. */
export const FOLLOW_UP_WEEKS = [13, 26] as const;
export type FollowUpWeeks = (typeof FOLLOW_UP_WEEKS)[number];

/**
 * Which stage may be recorded on a case in a given status: the baseline while the person is
 * supported (accepted, active, on hold); the status at discharge and the follow-ups once the case
 * is discharged (a follow-up is the one thing recorded on a closed case).
 */
export function canRecordWorkStage(stage: WorkStage, status: CaseStatus): boolean {
  if (stage === 'baseline') return status === 'accepted' || status === 'active' || status === 'on_hold';
  return status === 'discharged';
}

// ---- stored lists ----

/** Joins a set of codes as stored (';'-joined, in the vocabulary's order), or null when empty. */
export function joinCodes<T extends string>(codes: readonly T[], order: readonly T[]): string | null {
  const set = new Set(codes);
  const sorted = order.filter((c) => set.has(c));
  return sorted.length === 0 ? null : sorted.join(';');
}

/** Splits a stored ';'-joined list, keeping only codes of the vocabulary. */
export function splitCodes<T extends string>(text: string | null, vocabulary: readonly T[]): T[] {
  if (text === null || text === '') return [];
  return text.split(';').filter((c): c is T => (vocabulary as readonly string[]).includes(c));
}

// ---- outcomes ----

/** One recorded work status (a baseline, the status at discharge, or a follow-up). */
export interface WorkRecord {
  stage: WorkStage;
  /** 13 or 26 for a follow-up; 0 otherwise. */
  followUpWeeks: number;
  recordedAt: string;
  employmentStatus: EmploymentStatus | null;
  fitNoteState: FitNoteState | null;
  /** A follow-up's answer: still in work (true), not (false); null elsewhere. */
  inWork: boolean | null;
  returnedToWorkOn: string | null;
  movement: WorkMovement[];
}

export type FitNoteMovement = 'improved' | 'unchanged' | 'worse' | 'unknown';
/** Sustained work at a follow-up: in work, not, due but not recorded, not due yet, or no return to follow. */
export type Sustained = 'in_work' | 'not_in_work' | 'not_recorded' | 'not_due' | 'not_applicable';

export interface WorkOutcome {
  baseline: WorkRecord | null;
  discharge: WorkRecord | null;
  /** In the return-to-work cohort: a work goal and off sick or out of work and looking at baseline. */
  inReturnCohort: boolean;
  returnedToWorkOn: string | null;
  /** Days from referral to the return, or to `asOf` when not (yet) returned (then censored). */
  daysToReturn: number | null;
  censored: boolean;
  sustained: { readonly [W in FollowUpWeeks]: Sustained };
  fitNote: FitNoteMovement;
  movement: WorkMovement[];
}

const DAY_MS = 86_400_000;
/** Whole days from one YYYY-MM-DD date to another. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
/** A YYYY-MM-DD date plus days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The date a follow-up falls due: the return to work plus 13 or 26 weeks. */
export function followUpDueOn(returnedToWorkOn: string, weeks: FollowUpWeeks): string {
  return addDays(returnedToWorkOn, weeks * 7);
}

/**
 * "Not fit" at baseline moving to "may be fit" or no fit note at discharge is an improvement; the
 * reverse (or none → not fit) is worse; unknown when either end is not recorded.
 */
export function fitNoteMovement(baseline: FitNoteState | null, discharge: FitNoteState | null): FitNoteMovement {
  if (baseline === null || discharge === null) return 'unknown';
  const rank: { readonly [S in FitNoteState]: number } = { not_fit: 0, may_be_fit: 1, none: 2 };
  const d = rank[discharge] - rank[baseline];
  return d > 0 ? 'improved' : d < 0 ? 'worse' : 'unchanged';
}

const latest = (records: readonly WorkRecord[], stage: WorkStage, weeks = 0): WorkRecord | null =>
  records
    .filter((r) => r.stage === stage && r.followUpWeeks === weeks)
    .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0))[0] ?? null;

/**
 * The work outcome of one episode, as of a date: whether the person is in the return-to-work
 * cohort, the date they returned (from the discharge or a follow-up record), days from referral to
 * it (censored at `asOf`, or at a follow-up saying they were not in work, when they have not
 * returned), still in work at 13 and 26 weeks (unknown until the follow-up is due and recorded),
 * fit-note movement baseline → discharge, and steps towards work recorded at any stage.
 */
export function workOutcome(records: readonly WorkRecord[], episode: { referredOn: string; workGoal: WorkGoal | null; asOf: string }): WorkOutcome {
  const baseline = latest(records, 'baseline');
  const discharge = latest(records, 'discharge');
  const follow13 = latest(records, 'follow_up', 13);
  const follow26 = latest(records, 'follow_up', 26);
  const inReturnCohort = hasWorkGoal(episode.workGoal) && baseline?.employmentStatus != null && RETURN_COHORT_STATUSES.includes(baseline.employmentStatus);
  const returnedToWorkOn =
    [discharge, follow13, follow26].map((r) => r?.returnedToWorkOn ?? null).find((d): d is string => d !== null && d >= episode.referredOn) ?? null;
  const censored = returnedToWorkOn === null;
  const end = returnedToWorkOn ?? episode.asOf;
  const daysToReturn = end < episode.referredOn ? null : daysFrom(episode.referredOn, end);
  const sustainedAt = (weeks: FollowUpWeeks, f: WorkRecord | null): Sustained => {
    if (returnedToWorkOn === null) return 'not_applicable';
    if (followUpDueOn(returnedToWorkOn, weeks) > episode.asOf) return 'not_due';
    if (f?.inWork == null) return 'not_recorded';
    return f.inWork ? 'in_work' : 'not_in_work';
  };
  const movement = new Set(records.flatMap((r) => r.movement));
  return {
    baseline,
    discharge,
    inReturnCohort,
    returnedToWorkOn,
    daysToReturn,
    censored,
    sustained: { 13: sustainedAt(13, follow13), 26: sustainedAt(26, follow26) },
    fitNote: fitNoteMovement(baseline?.fitNoteState ?? null, discharge?.fitNoteState ?? null),
    movement: WORK_MOVEMENTS.filter((m) => movement.has(m)),
  };
}

/**
 * The Kaplan–Meier median time to an event (days from referral to return to work), where people
 * who have not returned are censored at their last known time: the first time at which the
 * survival estimate falls to 0.5 or below, or null when it never does (fewer than half returned).
 */
export function kaplanMeierMedian(observations: readonly { days: number; event: boolean }[]): number | null {
  const times = [...new Set(observations.filter((o) => o.event).map((o) => o.days))].sort((a, b) => a - b);
  let survival = 1;
  for (const t of times) {
    const atRisk = observations.filter((o) => o.days >= t).length;
    const events = observations.filter((o) => o.event && o.days === t).length;
    if (atRisk === 0) continue;
    survival *= 1 - events / atRisk;
    if (survival <= 0.5 + 1e-12) return t;
  }
  return null;
}
