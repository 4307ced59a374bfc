import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ResponseOption } from '../../../domain/instruments/definition.ts';
import type { PublicQuestionnaireView } from '../../../domain/schemas/self-completion.ts';
import { isApiError } from '../../api.ts';
import { selfCompletionApi } from './outcomes-api.ts';
import { Button, ErrorSummary, Loading, Radios, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { useLoad } from '../../ui/use-load.ts';

/**
 * The person's own questionnaire, opened from a one-time link with no sign-in (`/q/<token>`).
 * Phone first: one column, big targets, plain words. It shows their first name and the questions
 * and nothing else: the page title and address carry no personal data (only the token, which
 * stops working once the answers are sent).
 */

const TITLE = 'Your wellbeing questionnaire';

type Item = PublicQuestionnaireView['instrument']['items'][number];

const optionsOf = (q: PublicQuestionnaireView, item: Item): readonly ResponseOption[] => item.options ?? q.instrument.options ?? [];

/**
 * A 0–10 style scale: many whole-number answers whose middle ones are just their number. Shown as
 * a row of numbered radios (wrapping on a narrow screen) with what the two ends mean as the hint.
 */
export function isNumericScale(options: readonly ResponseOption[]): boolean {
  if (options.length < 7) return false;
  return options.slice(1, -1).every((o) => o.label.trim() === String(o.value));
}

/** "0 – Not at all" → "Not at all"; the number is shown on the radio itself. */
const endWords = (o: ResponseOption | undefined): string =>
  o === undefined ? '' : o.label.replace(new RegExp(`^\\s*${o.value}\\s*[-–—:=]?\\s*`), '').trim() || String(o.value);

const fieldId = (index: number) => `question-${index + 1}`;

const expiryFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** When a link stops working, in UK time and NHS style: "9am on 5 December 2026", "5:30pm on …". */
export function expiryWords(iso: string): string {
  const parts = Object.fromEntries(expiryFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const minute = parts['minute'] === '00' ? '' : `:${parts['minute'] ?? ''}`;
  return `${parts['hour'] ?? ''}${minute}${(parts['dayPeriod'] ?? '').toLowerCase().replace(/\s|\./g, '')} on ${parts['day'] ?? ''} ${parts['month'] ?? ''} ${parts['year'] ?? ''}`;
}

/** A 0–10 style question as a row of numbered radios; the first radio carries `id` (error links land there). */
export function ScaleQuestion({
  id,
  legend,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: ReactNode;
  options: readonly ResponseOption[];
  value: number | undefined;
  onChange: (v: number) => void;
  error: string | undefined;
}) {
  const first = options[0];
  const last = options[options.length - 1];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`nhsuk-form-group${error === undefined ? '' : ' nhsuk-form-group--error'}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error === undefined ? hintId : `${hintId} ${errorId}`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className="nhsuk-hint" id={hintId}>
          {first === undefined || last === undefined ? null : (
            <>
              {first.value} means {endWords(first).toLowerCase()}, {last.value} means {endWords(last).toLowerCase()}
            </>
          )}
        </div>
        {error === undefined ? null : (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <div className="nhsuk-radios nhsuk-radios--inline lw-scale">
          {options.map((o, i) => {
            const rid = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="nhsuk-radios__item lw-scale__item" key={o.value}>
                <input
                  className="nhsuk-radios__input"
                  id={rid}
                  name={id}
                  type="radio"
                  value={o.value}
                  checked={value === o.value}
                  onChange={() => onChange(o.value)}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={rid}>
                  {o.value}
                  {i === 0 || i === options.length - 1 ? <span className="nhsuk-u-visually-hidden"> ({endWords(o)})</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Unusable({ rateLimited }: { rateLimited: boolean }) {
  usePageTitle(rateLimited ? 'Please try again later' : 'This link cannot be used');
  return (
    <div className="nhsuk-grid-row" data-testid="questionnaire-unusable">
      <div className="nhsuk-grid-column-two-thirds">
        {rateLimited ? (
          <>
            <h1 className="nhsuk-heading-l" tabIndex={-1}>
              Please try again later
            </h1>
            <p className="nhsuk-body">There have been too many attempts from this connection. Wait a while, then open your link again.</p>
          </>
        ) : (
          <>
            <h1 className="nhsuk-heading-l" tabIndex={-1}>
              This link cannot be used
            </h1>
            <p className="nhsuk-body">The link may have been used already, or it may have expired. Each link works once, for a limited time.</p>
            <p className="nhsuk-body">If you still want to answer the questions, ask your link worker for a new link.</p>
          </>
        )}
      </div>
    </div>
  );
}

function ThankYou({ firstName }: { firstName: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle('Thank you');
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-panel" data-testid="questionnaire-thanks">
          <h1 className="nhsuk-panel__title" tabIndex={-1} ref={heading}>
            Thank you, {firstName}
          </h1>
          <div className="nhsuk-panel__body">Your answers have been sent to your link worker.</div>
        </div>
        <p className="nhsuk-body">You can close this page now. The link will not work again.</p>
        <p className="nhsuk-body">
          If you need to talk to someone about how you are feeling, contact your GP surgery. In an emergency, call 999. To talk to someone any time, call
          Samaritans free on 116&nbsp;123.
        </p>
      </div>
    </div>
  );
}

function QuestionnaireForm({ token, q, onSent }: { token: string; q: PublicQuestionnaireView; onSent: () => void }) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(TITLE, errors.length > 0 || problem !== null);

  const items = q.instrument.items;
  const errorFor = (index: number) => errors.find((e) => e.id === fieldId(index))?.message;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const missing = items.flatMap((item, i) => (answers[item.id] === undefined ? [{ id: fieldId(i), message: `Choose an answer for question ${i + 1}` }] : []));
    if (missing.length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      await selfCompletionApi.submit(token, { answers });
      setErrors([]);
      onSent();
      window.scrollTo(0, 0);
    } catch (err) {
      setErrors([]);
      if (isApiError(err) && err.code === 'invalid_input') {
        const fields = err.fields;
        const found = items.flatMap((item, i) =>
          fields[item.id] === undefined && fields[`answers.${item.id}`] === undefined
            ? []
            : [{ id: fieldId(i), message: `Choose one of the answers for question ${i + 1}` }],
        );
        if (found.length > 0) setErrors(found);
        else setProblem('Some answers could not be read. Check them and send again.');
      } else if (isApiError(err) && err.code === 'not_found')
        setProblem('This link cannot be used any more. It may have been used already, or it may have expired. Ask your link worker for a new link.');
      else if (isApiError(err) && err.code === 'rate_limited') setProblem('There have been too many attempts from this connection. Please try again later.');
      else setProblem('Your answers could not be sent. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {problem === null ? null : (
          <ErrorSummary errors={[]}>
            <p data-testid="questionnaire-problem">{problem}</p>
          </ErrorSummary>
        )}
        <h1 className="nhsuk-heading-l" tabIndex={-1}>
          <span className="nhsuk-caption-l" data-testid="questionnaire-greeting">
            Hello {q.firstName}
          </span>
          {TITLE}
        </h1>
        <p className="nhsuk-body">
          Your link worker has asked you to answer {items.length === 1 ? 'this question' : `these ${items.length} questions`}. There are no right or wrong
          answers.
        </p>
        {q.instrument.instructions === null ? null : <p className="nhsuk-body">{q.instrument.instructions}</p>}
        <p className="nhsuk-body nhsuk-u-secondary-text-colour">This link works once, until {expiryWords(q.expiresAt)}.</p>
        <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="questionnaire-form">
          {items.map((item, i) => {
            const options = optionsOf(q, item);
            const value = answers[item.id];
            const set = (v: number) => setAnswers((a) => ({ ...a, [item.id]: v }));
            return isNumericScale(options) ? (
              <ScaleQuestion
                key={item.id}
                id={fieldId(i)}
                legend={`Question ${i + 1}: ${item.text}`}
                options={options}
                value={value}
                onChange={set}
                error={errorFor(i)}
              />
            ) : (
              <Radios
                key={item.id}
                id={fieldId(i)}
                legend={`Question ${i + 1}: ${item.text}`}
                value={value === undefined ? '' : String(value)}
                onChange={(v) => set(Number(v))}
                error={errorFor(i)}
                items={options.map((o) => ({ value: String(o.value), label: o.label }))}
              />
            );
          })}
          <Button busy={busy}>Send my answers</Button>
        </form>
      </div>
    </div>
  );
}

/** `/q/:token`: the public questionnaire. */
export function QuestionnairePage({ token }: { token: string }) {
  const [loaded] = useLoad((signal) => selfCompletionApi.get(token, signal), [token]);
  const [sent, setSent] = useState(false);
  if (loaded.status === 'loading') {
    return <Loading what="your questionnaire" />;
  }
  if (loaded.status === 'failed') return <Unusable rateLimited={loaded.code === 'rate_limited'} />;
  if (sent) return <ThankYou firstName={loaded.data.firstName} />;
  return <QuestionnaireForm token={token} q={loaded.data} onSent={() => setSent(true)} />;
}
