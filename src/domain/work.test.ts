import { describe, expect, it } from 'vitest';
import {
  canRecordWorkStage,
  EMPLOYMENT_STATUS_LABELS,
  EMPLOYMENT_STATUSES,
  fitNoteMovement,
  followUpDueOn,
  hasWorkGoal,
  joinCodes,
  kaplanMeierMedian,
  splitCodes,
  WORK_BARRIERS,
  WORK_GOAL_LABELS,
  WORK_GOALS,
  workOutcome,
  type WorkRecord,
} from './work.ts';

const rec = (r: Partial<WorkRecord> & Pick<WorkRecord, 'stage'>): WorkRecord => ({
  followUpWeeks: 0,
  recordedAt: '2026-01-10T10:00:00.000Z',
  employmentStatus: null,
  fitNoteState: null,
  inWork: null,
  returnedToWorkOn: null,
  movement: [],
  ...r,
});

describe('work vocabularies', () => {
  it('labels every code in plain words', () => {
    for (const s of EMPLOYMENT_STATUSES) expect(EMPLOYMENT_STATUS_LABELS[s]).toMatch(/^[A-Z]/);
    for (const g of WORK_GOALS) expect(WORK_GOAL_LABELS[g].length).toBeGreaterThan(3);
  });

  it('"not a goal now" is an answer, not a work goal', () => {
    expect(hasWorkGoal('not_a_goal_now')).toBe(false);
    expect(hasWorkGoal(null)).toBe(false);
    expect(hasWorkGoal('return_same_employer')).toBe(true);
  });

  it('stores sets of codes in the vocabulary order and reads back only known codes', () => {
    expect(joinCodes(['skills', 'health', 'skills'], WORK_BARRIERS)).toBe('health;skills');
    expect(joinCodes([], WORK_BARRIERS)).toBeNull();
    expect(splitCodes('health;nonsense;skills', WORK_BARRIERS)).toEqual(['health', 'skills']);
    expect(splitCodes(null, WORK_BARRIERS)).toEqual([]);
  });

  it('allows a baseline while supported and follow-ups only after discharge', () => {
    expect(canRecordWorkStage('baseline', 'active')).toBe(true);
    expect(canRecordWorkStage('baseline', 'discharged')).toBe(false);
    expect(canRecordWorkStage('baseline', 'referred')).toBe(false);
    expect(canRecordWorkStage('follow_up', 'discharged')).toBe(true);
    expect(canRecordWorkStage('follow_up', 'active')).toBe(false);
    expect(canRecordWorkStage('discharge', 'on_hold')).toBe(false);
  });
});

describe('fit-note movement', () => {
  it('not fit → may be fit or none is an improvement; the reverse is worse', () => {
    expect(fitNoteMovement('not_fit', 'may_be_fit')).toBe('improved');
    expect(fitNoteMovement('not_fit', 'none')).toBe('improved');
    expect(fitNoteMovement('may_be_fit', 'not_fit')).toBe('worse');
    expect(fitNoteMovement('none', 'not_fit')).toBe('worse');
    expect(fitNoteMovement('not_fit', 'not_fit')).toBe('unchanged');
    expect(fitNoteMovement(null, 'none')).toBe('unknown');
  });
});

