import { useState, type FormEvent } from 'react';
import { GOAL_STATUSES, PROGRESS_MAX, PROGRESS_MIN, type GoalStatus } from '../../../domain/plan.ts';
import { savePlanBodySchema, type CaseView, type PlanVersionView } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button, type FieldError } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { reportFailure, type FormHost } from './host.ts';
import { dateOrDash, goalStatusLabel } from './labels.ts';
import { Checkbox, ConflictCallout, Input, SmallSelect, Textarea } from './parts.tsx';

interface StepDraft {
  key: number;
  text: string;
  who: string;
  done: boolean;
}
interface GoalDraft {
  key: number;
  id: string | undefined;
  text: string;
  targetDate: string;
  status: GoalStatus;
  progress: string;
  steps: StepDraft[];
}

let nextKey = 1;
const newStep = (): StepDraft => ({ key: nextKey++, text: '', who: '', done: false });
const newGoal = (): GoalDraft => ({ key: nextKey++, id: undefined, text: '', targetDate: '', status: 'not_started', progress: '', steps: [newStep()] });

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
        key: nextKey++,
        id: g.id,
        text: g.text,
        targetDate: g.targetDate ?? '',
        status: g.status,
        progress: g.progress === null ? '' : String(g.progress),
        steps: g.steps.map((s) => ({ key: nextKey++, text: s.text, who: s.who ?? '', done: s.done })),
      }));

const PROGRESS_OPTIONS = [
  { value: '', label: 'Not rated' },
  ...Array.from({ length: PROGRESS_MAX - PROGRESS_MIN + 1 }, (_, i) => ({ value: String(PROGRESS_MIN + i), label: String(PROGRESS_MIN + i) })),
];

/**
 * The plan editor: goals in the person's words with steps (who does what), target dates, status and
 * the 0–10 rating at this review. Each save is a new version based on the one it was opened from.
 */
