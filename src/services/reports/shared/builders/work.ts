import { count, figureKey, percent, summary, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { wilson } from '../../../../domain/insight/intervals.ts';
import { londonDate } from '../../../../domain/insight/periods.ts';
import {
  addDays,
  FIT_NOTE_STATE_LABELS,
  FIT_NOTE_STATES,
  FOLLOW_UP_WEEKS,
  hasWorkGoal,
  isWorkGoal,
  kaplanMeierMedian,
  NOT_A_GOAL_NOW,
  splitCodes,
  WORK_BARRIER_LABELS,
  WORK_BARRIERS,
  WORK_GOAL_LABELS,
  WORK_GOALS,
  WORK_MOVEMENT_LABELS,
  WORK_MOVEMENTS,
  workOutcome,
  type WorkGoal,
  type WorkOutcome,
} from '../../../../domain/work.ts';
import {
  listEmploymentReferrals,
  listPracticeFitNotes,
  listWindowWorkRecords,
  listWorkEpisodes,
  type WorkEpisodeRow,
} from '../../../../db/repositories/reports/work.ts';
import type { ReportContext } from '../report-context.ts';

/** Community referral statuses that count as connected to employment support (K2). */
export const CONNECTED_STATUSES: readonly string[] = ['accepted', 'started', 'attended', 'completed'];
/** The before and after windows for fit notes from practice data: 4 quarters, in days. */
const YEAR_DAYS = 365;

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/** Words for this report's groups (the report's labels come before the shared words). */
const LABELS: Readonly<Record<string, string>> = {
  ...WORK_GOAL_LABELS,
  ...WORK_BARRIER_LABELS,
  ...WORK_MOVEMENT_LABELS,
  ...FIT_NOTE_STATE_LABELS,
  with_goal: 'A work goal',
  not_recorded: 'Not recorded',
  with_goal_share: 'Share with a work goal',
  referred_on: 'Referred to employment support',
  connected: 'Connected (accepted, started or attended)',
  connected_share: 'Share connected, of people with a work goal',
  cohort: 'Off sick or out of work at baseline, with a work goal',
  returned: 'Back at work',
  not_yet_returned: 'Not (yet) back at work',
  returned_share: 'Share back at work',
  days_to_return_median: 'Days from referral to return: median (Kaplan–Meier)',
  '13': '13 weeks',
  '26': '26 weeks',
  in_work: 'Still in work',
  not_in_work: 'Not in work',
  in_work_13: 'Still in work at 13 weeks',
  in_work_26: 'Still in work at 26 weeks',
  not_fit_at_baseline: '“Not fit” at baseline',
  improved: '“May be fit” or no fit note at discharge',
  improved_share: 'Share improved',
  people_with_goal: 'People with a work goal',
  matched: 'Found in the practice data, a year after referral covered',
  after_not_yet_covered: 'Found, but the year after referral is not yet in the data',
  before_per_quarter: 'Fit notes per person per quarter: the year before',
  after_per_quarter: 'Fit notes per person per quarter: the year after',
  change_per_quarter: 'Change per person per quarter (after − before)',
};

/**
 * Work (K1–K5), for people referred in the period at the practices in scope (one episode each:
 * their latest in the period): work goals with "not a goal now" apart; connection to employment
 * support; return to work with its Kaplan–Meier median; still in work at 13 and 26 weeks among
 * those due; fit-note movement baseline → discharge; and fit notes per person per quarter before
 * and after referral from the practices' own extracts. Figures only: disclosure control is applied
 * by the caller (a rate whose count is withheld is withheld with it).
 */
export async function buildWork(ctx: ReportContext): Promise<Figure[]> {
  const window = { practiceIds: ctx.practices.map((p) => p.id), startUtc: ctx.period.startUtc, endUtc: ctx.period.endUtc };
  const all = await listWorkEpisodes(ctx.tx, window);
  // One episode per person: the latest received in the period.
  const byPerson = new Map<string, WorkEpisodeRow>();
  for (const e of all) byPerson.set(e.personId, e);
  const episodes = [...byPerson.values()];
  const goalOf = (e: WorkEpisodeRow): WorkGoal | null => (e.workGoal !== null && isWorkGoal(e.workGoal) ? e.workGoal : null);
  const withGoal = episodes.filter((e) => hasWorkGoal(goalOf(e)));
  const records = await listWindowWorkRecords(ctx.tx, window);
  const outcomes = new Map<string, WorkOutcome>(
    episodes.map((e) => [e.id, workOutcome(records.get(e.id) ?? [], { referredOn: londonDate(e.createdAt), workGoal: goalOf(e), asOf: ctx.today })]),
  );
  const figures: Figure[] = [];
  Object.assign(ctx.labels, LABELS);

  // K1: the answer, the goals and the barriers.
  const notNow = episodes.filter((e) => goalOf(e) === NOT_A_GOAL_NOW).length;
  figures.push(
    count('K1', 'answer', 'with_goal', withGoal.length),
    count('K1', 'answer', NOT_A_GOAL_NOW, notNow),
    count('K1', 'answer', 'not_recorded', episodes.length - withGoal.length - notNow),
    count('K1', 'answer', TOTAL, episodes.length),
    percent(
      'K1',
      'answer',
      'with_goal_share',
      withGoal.length,
      episodes.length,
      wilson(withGoal.length, episodes.length) ?? undefined,
      figureKey({ metric: 'K1', breakdown: 'answer', group: 'with_goal' }),
    ),
  );
  const goals = new Map<string, number>();
  const barriers = new Map<string, number>(WORK_BARRIERS.map((b) => [b, 0]));
  for (const e of withGoal) {
    bump(goals, goalOf(e) ?? '');
    for (const b of splitCodes(e.workBarriers, WORK_BARRIERS)) bump(barriers, b);
  }
  for (const g of WORK_GOALS) if (g !== NOT_A_GOAL_NOW) figures.push(count('K1', 'goal', g, goals.get(g) ?? 0));
  figures.push(count('K1', 'goal', TOTAL, withGoal.length));
  // A person may name several barriers: no total line (it would not add up).
  for (const [b, n] of barriers) figures.push(count('K1', 'barrier', b, n));

  // K2: referred to, and connected with, employment support.
  const goalIds = new Set(withGoal.map((e) => e.id));
  const employment = (await listEmploymentReferrals(ctx.tx, window)).filter((r) => goalIds.has(r.referralId));
  const referredOn = new Set(employment.map((r) => r.referralId));
  const connected = new Set(employment.filter((r) => CONNECTED_STATUSES.includes(r.status)).map((r) => r.referralId));
  figures.push(
    count('K2', 'people', 'with_goal', withGoal.length),
    count('K2', 'people', 'referred_on', referredOn.size),
    count('K2', 'people', 'connected', connected.size),
    percent(
      'K2',
      'people',
      'connected_share',
      connected.size,
      withGoal.length,
      wilson(connected.size, withGoal.length) ?? undefined,
      figureKey({ metric: 'K2', breakdown: 'people', group: 'connected' }),
    ),
  );

  // K3: return to work, among people off sick or out of work and looking at baseline with a goal.
  const cohort = withGoal.map((e) => outcomes.get(e.id)).filter((o): o is WorkOutcome => o?.inReturnCohort === true);
  const returned = cohort.filter((o) => !o.censored);
  const observations = cohort.flatMap((o) => (o.daysToReturn === null ? [] : [{ days: o.daysToReturn, event: !o.censored }]));
  figures.push(
    count('K3', 'measure', 'cohort', cohort.length),
    count('K3', 'measure', 'returned', returned.length),
    count('K3', 'measure', 'not_yet_returned', cohort.length - returned.length),
    percent(
      'K3',
      'measure',
      'returned_share',
      returned.length,
      cohort.length,
      wilson(returned.length, cohort.length) ?? undefined,
      figureKey({ metric: 'K3', breakdown: 'measure', group: 'returned' }),
    ),
    summary('K3', 'measure', 'days_to_return_median', 'days', kaplanMeierMedian(observations), observations.length),
  );
  const movement = new Map<string, number>(WORK_MOVEMENTS.map((m) => [m, 0]));
  for (const e of withGoal) for (const m of outcomes.get(e.id)?.movement ?? []) bump(movement, m);
  for (const [m, n] of movement) figures.push(count('K3', 'movement', m, n));

  // K4: still in work at 13 and 26 weeks, of those whose follow-up is due.
  for (const weeks of FOLLOW_UP_WEEKS) {
    const states = returned.map((o) => o.sustained[weeks]).filter((s) => s !== 'not_due' && s !== 'not_applicable');
    const inWork = states.filter((s) => s === 'in_work').length;
    const notInWork = states.filter((s) => s === 'not_in_work').length;
    figures.push(
      count('K4', 'follow_up', `${weeks}|in_work`, inWork),
      count('K4', 'follow_up', `${weeks}|not_in_work`, notInWork),
      count('K4', 'follow_up', `${weeks}|not_recorded`, states.length - inWork - notInWork),
      count('K4', 'follow_up', `${weeks}|${TOTAL}`, states.length),
    );
    figures.push(
      percent(
        'K4',
        'rate',
        `in_work_${weeks}`,
        inWork,
        states.length,
        wilson(inWork, states.length) ?? undefined,
        figureKey({ metric: 'K4', breakdown: 'follow_up', group: `${weeks}|in_work` }),
      ),
    );
  }

  // K5: fit-note state baseline × discharge, with margins, and "not fit" improving.
  const cell = new Map<string, number>();
  let both = 0;
  for (const o of outcomes.values()) {
    const b = o.baseline?.fitNoteState ?? null;
    const d = o.discharge?.fitNoteState ?? null;
    if (b === null || d === null) continue;
    both += 1;
    bump(cell, `${b}|${d}`);
    bump(cell, `${b}|${TOTAL}`);
    bump(cell, `${TOTAL}|${d}`);
  }
  for (const b of FIT_NOTE_STATES) {
    for (const d of FIT_NOTE_STATES) figures.push(count('K5', 'baseline|discharge', `${b}|${d}`, cell.get(`${b}|${d}`) ?? 0));
    figures.push(count('K5', 'baseline|discharge', `${b}|${TOTAL}`, cell.get(`${b}|${TOTAL}`) ?? 0));
  }
  for (const d of FIT_NOTE_STATES) figures.push(count('K5', 'baseline|discharge', `${TOTAL}|${d}`, cell.get(`${TOTAL}|${d}`) ?? 0));
  figures.push(count('K5', 'baseline|discharge', TOTAL, both));
  const notFit = cell.get(`not_fit|${TOTAL}`) ?? 0;
  const improved = (cell.get('not_fit|may_be_fit') ?? 0) + (cell.get('not_fit|none') ?? 0);
  figures.push(
    count('K5', 'improvement', 'not_fit_at_baseline', notFit),
    count('K5', 'improvement', 'improved', improved),
    percent(
      'K5',
      'improvement',
      'improved_share',
      improved,
      notFit,
      wilson(improved, notFit) ?? undefined,
      figureKey({ metric: 'K5', breakdown: 'improvement', group: 'improved' }),
    ),
  );

  // K5: fit notes per person per quarter, 4 quarters before and after the referral, from practice data.
  const withNhs = withGoal.filter((e): e is WorkEpisodeRow & { nhsNumber: string } => e.nhsNumber !== null);
  const practice = await listPracticeFitNotes(
    ctx.tx,
    window.practiceIds,
    withNhs.map((e) => e.nhsNumber),
  );
  let matched = 0;
  let incomplete = 0;
  let before = 0;
  let after = 0;
  for (const e of withNhs) {
    const p = practice.get(e.nhsNumber);
    if (p === undefined) continue;
    const index = londonDate(e.createdAt);
    const end = addDays(index, YEAR_DAYS);
    if (p.extractDate < end) {
      incomplete += 1;
      continue;
    }
    const start = addDays(index, -YEAR_DAYS);
    matched += 1;
    before += p.fitNotes.filter((d) => d >= start && d < index).length;
    after += p.fitNotes.filter((d) => d >= index && d < end).length;
  }
  const perQuarter = (n: number) => (matched === 0 ? null : n / matched / 4);
  figures.push(
    count('K5', 'practice_data', 'people_with_goal', withGoal.length),
    count('K5', 'practice_data', 'matched', matched),
    count('K5', 'practice_data', 'after_not_yet_covered', incomplete),
    { ...summary('K5', 'practice_data', 'before_per_quarter', 'ratio', perQuarter(before), matched) },
    { ...summary('K5', 'practice_data', 'after_per_quarter', 'ratio', perQuarter(after), matched) },
    {
      ...summary('K5', 'practice_data', 'change_per_quarter', 'ratio', matched === 0 ? null : (after - before) / matched / 4, matched),
    },
  );
  if (practice.size === 0) {
    ctx.notes.push('No practice data: fit notes before and after referral need a practice extract (linkwork practice-data import).');
  } else {
    ctx.notes.push(
      'Fit notes before and after compare people with themselves, with no comparison group. People are often referred at their worst and some improvement would happen anyway (regression to the mean): the impact analysis compares them with matched controls.',
    );
  }
  return figures;
}