describe('workOutcome', () => {
  const base = rec({ stage: 'baseline', employmentStatus: 'off_sick', fitNoteState: 'not_fit' });

  it('follows a return to work to 13 weeks in work, 26 weeks not yet due', () => {
    const records = [
      base,
      rec({ stage: 'discharge', employmentStatus: 'employed_full_time', fitNoteState: 'none', returnedToWorkOn: '2026-03-02' }),
      rec({ stage: 'follow_up', followUpWeeks: 13, inWork: true, recordedAt: '2026-06-01T10:00:00.000Z' }),
    ];
    const o = workOutcome(records, { referredOn: '2026-01-05', workGoal: 'return_same_employer', asOf: '2026-06-02' });
    expect(o.inReturnCohort).toBe(true);
    expect(o.returnedToWorkOn).toBe('2026-03-02');
    expect(o.daysToReturn).toBe(56);
    expect(o.censored).toBe(false);
    expect(followUpDueOn('2026-03-02', 13)).toBe('2026-06-01');
    expect(o.sustained[13]).toBe('in_work');
    expect(o.sustained[26]).toBe('not_due');
    expect(o.fitNote).toBe('improved');
  });

  it('censors people who have not returned at the as-of date', () => {
    const o = workOutcome([base], { referredOn: '2026-01-05', workGoal: 'new_job', asOf: '2026-02-04' });
    expect(o.returnedToWorkOn).toBeNull();
    expect(o.censored).toBe(true);
    expect(o.daysToReturn).toBe(30);
    expect(o.sustained[13]).toBe('not_applicable');
  });

  it('a due follow-up that was never recorded is not recorded, not in work', () => {
    const records = [base, rec({ stage: 'discharge', returnedToWorkOn: '2026-01-20', employmentStatus: 'employed_part_time' })];
    const o = workOutcome(records, { referredOn: '2026-01-05', workGoal: 'stay_in_work', asOf: '2026-12-01' });
    expect(o.sustained[13]).toBe('not_recorded');
    expect(o.sustained[26]).toBe('not_recorded');
  });

  it('leaves "not a goal now" and people already in work out of the return cohort', () => {
    expect(workOutcome([base], { referredOn: '2026-01-05', workGoal: 'not_a_goal_now', asOf: '2026-02-01' }).inReturnCohort).toBe(false);
    const working = rec({ stage: 'baseline', employmentStatus: 'employed_full_time' });
    expect(workOutcome([working], { referredOn: '2026-01-05', workGoal: 'stay_in_work', asOf: '2026-02-01' }).inReturnCohort).toBe(false);
  });

  it('takes the latest record of a stage and collects steps towards work', () => {
    const records = [
      rec({ stage: 'baseline', employmentStatus: 'unemployed_looking', recordedAt: '2026-01-10T10:00:00.000Z' }),
      rec({ stage: 'baseline', employmentStatus: 'inactive_carer', recordedAt: '2026-01-11T10:00:00.000Z' }),
      rec({ stage: 'discharge', movement: ['training', 'volunteering'] }),
    ];
    const o = workOutcome(records, { referredOn: '2026-01-05', workGoal: 'volunteering', asOf: '2026-02-01' });
    expect(o.baseline?.employmentStatus).toBe('inactive_carer');
    expect(o.inReturnCohort).toBe(false);
    expect(o.movement).toEqual(['volunteering', 'training']);
  });
});

describe('kaplanMeierMedian', () => {
  it('is the plain median when nobody is censored', () => {
    expect(kaplanMeierMedian([10, 20, 30, 40, 50].map((days) => ({ days, event: true })))).toBe(30);
  });

  it('accounts for censoring (by hand: S(10)=3/4, S(30)=3/4·1/2=0.375)', () => {
    // 10 event, 20 censored, 30 event, 40 censored: at 30, 2 at risk, 1 event.
    const obs = [
      { days: 10, event: true },
      { days: 20, event: false },
      { days: 30, event: true },
      { days: 40, event: false },
    ];
    expect(kaplanMeierMedian(obs)).toBe(30);
  });

  it('is null when fewer than half have returned', () => {
    expect(kaplanMeierMedian([{ days: 10, event: true }, ...[20, 30, 40].map((days) => ({ days, event: false }))])).toBeNull();
  });
});

describe('employment support in the directory’s needs', () => {
  it('recognises the named programmes as the employment need', async () => {
    const { classifyText } = await import('./needs-classifier.ts');
    for (const text of [
      'WorkWell support for people off sick',
      'Individual Placement and Support (IPS) for people with mental illness',
      'Access to Work grants for adaptations',
      'See your jobcentre work coach',
      'Occupational health assessment with the employer',
      'Local employability support and job club',
    ]) {
      expect(
        classifyText(text).map((c) => c.need),
        text,
      ).toContain('employment');
    }
  });
});