export function PlanEditor({ host, data, onClose }: { host: FormHost; data: CaseView; onClose: () => void }) {
  const current = data.plan.current;
  const [basedOn, setBasedOn] = useState(current?.version ?? 0);
  const [goals, setGoals] = useState<GoalDraft[]>(() => fromVersion(current));
  const [reviewOn, setReviewOn] = useState(current?.reviewOn ?? '');
  const [busy, setBusy] = useState(false);
  const [rebased, setRebased] = useState<number | null>(null);
  const err = (id: string) => errorFor(host.errors, id);

  const setGoal = (key: number, change: Partial<GoalDraft>) => setGoals((gs) => gs.map((g) => (g.key === key ? { ...g, ...change } : g)));
  const setStep = (goalKey: number, stepKey: number, change: Partial<StepDraft>) =>
    setGoals((gs) => gs.map((g) => (g.key === goalKey ? { ...g, steps: g.steps.map((s) => (s.key === stepKey ? { ...s, ...change } : s)) } : g)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      basedOnVersion: basedOn,
      reviewOn: reviewOn === '' ? null : reviewOn,
      goals: goals.map((g) => ({
        ...(g.id === undefined ? {} : { id: g.id }),
        text: g.text,
        // A step row left empty is not a step.
        steps: g.steps.filter((s) => s.text.trim() !== '' || s.who.trim() !== '').map((s) => ({ text: s.text, who: s.who, done: s.done })),
        targetDate: g.targetDate === '' ? null : g.targetDate,
        status: g.status,
        progress: g.progress === '' ? null : Number(g.progress),
      })),
    };
    const parsed = savePlanBodySchema.safeParse(body);
    if (!parsed.success) {
      const errors: FieldError[] = [];
      for (const issue of parsed.error.issues) {
        const [field, gi, sub, si, subsub] = issue.path;
        let id = goalId(0, 'text');
        if (field === 'reviewOn') id = REVIEW_ID;
        else if (field === 'goals' && typeof gi === 'number') {
          if (sub === 'steps' && typeof si === 'number') {
            // Map back from the filtered steps to the row on screen.
            const rows = goals[gi]?.steps ?? [];
            const kept = rows.map((s, j) => ({ s, j })).filter(({ s }) => s.text.trim() !== '' || s.who.trim() !== '');
            id = stepId(gi, kept[si]?.j ?? 0, subsub === 'who' ? 'who' : 'text');
          } else id = goalId(gi, sub === 'targetDate' ? 'target' : sub === 'progress' ? 'progress' : sub === 'status' ? 'status' : 'text');
        }
        if (!errors.some((x) => x.id === id)) errors.push({ id, message: issue.message });
      }
      host.fail(errors);
      return;
    }
    setBusy(true);
    try {
      const saved = await casesApi.savePlan(host.caseId, parsed.data);
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
            setBasedOn(v);
            setRebased(v);
          },
        },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="plan-editor" aria-labelledby="plan-heading">
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
      {goals.map((g, gi) => (
        <fieldset className="nhsuk-fieldset lw-goal-editor" key={g.key} data-testid="goal-editor">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Goal {gi + 1}</legend>
          <Textarea
            id={goalId(gi, 'text')}
            label="The goal, in their own words"
            rows={2}
            value={g.text}
            onChange={(v) => setGoal(g.key, { text: v })}
            error={err(goalId(gi, 'text'))}
          />
          <div className="lw-inline-fields">
            <Input
              id={goalId(gi, 'target')}
              label="Target date (optional)"
              type="date"
              value={g.targetDate}
              onChange={(v) => setGoal(g.key, { targetDate: v })}
              error={err(goalId(gi, 'target'))}
            />
            <SmallSelect
              id={goalId(gi, 'status')}
              label="Status"
              value={g.status}
              onChange={(v) => setGoal(g.key, { status: v as GoalStatus })}
              options={GOAL_STATUSES.map((s) => ({ value: s, label: goalStatusLabel(s) }))}
              error={err(goalId(gi, 'status'))}
            />
            <SmallSelect
              id={goalId(gi, 'progress')}
              label={`Progress (${PROGRESS_MIN} to ${PROGRESS_MAX})`}
              value={g.progress}
              onChange={(v) => setGoal(g.key, { progress: v })}
              options={PROGRESS_OPTIONS}
              error={err(goalId(gi, 'progress'))}
            />
          </div>
          <h4 className="nhsuk-heading-xs">Steps</h4>
          {g.steps.map((s, si) => (
            <div className="lw-step-editor" key={s.key}>
              <Input
                id={stepId(gi, si, 'text')}
                label={`Step ${si + 1}`}
                value={s.text}
                onChange={(v) => setStep(g.key, s.key, { text: v })}
                error={err(stepId(gi, si, 'text'))}
                small
              />
              <Input
                id={stepId(gi, si, 'who')}
                label="Who"
                width="width-10"
                value={s.who}
                onChange={(v) => setStep(g.key, s.key, { who: v })}
                error={err(stepId(gi, si, 'who'))}
                small
              />
              <Checkbox
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
                checked={s.done}
                onChange={(v) => setStep(g.key, s.key, { done: v })}
              />
              <button className="lw-link-button" type="button" onClick={() => setGoal(g.key, { steps: g.steps.filter((x) => x.key !== s.key) })}>
                Remove
                <span className="nhsuk-u-visually-hidden">
                  {' '}
                  step {si + 1} of goal {gi + 1}
                </span>
              </button>
            </div>
          ))}
          <div className="nhsuk-button-group">
            <Button type="button" variant="secondary" small onClick={() => setGoal(g.key, { steps: [...g.steps, newStep()] })}>
              Add a step<span className="nhsuk-u-visually-hidden"> to goal {gi + 1}</span>
            </Button>
            {goals.length > 1 ? (
              <button className="lw-link-button" type="button" onClick={() => setGoals((gs) => gs.filter((x) => x.key !== g.key))}>
                Remove goal {gi + 1}
              </button>
            ) : null}
          </div>
        </fieldset>
      ))}
      <p className="nhsuk-body">
        <Button type="button" variant="secondary" onClick={() => setGoals((gs) => [...gs, newGoal()])}>
          Add another goal
        </Button>
      </p>
      <Input
        id={REVIEW_ID}
        label="Next review"
        hint="The follow-up date Today will remind you about"
        type="date"
        width="width-10"
        value={reviewOn}
        onChange={setReviewOn}
        error={err(REVIEW_ID)}
      />
      <ConflictCallout host={host} what="the plan" />
      <div className="nhsuk-button-group">
        <Button busy={busy}>Save plan</Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
