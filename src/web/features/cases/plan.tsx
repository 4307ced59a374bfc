import { useState } from 'react';
import { useFieldArray, useWatch, type Control } from 'react-hook-form';
import { GOAL_STATUSES, PROGRESS_MAX, PROGRESS_MIN, type GoalStatus } from '../../../domain/plan.ts';
import { savePlanBodySchema, type CaseView, type PlanVersionView, type SavePlanInput } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button } from '../../ui/kit.tsx';
import { CheckboxField, SelectField, TextField, TextareaField, IsoDateField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { reportFailure, type FormHost } from './host.ts';
import { dateOrDash, goalStatusLabel } from './labels.ts';
import { ConflictCallout } from './parts.tsx';
import { PlanWorkFields, WORK_BARRIERS_FIELD_ID, WORK_GOAL_FIELD_ID } from './work.tsx';

interface StepDraft {
  text: string;
  who: string;
  done: boolean;
}
interface GoalDraft {
  /** The goal's id, kept across versions (none for a new goal). */
  goalId: string | undefined;
  text: string;
  targetDate: string;
  status: GoalStatus;
  progress: string;
  steps: StepDraft[];
}
interface PlanValues {
  /** The plan version this edit started from (moves on after a conflict is reloaded). */
  basedOnVersion: number;
  goals: GoalDraft[];
  reviewOn: string;
  /** The work goal ('' not asked; "not_a_goal_now" is an answer) and barriers. */
  workGoal: string;
  workBarriers: string[];
}

const newStep = (): StepDraft => ({ text: '', who: '', done: false });
const newGoal = (): GoalDraft => ({ goalId: undefined, text: '', targetDate: '', status: 'not_started', progress: '', steps: [newStep()] });

const goalId = (g: number, field: string) => `goal-${g + 1}-${field}`;
const stepId = (g: number, s: number, field: string) => `goal-${g + 1}-step-${s + 1}-${field}`;
const REVIEW_ID = 'plan-review-on';

/** The current plan, read-only: goals in their words, steps, dates, status and the latest ratings. */
export function PlanSummary({ plan, caseId }: { plan: CaseView['plan']; caseId: string }) {
  const current = plan.current;
  if (current === null) return <p className="nhsuk-body">No plan yet. Write it with them once they have accepted support.</p>;
  return (
    <div data-testid="plan-summary">
      <p className="nhsuk-body">
        Version {current.version}, saved {formatDateTime(current.createdAt)}
        {current.createdBy.displayName === null ? '' : ` by ${current.createdBy.displayName}`}. Next review: <strong>{dateOrDash(current.reviewOn)}</strong>.
      </p>
      <PlanGoals goals={current.goals} />
      <p className="nhsuk-body">
        <Link to={`/cases/${caseId}/plan/print`} data-testid="print-plan-link">
          Print the plan for them
        </Link>
      </p>
      {plan.versions.length > 1 ? (
        <details className="nhsuk-details" data-testid="plan-history">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Version history ({plan.versions.length} versions)</span>
          </summary>
          <div className="nhsuk-details__text">
            <ul className="nhsuk-list">
              {[...plan.versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <li key={v.version}>
                    <Link to={`/cases/${caseId}/plan/print?version=${v.version}`}>Version {v.version}</Link>: {formatDateTime(v.createdAt)}
                    {v.createdBy.displayName === null ? '' : `, ${v.createdBy.displayName}`}, {v.goalCount} {v.goalCount === 1 ? 'goal' : 'goals'}
                    {v.reviewOn === null ? '' : `, review ${formatDate(v.reviewOn)}`}
                  </li>
                ))}
            </ul>
          </div>
        </details>
      ) : null}
    </div>
  );
}

