import { useMutation } from '@tanstack/react-query';
import { useWatch, type Control } from 'react-hook-form';
import type { z } from 'zod';
import type { CaseView } from '../../../domain/schemas/cases.ts';
import { recordWorkStatusBodySchema, workRecordedViewSchema, type RecordWorkStatusInput, type WorkRecordView } from '../../../domain/schemas/work.ts';
import {
  canRecordWorkStage,
  EMPLOYMENT_STATUS_LABELS,
  EMPLOYMENT_STATUSES,
  FIT_NOTE_ADJUSTMENT_LABELS,
  FIT_NOTE_ADJUSTMENTS,
  FIT_NOTE_STATE_LABELS,
  FIT_NOTE_STATES,
  WORK_BARRIER_LABELS,
  WORK_BARRIERS,
  WORK_GOAL_LABELS,
  WORK_GOALS,
  WORK_MOVEMENT_LABELS,
  WORK_MOVEMENTS,
  type WorkStage,
} from '../../../domain/work.ts';
import { request } from '../../api.ts';
import { Button, SummaryList } from '../../ui/kit.tsx';
import { CheckboxesField, IsoDateField, RadiosField, SelectField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { reportFailure, type FormHost } from './host.ts';

/**
 * Work as a pathway on the case page (INSIGHT.md): asked with care and never imposed. The work
 * goal and barriers live in the plan; here are the person's work situation and fit note at the
 * start, at discharge (with a return to work and its date), and the follow-ups 13 and 26 weeks
 * after a return.
 */

type RecordWorkRequest = z.input<typeof recordWorkStatusBodySchema>;
const recordWork = (caseId: string, body: RecordWorkRequest) =>
  request(workRecordedViewSchema, `/cases/${encodeURIComponent(caseId)}/work`, { method: 'POST', body });

const STAGE_TITLES: { readonly [S in WorkStage]: string } = { baseline: 'At the start', discharge: 'At discharge', follow_up: 'Follow-up' };

const label = <K extends string>(labels: { readonly [k in K]: string }, v: K | null) => (v === null ? 'Not recorded' : labels[v]);

function recordLines(r: WorkRecordView): string {
  const parts: string[] = [];
  if (r.inWork !== null) parts.push(r.inWork ? 'Still in work' : 'Not in work');
  if (r.employmentStatus !== null)
    parts.push(`${EMPLOYMENT_STATUS_LABELS[r.employmentStatus]}${r.offSickSince === null ? '' : ` since ${formatDate(r.offSickSince)}`}`);
  if (r.fitNoteState !== null) parts.push(FIT_NOTE_STATE_LABELS[r.fitNoteState]);
  if (r.adjustments.length > 0) parts.push(`adjustments: ${r.adjustments.map((a) => FIT_NOTE_ADJUSTMENT_LABELS[a].toLowerCase()).join(', ')}`);
  if (r.returnedToWorkOn !== null) parts.push(`back at work from ${formatDate(r.returnedToWorkOn)}`);
  if (r.movement.length > 0) parts.push(r.movement.map((m) => WORK_MOVEMENT_LABELS[m]).join(', '));
  return parts.join('; ');
}

/** The case's Work section: the plan's work goal, what was recorded, and the form the case's status allows now. */
export function WorkSection({ data, host, mayUpdate }: { data: CaseView; host: FormHost; mayUpdate: boolean }) {
  const work = data.plan.current?.work ?? { goal: null, barriers: [] };
  const records = data.work.records;
  const find = (stage: WorkStage, weeks = 0) => records.find((r) => r.stage === stage && r.followUpWeeks === weeks);
  const baseline = find('baseline');
  const discharge = find('discharge');
  const dueFollowUps = data.work.followUps.filter((f) => f.state !== 'not_due' && f.state !== 'not_applicable');
  return (
    <div data-testid="work-section">
      <p className="nhsuk-body">
        <strong>Is work something you’d like support with?</strong> Ask with care: work is offered, never imposed, and “Not a goal now” is a full answer. The
        work goal and barriers are part of the plan.
      </p>
      <SummaryList
        rows={[
          {
            key: 'Work goal (plan)',
            value:
              work.goal === null
                ? 'Not asked yet'
                : `${WORK_GOAL_LABELS[work.goal]}${work.barriers.length === 0 ? '' : `. Barriers: ${work.barriers.map((b) => WORK_BARRIER_LABELS[b].toLowerCase()).join(', ')}`}`,
          },
          ...records.map((r) => ({
            key: r.stage === 'follow_up' ? `${r.followUpWeeks}-week follow-up` : STAGE_TITLES[r.stage],
            value: recordLines(r) || 'Nothing recorded',
          })),
          ...data.work.followUps
            .filter((f) => f.state === 'not_due' || f.state === 'not_recorded')
            .map((f) => ({
              key: `${f.weeks}-week follow-up`,
              value: f.state === 'not_due' ? `Due ${formatDate(f.dueOn)}` : `Due since ${formatDate(f.dueOn)}: not recorded yet`,
            })),
        ]}
      />
      {mayUpdate && canRecordWorkStage('baseline', data.status) ? (
        <WorkStatusForm key={`baseline-${baseline?.version ?? 0}`} host={host} stage="baseline" existing={baseline} />
      ) : null}
      {mayUpdate && data.status === 'discharged' && discharge === undefined ? <WorkStatusForm host={host} stage="discharge" existing={undefined} /> : null}
      {mayUpdate && data.status === 'discharged' && (data.work.returnedToWorkOn === null || dueFollowUps.length > 0) ? (
        <FollowUpForm key={records.map((r) => `${r.stage}${r.followUpWeeks}v${r.version}`).join()} host={host} data={data} />
      ) : null}
    </div>
  );
}

// ---- the work situation (baseline, or at discharge when it was not given with the discharge) ----

interface StatusValues {
  version: number;
  employmentStatus: string;
  offSickSince: string;
  fitNoteState: string;
  adjustments: string[];
  returnedToWorkOn: string;
  movement: string[];
}

const statusIds = (stage: WorkStage) => ({
  employmentStatus: `work-${stage}-status`,
  offSickSince: `work-${stage}-off-sick-since`,
  fitNoteState: `work-${stage}-fit-note`,
  adjustments: `work-${stage}-adjustments`,
  returnedToWorkOn: `work-${stage}-returned-on`,
  movement: `work-${stage}-movement`,
});

const statusForm = (stage: 'baseline' | 'discharge') =>
  formSchema(recordWorkStatusBodySchema, (v: StatusValues) => ({
    stage,
    version: v.version,
    employmentStatus: v.employmentStatus || undefined,
    offSickSince: v.employmentStatus === 'off_sick' ? v.offSickSince || null : null,
    fitNoteState: v.fitNoteState || null,
    adjustments: v.fitNoteState === 'may_be_fit' ? v.adjustments : [],
    movement: v.movement,
    ...(stage === 'discharge' ? { returnedToWorkOn: v.returnedToWorkOn || null } : {}),
  }));

/** Employment status, date off sick, fit note and adjustments: shared by the baseline form and the discharge form. */
export function WorkStatusFields<V extends { employmentStatus: string; offSickSince: string; fitNoteState: string; adjustments: string[] }, T>({
  control,
  ids,
  err,
  optional,
}: {
  control: Control<V, unknown, T>;
  ids: ReturnType<typeof statusIds>;
  err: (id: string) => string | undefined;
  optional?: boolean;
}) {
  // The generic form's paths, named once (react-hook-form cannot check paths of a generic form).
  const c = control as unknown as Control<StatusValues, unknown, T>;
  const status = useWatch({ control: c, name: 'employmentStatus' });
  const fit = useWatch({ control: c, name: 'fitNoteState' });
  return (
    <>
      <SelectField
        control={c}
        name="employmentStatus"
        id={ids.employmentStatus}
        label="Their work situation"
        options={[
          { value: '', label: optional === true ? 'Not recorded' : 'Choose…' },
          ...EMPLOYMENT_STATUSES.map((s) => ({ value: s, label: EMPLOYMENT_STATUS_LABELS[s] })),
        ]}
        error={err(ids.employmentStatus)}
      />
      {status === 'off_sick' ? (
        <IsoDateField control={c} name="offSickSince" id={ids.offSickSince} legend="Off sick since" error={err(ids.offSickSince)} />
      ) : null}
      <RadiosField
        control={c}
        name="fitNoteState"
        id={ids.fitNoteState}
        legend="Fit note"
        small
        items={[{ value: '', label: 'Not recorded' }, ...FIT_NOTE_STATES.map((s) => ({ value: s, label: FIT_NOTE_STATE_LABELS[s] }))]}
        error={err(ids.fitNoteState)}
      />
      {fit === 'may_be_fit' ? (
        <CheckboxesField
          control={c}
          name="adjustments"
          id={ids.adjustments}
          legend="Adjustments the fit note suggests"
          small
          items={FIT_NOTE_ADJUSTMENTS.map((a) => ({ value: a, label: FIT_NOTE_ADJUSTMENT_LABELS[a] }))}
          error={err(ids.adjustments)}
        />
      ) : null}
    </>
  );
}

function WorkStatusForm({ host, stage, existing }: { host: FormHost; stage: 'baseline' | 'discharge'; existing: WorkRecordView | undefined }) {
  const ids = statusIds(stage);
  const save = useMutation({ mutationFn: (body: RecordWorkRequest) => recordWork(host.caseId, body) });
  const form = useNhsForm({
    schema: statusForm(stage),
    defaultValues: {
      version: existing?.version ?? 0,
      employmentStatus: existing?.employmentStatus ?? '',
      offSickSince: existing?.offSickSince ?? '',
      fitNoteState: existing?.fitNoteState ?? '',
      adjustments: existing?.adjustments ?? [],
      returnedToWorkOn: existing?.returnedToWorkOn ?? '',
      movement: existing?.movement ?? [],
    },
    fieldIds: ids,
    report: host.fail,
  });
  const err = (id: string) => errorFor(host.errors, id);
  const onSubmit = form.submitWith(async (body: RecordWorkStatusInput) => {
    try {
      await save.mutateAsync(body);
      await host.done(stage === 'baseline' ? 'Their work situation at the start is recorded.' : 'Their work situation at discharge is recorded.');
    } catch (caught) {
      reportFailure(host, caught, ids, { what: 'the work record' });
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid={`work-${stage}-form`} className="lw-work-form">
      <h3 className="nhsuk-heading-s">
        {stage === 'baseline'
          ? existing === undefined
            ? 'Record their work situation now'
            : 'Update their work situation at the start'
          : 'Their work situation at discharge'}
      </h3>
      <WorkStatusFields control={form.control} ids={ids} err={err} />
      {stage === 'discharge' ? (
        <>
          <IsoDateField
            control={form.control}
            name="returnedToWorkOn"
            id={ids.returnedToWorkOn}
            legend="Back at work from (optional)"
            error={err(ids.returnedToWorkOn)}
          />
          <CheckboxesField
            control={form.control}
            name="movement"
            id={ids.movement}
            legend="Steps towards work (optional)"
            small
            items={WORK_MOVEMENTS.map((m) => ({ value: m, label: WORK_MOVEMENT_LABELS[m] }))}
            error={err(ids.movement)}
          />
        </>
      ) : null}
      <Button variant="secondary" busy={save.isPending || form.formState.isSubmitting}>
        Save work situation
      </Button>
    </form>
  );
}

// ---- follow-ups: still in work at 13 and 26 weeks after the return ----

interface FollowUpValues {
  weeks: string;
  inWork: string;
  returnedToWorkOn: string;
}

const FOLLOW_UP_IDS = { weeks: 'work-follow-up-weeks', inWork: 'work-follow-up-in-work', returnedToWorkOn: 'work-follow-up-returned-on' };

function FollowUpForm({ host, data }: { host: FormHost; data: CaseView }) {
  const save = useMutation({ mutationFn: (body: RecordWorkRequest) => recordWork(host.caseId, body) });
  const returned = data.work.returnedToWorkOn;
  const versionOf = (weeks: number) => data.work.records.find((r) => r.stage === 'follow_up' && r.followUpWeeks === weeks)?.version ?? 0;
  const schema = formSchema(recordWorkStatusBodySchema, (v: FollowUpValues) => ({
    stage: 'follow_up',
    version: versionOf(Number(v.weeks)),
    weeks: v.weeks === '' ? undefined : Number(v.weeks),
    inWork: v.inWork === '' ? undefined : v.inWork === 'yes',
    returnedToWorkOn: v.returnedToWorkOn || null,
  }));
  const due = data.work.followUps.filter((f) => f.state !== 'not_due' && f.state !== 'not_applicable');
  const form = useNhsForm({
    schema,
    defaultValues: { weeks: String(due.find((f) => f.state === 'not_recorded')?.weeks ?? due[0]?.weeks ?? 13), inWork: '', returnedToWorkOn: '' },
    fieldIds: FOLLOW_UP_IDS,
    report: host.fail,
  });
  const err = (id: string) => errorFor(host.errors, id);
  const onSubmit = form.submitWith(async (body: RecordWorkStatusInput) => {
    try {
      await save.mutateAsync(body);
      await host.done('The work follow-up is recorded.');
    } catch (caught) {
      reportFailure(host, caught, FOLLOW_UP_IDS, { what: 'the work follow-up' });
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="work-follow-up-form" className="lw-work-form">
      <h3 className="nhsuk-heading-s">Follow-up: are they still in work?</h3>
      {returned === null ? (
        <>
          <p className="nhsuk-body">No return to work is recorded. If they have gone back to work since discharge, give the date: follow-ups count from it.</p>
          <IsoDateField
            control={form.control}
            name="returnedToWorkOn"
            id={FOLLOW_UP_IDS.returnedToWorkOn}
            legend="Back at work from"
            error={err(FOLLOW_UP_IDS.returnedToWorkOn)}
          />
        </>
      ) : null}
      <RadiosField
        control={form.control}
        name="weeks"
        id={FOLLOW_UP_IDS.weeks}
        legend="Which follow-up"
        small
        items={[
          { value: '13', label: '13 weeks' },
          { value: '26', label: '26 weeks' },
        ]}
        error={err(FOLLOW_UP_IDS.weeks)}
      />
      <RadiosField
        control={form.control}
        name="inWork"
        id={FOLLOW_UP_IDS.inWork}
        legend="Are they still in work?"
        small
        items={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        error={err(FOLLOW_UP_IDS.inWork)}
      />
      <Button variant="secondary" busy={save.isPending || form.formState.isSubmitting}>
        Save follow-up
      </Button>
    </form>
  );
}

// ---- the plan's work part ----

export const WORK_GOAL_FIELD_ID = 'plan-work-goal';
export const WORK_BARRIERS_FIELD_ID = 'plan-work-barriers';

/** The plan editor's work question: a goal ("Not a goal now" is an answer), and barriers. */
export function PlanWorkFields<V extends { workGoal: string; workBarriers: string[] }, T>({
  control,
  err,
}: {
  control: Control<V, unknown, T>;
  err: (id: string) => string | undefined;
}) {
  const c = control as unknown as Control<{ workGoal: string; workBarriers: string[] }, unknown, T>;
  const goal = useWatch({ control: c, name: 'workGoal' });
  return (
    <fieldset className="nhsuk-fieldset lw-goal-editor" data-testid="plan-work">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Work (optional)</legend>
      <RadiosField
        control={c}
        name="workGoal"
        id={WORK_GOAL_FIELD_ID}
        legend="Is work something you’d like support with?"
        hint="Ask with care. Work is offered, never imposed: “Not a goal now” is a full answer, and so is leaving this out."
        small
        items={[{ value: '', label: 'Not asked' }, ...WORK_GOALS.map((g) => ({ value: g, label: WORK_GOAL_LABELS[g] }))]}
        error={err(WORK_GOAL_FIELD_ID)}
      />
      {goal === '' ? null : (
        <CheckboxesField
          control={c}
          name="workBarriers"
          id={WORK_BARRIERS_FIELD_ID}
          legend="What makes work harder for them?"
          small
          items={WORK_BARRIERS.map((b) => ({ value: b, label: WORK_BARRIER_LABELS[b] }))}
          error={err(WORK_BARRIERS_FIELD_ID)}
        />
      )}
    </fieldset>
  );
}

/** Labels for the timeline's work steps. */
export function workTimelineTitle(d: Record<string, unknown>): string {
  const stage = typeof d['stage'] === 'string' && d['stage'] in STAGE_TITLES ? (d['stage'] as WorkStage) : 'baseline';
  const weeks = typeof d['followUpWeeks'] === 'number' ? d['followUpWeeks'] : 0;
  if (stage === 'follow_up')
    return `Work follow-up at ${weeks} weeks: ${d['inWork'] === true ? 'still in work' : d['inWork'] === false ? 'not in work' : 'recorded'}`;
  const status = typeof d['employmentStatus'] === 'string' && d['employmentStatus'] in EMPLOYMENT_STATUS_LABELS ? d['employmentStatus'] : null;
  return `Work situation ${stage === 'baseline' ? 'at the start' : 'at discharge'}: ${label(EMPLOYMENT_STATUS_LABELS, status as keyof typeof EMPLOYMENT_STATUS_LABELS | null).toLowerCase()}${d['returnedToWork'] === true ? ', back at work' : ''}`;
}
