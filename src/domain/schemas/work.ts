import { z } from 'zod';
import {
  EMPLOYMENT_STATUSES,
  FIT_NOTE_ADJUSTMENTS,
  FIT_NOTE_STATES,
  FOLLOW_UP_WEEKS,
  IN_WORK_STATUSES,
  WORK_BARRIERS,
  WORK_GOALS,
  WORK_MOVEMENTS,
  WORK_STAGES,
} from '../work.ts';
import { isoDateSchema } from './common.ts';

// Work as a pathway (src/domain/work.ts): the requests and views shared by the API and the case
// page's forms. Everything is optional except what makes a record mean something: a baseline or
// discharge says the employment status, a follow-up says whether the person is still in work.

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;
const nullable = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? null);
const codes = <T extends readonly [string, ...string[]]>(vocabulary: T, message: string) =>
  z.array(z.enum(vocabulary, { message })).max(vocabulary.length).refine(unique, 'Each once').default([]);
const versionSchema = z.number({ message: 'Missing version' }).int().min(0);

/** The plan's work part: a goal (or "not a goal now"), and barriers. Omitted on a save: the last version's is kept. */
export const planWorkInputSchema = z.strictObject({
  goal: nullable(z.enum(WORK_GOALS, { message: 'Choose a work goal, or "Not a goal now"' })),
  barriers: codes(WORK_BARRIERS, 'Choose barriers from the list'),
});
export type PlanWorkInput = z.infer<typeof planWorkInputSchema>;

export const planWorkViewSchema = z.object({ goal: z.enum(WORK_GOALS).nullable(), barriers: z.array(z.enum(WORK_BARRIERS)) });
export type PlanWorkView = z.infer<typeof planWorkViewSchema>;

const statusFields = {
  employmentStatus: z.enum(EMPLOYMENT_STATUSES, { message: 'Choose their work situation' }),
  /** Off sick from a job: since when. */
  offSickSince: nullable(isoDateSchema),
  fitNoteState: nullable(z.enum(FIT_NOTE_STATES, { message: 'Choose the fit note' })),
  /** "May be fit for work": the adjustments the note suggests. */
  adjustments: codes(FIT_NOTE_ADJUSTMENTS, 'Choose adjustments from the list'),
  movement: codes(WORK_MOVEMENTS, 'Choose steps from the list'),
};

interface StatusShape {
  employmentStatus?: string | null;
  offSickSince?: string | null;
  fitNoteState?: string | null;
  adjustments?: readonly string[];
  returnedToWorkOn?: string | null;
}

/** Cross-field rules every work status obeys (field errors, as the web form shows them). */
function checkStatus(v: StatusShape, ctx: z.RefinementCtx): void {
  if (v.employmentStatus === 'off_sick' && (v.offSickSince ?? null) === null)
    ctx.addIssue({ code: 'custom', path: ['offSickSince'], message: 'Say when they went off sick' });
  if (v.employmentStatus !== 'off_sick' && (v.offSickSince ?? null) !== null)
    ctx.addIssue({ code: 'custom', path: ['offSickSince'], message: 'A date off sick goes only with "Off sick from a job"' });
  if (v.fitNoteState !== 'may_be_fit' && (v.adjustments ?? []).length > 0)
    ctx.addIssue({ code: 'custom', path: ['adjustments'], message: 'Adjustments go only with a "may be fit for work" note' });
  if (
    (v.returnedToWorkOn ?? null) !== null &&
    v.employmentStatus !== undefined &&
    v.employmentStatus !== null &&
    !(IN_WORK_STATUSES as readonly string[]).includes(v.employmentStatus)
  )
    ctx.addIssue({ code: 'custom', path: ['returnedToWorkOn'], message: 'A return to work goes with a working status' });
}

/** The status at discharge, given with the discharge command (optional: work may not be part of the plan). */
export const dischargeWorkSchema = z.strictObject({ ...statusFields, returnedToWorkOn: nullable(isoDateSchema) }).superRefine((v, ctx) => checkStatus(v, ctx));
export type DischargeWorkInput = z.infer<typeof dischargeWorkSchema>;

const baselineBody = z.strictObject({ stage: z.literal('baseline'), version: versionSchema, ...statusFields });
const dischargeBody = z.strictObject({ stage: z.literal('discharge'), version: versionSchema, ...statusFields, returnedToWorkOn: nullable(isoDateSchema) });
const followUpBody = z.strictObject({
  stage: z.literal('follow_up'),
  version: versionSchema,
  weeks: z.union(
    FOLLOW_UP_WEEKS.map((w) => z.literal(w)),
    { message: 'A follow-up is at 13 or 26 weeks' },
  ),
  /** Still in work at the follow-up. */
  inWork: z.boolean({ message: 'Say whether they are still in work' }),
  /** A return to work that happened after discharge, first recorded at the follow-up. */
  returnedToWorkOn: nullable(isoDateSchema),
  employmentStatus: nullable(z.enum(EMPLOYMENT_STATUSES, { message: 'Choose their work situation' })),
  movement: statusFields.movement,
});

/** POST /api/v1/cases/:id/work: a baseline, the status at discharge, or a follow-up. */
export const recordWorkStatusBodySchema = z
  .discriminatedUnion('stage', [baselineBody, dischargeBody, followUpBody], { message: 'Choose baseline, discharge or follow_up' })
  .superRefine((v, ctx) => checkStatus(v, ctx));
export type RecordWorkStatusInput = z.infer<typeof recordWorkStatusBodySchema>;

export const workRecordViewSchema = z.object({
  stage: z.enum(WORK_STAGES),
  followUpWeeks: z.number(),
  recordedAt: z.string(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable(),
  offSickSince: z.string().nullable(),
  fitNoteState: z.enum(FIT_NOTE_STATES).nullable(),
  adjustments: z.array(z.enum(FIT_NOTE_ADJUSTMENTS)),
  inWork: z.boolean().nullable(),
  returnedToWorkOn: z.string().nullable(),
  movement: z.array(z.enum(WORK_MOVEMENTS)),
  version: z.number(),
});
export type WorkRecordView = z.infer<typeof workRecordViewSchema>;

/** The case's work section: its records, the return to work, and the follow-ups with their state. */
export const caseWorkViewSchema = z.object({
  records: z.array(workRecordViewSchema),
  returnedToWorkOn: z.string().nullable(),
  followUps: z.array(
    z.object({
      weeks: z.number(),
      dueOn: z.string(),
      state: z.enum(['in_work', 'not_in_work', 'not_recorded', 'not_due', 'not_applicable']),
    }),
  ),
});
export type CaseWorkView = z.infer<typeof caseWorkViewSchema>;

export const workRecordedViewSchema = z.object({ caseId: z.string(), record: workRecordViewSchema });