/** Goals as cards (shared by the case page and the printable plan). */
export function PlanGoals({ goals, forPerson }: { goals: PlanVersionView['goals']; forPerson?: boolean }) {
  return (
    <ol className="lw-goals">
      {goals.map((g, i) => (
        <li key={g.id} className="lw-goal" data-testid="plan-goal">
          <h3 className="nhsuk-heading-s lw-goal__title">
            <span className="nhsuk-u-visually-hidden">Goal {i + 1}: </span>
            {g.text}
          </h3>
          <p className="nhsuk-body-s lw-goal__meta">
            {goalStatusLabel(g.status)}
            {g.targetDate === null ? '' : ` · by ${formatDate(g.targetDate)}`}
            {g.progress === null ? '' : ` · ${forPerson === true ? 'how it is going' : 'progress'}: ${g.progress} out of ${PROGRESS_MAX}`}
          </p>
          {g.steps.length === 0 ? null : (
            <ul className="nhsuk-list lw-steps">
              {g.steps.map((s, j) => (
                <li key={j} className={s.done ? 'lw-step lw-step--done' : 'lw-step'}>
                  <span className="lw-step__box" aria-hidden="true">
                    {s.done ? '✓' : ''}
                  </span>
                  <span>
                    {s.text}
                    {s.who === null ? '' : ` (${s.who})`}
                    {s.done ? <span className="nhsuk-u-visually-hidden"> (done)</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

const fromVersion = (v: PlanVersionView | null): GoalDraft[] =>
  v === null || v.goals.length === 0
    ? [newGoal()]
    : v.goals.map((g) => ({
        goalId: g.id,
        text: g.text,
        targetDate: g.targetDate ?? '',
        status: g.status,
        progress: g.progress === null ? '' : String(g.progress),
        steps: g.steps.map((s) => ({ text: s.text, who: s.who ?? '', done: s.done })),
      }));

const PROGRESS_OPTIONS = [
  { value: '', label: 'Not rated' },
  ...Array.from({ length: PROGRESS_MAX - PROGRESS_MIN + 1 }, (_, i) => ({ value: String(PROGRESS_MIN + i), label: String(PROGRESS_MIN + i) })),
];

/** A step row left empty is not a step. */
const isStep = (s: StepDraft) => s.text.trim() !== '' || s.who.trim() !== '';

const planForm = formSchema(
  savePlanBodySchema,
  (v: PlanValues) => ({
    basedOnVersion: v.basedOnVersion,
    reviewOn: v.reviewOn === '' ? null : v.reviewOn,
    work: { goal: v.workGoal === '' ? null : v.workGoal, barriers: v.workGoal === '' ? [] : v.workBarriers },
    goals: v.goals.map((g) => ({
      ...(g.goalId === undefined ? {} : { id: g.goalId }),
      text: g.text,
      steps: g.steps.filter(isStep).map((s) => ({ text: s.text, who: s.who, done: s.done })),
      targetDate: g.targetDate === '' ? null : g.targetDate,
      status: g.status,
      progress: g.progress === '' ? null : Number(g.progress),
    })),
  }),
  {
    // The request leaves out empty step rows: a problem with its second step is the form's row it came from.
    pathOf: (path, v) => {
      const m = /^goals\.(\d+)\.steps\.(\d+)(.*)$/.exec(path);
      if (m === null) return path;
      const rows = v.goals[Number(m[1])]?.steps ?? [];
      const kept = rows.flatMap((s, j) => (isStep(s) ? [j] : []));
      return `goals.${m[1]}.steps.${kept[Number(m[2])] ?? 0}${m[3] ?? ''}`;
    },
  },
);

const GOAL_FIELDS: Readonly<Record<string, string>> = { text: 'text', targetDate: 'target', progress: 'progress', status: 'status' };

/** Which input shows a problem: a goal's or a step's own, else the first goal's words. */
function planFieldId(path: string): string | undefined {
  if (path === 'reviewOn') return REVIEW_ID;
  if (path.startsWith('work.goal')) return WORK_GOAL_FIELD_ID;
  if (path.startsWith('work.barriers')) return WORK_BARRIERS_FIELD_ID;
  const step = /^goals\.(\d+)\.steps\.(\d+)(?:\.(\w+))?/.exec(path);
  if (step !== null) return stepId(Number(step[1]), Number(step[2]), step[3] === 'who' ? 'who' : 'text');
  const goal = /^goals\.(\d+)(?:\.(\w+))?/.exec(path);
  if (goal !== null) return goalId(Number(goal[1]), GOAL_FIELDS[goal[2] ?? ''] ?? 'text');
  return undefined;
}

/**
 * The plan editor: goals in the person's words with steps (who does what), target dates, status and
 * the 0–10 rating at this review. Each save is a new version based on the one it was opened from.
 */
export function PlanEditor({ host, data, onClose }: { host: FormHost; data: CaseView; onClose: () => void }) {
  const current = data.plan.current;
  const form = useNhsForm({
    schema: planForm,
    defaultValues: {
      basedOnVersion: current?.version ?? 0,
      goals: fromVersion(current),
      reviewOn: current?.reviewOn ?? '',
      workGoal: current?.work.goal ?? '',
      workBarriers: [...(current?.work.barriers ?? [])],
    },
    fieldIds: planFieldId,
    fallbackId: goalId(0, 'text'),
    report: host.fail,
  });
  const goals = useFieldArray({ control: form.control, name: 'goals' });
  const basedOn = useWatch({ control: form.control, name: 'basedOnVersion' });
  const [rebased, setRebased] = useState<number | null>(null);
  const err = (id: string) => errorFor(host.errors, id);

  const onSubmit = form.submitWith(async (body: SavePlanInput) => {
    try {
      const saved = await casesApi.savePlan(host.caseId, body);
      onClose();
      await host.done(`Plan saved as version ${saved.version}.`);
    } catch (caught) {
      reportFailure(
        host,
        caught,
        { goals: goalId(0, 'text'), reviewOn: REVIEW_ID },
        {
          what: 'the plan',
          onReloaded: (fresh) => {
            const v = fresh.plan.current?.version ?? 0;
            form.setValue('basedOnVersion', v);
            setRebased(v);
          },
        },
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="plan-editor" aria-labelledby="plan-heading">
      <p className="nhsuk-body">
        {current === null ? 'Write the goals in their own words.' : `Saving makes version ${basedOn + 1}; version ${basedOn} stays in the history.`} At a
        review, ask them to rate each goal from {PROGRESS_MIN} (not started) to {PROGRESS_MAX} (done).
      </p>
      {rebased === null ? null : (
        <div className="nhsuk-inset-text" data-testid="plan-rebased">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>The saved plan (version {rebased}) is shown above. Your changes are still in this form: check them against theirs, then save again.</p>
        </div>
      )}
      {goals.fields.map((g, gi) => (
        <GoalEditor key={g.id} control={form.control} gi={gi} err={err} onRemove={goals.fields.length > 1 ? () => goals.remove(gi) : undefined} />
      ))}
      <p className="nhsuk-body">
        <Button type="button" variant="secondary" onClick={() => goals.append(newGoal())}>
          Add another goal
        </Button>
      </p>
      <PlanWorkFields control={form.control} err={err} />
      <IsoDateField
        control={form.control}
        name="reviewOn"
        id={REVIEW_ID}
        legend="Next review"
        hint="The follow-up date Today will remind you about"
        error={err(REVIEW_ID)}
      />
      <ConflictCallout host={host} what="the plan" />
      <div className="nhsuk-button-group">
        <Button busy={form.formState.isSubmitting}>Save plan</Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** One goal: its words, target date, status and rating, and its steps (who does what). */
function GoalEditor({
  control,
  gi,
  err,
  onRemove,
}: {
  control: Control<PlanValues, unknown, SavePlanInput>;
  gi: number;
  err: (id: string) => string | undefined;
  onRemove: (() => void) | undefined;
}) {
  const steps = useFieldArray({ control, name: `goals.${gi}.steps` });
  return (
    <fieldset className="nhsuk-fieldset lw-goal-editor" data-testid="goal-editor">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Goal {gi + 1}</legend>
      <TextareaField
        control={control}
        name={`goals.${gi}.text`}
        id={goalId(gi, 'text')}
        label="The goal, in their own words"
        rows={2}
        error={err(goalId(gi, 'text'))}
      />
      <div className="lw-inline-fields">
        <IsoDateField
          control={control}
          name={`goals.${gi}.targetDate`}
          id={goalId(gi, 'target')}
          legend="Target date (optional)"
          error={err(goalId(gi, 'target'))}
        />
        <SelectField
          control={control}
          name={`goals.${gi}.status`}
          id={goalId(gi, 'status')}
          label="Status"
          options={GOAL_STATUSES.map((s) => ({ value: s, label: goalStatusLabel(s) }))}
          error={err(goalId(gi, 'status'))}
        />
        <SelectField
          control={control}
          name={`goals.${gi}.progress`}
          id={goalId(gi, 'progress')}
          label={`Progress (${PROGRESS_MIN} to ${PROGRESS_MAX})`}
          options={PROGRESS_OPTIONS}
          error={err(goalId(gi, 'progress'))}
        />
      </div>
      <h4 className="nhsuk-heading-xs">Steps</h4>
      {steps.fields.map((s, si) => (
        <div className="lw-step-editor" key={s.id}>
          <TextField
            control={control}
            name={`goals.${gi}.steps.${si}.text`}
            id={stepId(gi, si, 'text')}
            label={`Step ${si + 1}`}
            error={err(stepId(gi, si, 'text'))}
            compact
          />
          <TextField
            control={control}
            name={`goals.${gi}.steps.${si}.who`}
            id={stepId(gi, si, 'who')}
            label="Who"
            width="width-10"
            error={err(stepId(gi, si, 'who'))}
            compact
          />
          <CheckboxField
            control={control}
            name={`goals.${gi}.steps.${si}.done`}
            id={stepId(gi, si, 'done')}
            label={
              <>
                Done
                <span className="nhsuk-u-visually-hidden">
                  {' '}
                  (goal {gi + 1}, step {si + 1})
                </span>
              </>
            }
          />
          <button className="lw-link-button" type="button" onClick={() => steps.remove(si)}>
            Remove
            <span className="nhsuk-u-visually-hidden">
              {' '}
              step {si + 1} of goal {gi + 1}
            </span>
          </button>
        </div>
      ))}
      <div className="nhsuk-button-group">
        <Button type="button" variant="secondary" small onClick={() => steps.append(newStep())}>
          Add a step<span className="nhsuk-u-visually-hidden"> to goal {gi + 1}</span>
        </Button>
        {onRemove === undefined ? null : (
          <button className="lw-link-button" type="button" onClick={onRemove}>
            Remove goal {gi + 1}
          </button>
        )}
      </div>
    </fieldset>
  );
}
