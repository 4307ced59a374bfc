import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOption } from '../../../domain/instruments/definition.ts';
import { submitQuestionnaireBodySchema, type PublicQuestionnaireView } from '../../../domain/schemas/self-completion.ts';
import { isApiError } from '../../api.ts';
import { outcomesKeys, selfCompletionApi } from './outcomes-api.ts';
import { Button, ErrorSummary, Loading, usePageTitle } from '../../ui/kit.tsx';
import { RadiosField, ScaleRadiosField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';

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

/** Every question answered (said per question, as the person reads it), then the shared schema. */
const questionnaireForm = (items: readonly Item[]) =>
  formSchema(submitQuestionnaireBodySchema, (v: { answers: Record<string, string> }, problem) => {
    const answers: Record<string, number> = {};
    items.forEach((item, i) => {
      const answer = v.answers[item.id] ?? '';
      if (answer === '') problem(`answers.${item.id}`, `Choose an answer for question ${i + 1}`);
      else answers[item.id] = Number(answer);
    });
    return { answers };
  });

function QuestionnaireForm({ token, q, onSent }: { token: string; q: PublicQuestionnaireView; onSent: () => void }) {
  const items = q.instrument.items;
  // A problem with an answer is shown at its question; one about the answers as a whole at the first.
  const idOf = (path: string): string | undefined => {
    const itemId = path.startsWith('answers.') ? path.slice('answers.'.length) : path;
    const index = items.findIndex((item) => item.id === itemId);
    return index >= 0 ? fieldId(index) : path === 'answers' ? fieldId(0) : undefined;
  };
  const form = useNhsForm({ schema: questionnaireForm(items), defaultValues: { answers: {} }, fieldIds: idOf, fallbackId: fieldId(0) });
  const [problem, setProblem] = useState<string | null>(null);
  usePageTitle(TITLE, form.errors.length > 0 || problem !== null);

  const onSubmit = form.submitWith(async (body) => {
    setProblem(null);
    try {
      await selfCompletionApi.submit(token, body);
      onSent();
      window.scrollTo(0, 0);
    } catch (err) {
      form.fail([]);
      if (isApiError(err) && err.code === 'invalid_input') {
        const fields = err.fields;
        const found = items.flatMap((item, i) =>
          fields[item.id] === undefined && fields[`answers.${item.id}`] === undefined
            ? []
            : [{ id: fieldId(i), message: `Choose one of the answers for question ${i + 1}` }],
        );
        if (found.length > 0) form.fail(found);
        else setProblem('Some answers could not be read. Check them and send again.');
      } else if (isApiError(err) && err.code === 'not_found')
        setProblem('This link cannot be used any more. It may have been used already, or it may have expired. Ask your link worker for a new link.');
      else if (isApiError(err) && err.code === 'rate_limited') setProblem('There have been too many attempts from this connection. Please try again later.');
      else setProblem('Your answers could not be sent. Check your connection and try again.');
    }
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} />
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
        <form onSubmit={onSubmit} noValidate data-testid="questionnaire-form">
          {items.map((item, i) => {
            const options = optionsOf(q, item);
            return isNumericScale(options) ? (
              <ScaleRadiosField
                key={item.id}
                control={form.control}
                name={`answers.${item.id}`}
                id={fieldId(i)}
                legend={`Question ${i + 1}: ${item.text}`}
                options={options}
                error={form.errorFor(fieldId(i))}
              />
            ) : (
              <RadiosField
                key={item.id}
                control={form.control}
                name={`answers.${item.id}`}
                id={fieldId(i)}
                legend={`Question ${i + 1}: ${item.text}`}
                error={form.errorFor(fieldId(i))}
                items={options.map((o) => ({ value: String(o.value), label: o.label }))}
              />
            );
          })}
          <Button busy={form.formState.isSubmitting}>Send my answers</Button>
        </form>
      </div>
    </div>
  );
}

/** `/q/:token`: the public questionnaire. */
export function QuestionnairePage({ token }: { token: string }) {
  const questionnaire = useQuery({ queryKey: outcomesKeys.questionnaire(token), queryFn: ({ signal }) => selfCompletionApi.get(token, signal) });
  const [sent, setSent] = useState(false);
  if (questionnaire.isPending) {
    return <Loading what="your questionnaire" />;
  }
  if (questionnaire.isError) return <Unusable rateLimited={isApiError(questionnaire.error) && questionnaire.error.code === 'rate_limited'} />;
  if (sent) return <ThankYou firstName={questionnaire.data.firstName} />;
  return <QuestionnaireForm token={token} q={questionnaire.data} onSent={() => setSent(true)} />;
}
