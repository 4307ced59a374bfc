import { useState } from 'react';
import { useController, type Control } from 'react-hook-form';
import { BARRIER_CODES } from '../../../domain/barriers.ts';
import { NEEDS, NEED_CODES, isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import { saveConversationBodySchema, type CaseView, type ConversationView, type SaveConversationInput } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button } from '../../ui/kit.tsx';
import { cx, ErrorMessage } from '../../ui/fields.tsx';
import { CheckboxesField, TextareaField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDateTime } from '../../ui/labels.ts';
import { reportFailure, type FormHost } from './host.ts';
import { barrierLabel, needText } from './labels.ts';
import { ConflictCallout } from './parts.tsx';

const FIELDS = {
  needs: 'conversation-needs',
  strengths: 'conversation-strengths',
  interests: 'conversation-interests',
  barriers: 'conversation-barriers',
  notes: 'conversation-notes',
};

const needInputId = (i: number) => (i === 0 ? FIELDS.needs : `conversation-need-${NEEDS[i]?.code ?? i}`);
const wordsId = (code: string) => `conversation-words-${code}`;

interface ConversationValues {
  /** The conversation's version this edit started from (moves on after a conflict is reloaded). */
  version: number;
  /** The needs that came up, each with the person's own words in `words`. */
  needs: NeedCode[];
  words: Record<NeedCode, string>;
  strengths: string;
  interests: string;
  barriers: string[];
  notes: string;
}

/** The chosen needs in the vocabulary's order (as the form lists them). */
const chosenNeeds = (v: ConversationValues) => NEEDS.filter((n) => v.needs.includes(n.code));

const conversationForm = formSchema(
  saveConversationBodySchema,
  (v: ConversationValues) => ({
    version: v.version,
    needs: chosenNeeds(v).map((n) => ({ code: n.code, words: v.words[n.code] })),
    strengths: v.strengths,
    interests: v.interests,
    barriers: v.barriers,
    notes: v.notes,
  }),
  // A need's own words (`needs.2.words`) are shown beside that need's box (`words.<code>`).
  { pathOf: (path, v) => (/^needs\.\d+\.words$/.test(path) ? `words.${chosenNeeds(v)[Number(path.split('.')[1])]?.code ?? ''}` : path) },
);

/** Problems by path: a need's own words beside its box, the rest by field. */
const conversationFieldIds = (path: string): string | undefined =>
  path.startsWith('words.') ? wordsId(path.slice('words.'.length)) : (FIELDS as Record<string, string>)[path];

function valuesFrom(data: CaseView): ConversationValues {
  const existing = data.conversation;
  const words = Object.fromEntries(NEED_CODES.map((c) => [c, ''])) as Record<NeedCode, string>;
  const needs: NeedCode[] = [];
  if (existing !== null) {
    for (const n of existing.needs) {
      needs.push(n.code);
      words[n.code] = n.words ?? '';
    }
  } else for (const code of data.referral.needs) if (isNeedCode(code) && !needs.includes(code)) needs.push(code);
  return {
    version: existing?.version ?? 0,
    needs,
    words,
    strengths: existing?.strengths ?? '',
    interests: existing?.interests ?? '',
    barriers: existing?.barriers ?? [],
    notes: existing?.notes ?? '',
  };
}

/** What they said matters, as recorded (read-only). */
export function ConversationSummary({ conversation }: { conversation: ConversationView }) {
  return (
    <div data-testid="conversation-summary">
      <h3 className="nhsuk-heading-s">Needs and concerns</h3>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {conversation.needs.map((n) => (
          <li key={n.code}>
            <strong>{needText(n.code)}</strong>
            {n.words === null ? null : <span className="lw-block lw-quote">“{n.words}”</span>}
          </li>
        ))}
      </ul>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Strengths</dt>
          <dd className="nhsuk-summary-list__value lw-pre">{conversation.strengths ?? 'Not recorded'}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Interests</dt>
          <dd className="nhsuk-summary-list__value lw-pre">{conversation.interests ?? 'Not recorded'}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Barriers to taking part</dt>
          <dd className="nhsuk-summary-list__value">
            {conversation.barriers.length === 0 ? 'None recorded' : conversation.barriers.map(barrierLabel).join(', ')}
          </dd>
        </div>
        {conversation.notes === null ? null : (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Notes</dt>
            <dd className="nhsuk-summary-list__value lw-pre">{conversation.notes}</dd>
          </div>
        )}
      </dl>
      <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
        Last updated {formatDateTime(conversation.updatedAt)}
        {conversation.updatedBy.displayName === null ? '' : ` by ${conversation.updatedBy.displayName}`} (version {conversation.version})
      </p>
    </div>
  );
}

/**
 * The "what matters to you" conversation: coded needs with their own words, strengths, interests,
 * barriers and notes. Saved against the version it was opened from, so a colleague's save in the
 * meantime is a conflict, not a silent overwrite.
 */
export function ConversationForm({ host, data, onClose }: { host: FormHost; data: CaseView; onClose: () => void }) {
  const form = useNhsForm({
    schema: conversationForm,
    defaultValues: valuesFrom(data),
    fieldIds: conversationFieldIds,
    fallbackId: FIELDS.needs,
    report: host.fail,
  });
  const [rebased, setRebased] = useState<number | null>(null);
  const err = (id: string) => errorFor(host.errors, id);

  const onSubmit = form.submitWith(async (body: SaveConversationInput) => {
    try {
      await casesApi.saveConversation(host.caseId, body);
      onClose();
      await host.done('What matters to them is saved.');
    } catch (caught) {
      reportFailure(host, caught, FIELDS, {
        what: 'the conversation',
        onReloaded: (fresh) => {
          const v = fresh.conversation?.version ?? 0;
          form.setValue('version', v);
          setRebased(v);
        },
      });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="conversation-form" aria-labelledby="conversation-heading">
      {rebased === null ? null : (
        <div className="nhsuk-inset-text" data-testid="conversation-rebased">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>The saved conversation (version {rebased}) is shown above. Your text is still in this form: check it against theirs, then save again.</p>
        </div>
      )}
      <NeedsWithWords control={form.control} error={err(FIELDS.needs)} errorFor={err} />
      <TextareaField
        control={form.control}
        name="strengths"
        id={FIELDS.strengths}
        label="Strengths"
        hint="What they are good at, who and what they can draw on"
        error={err(FIELDS.strengths)}
      />
      <TextareaField
        control={form.control}
        name="interests"
        id={FIELDS.interests}
        label="Interests"
        hint="What they enjoy or used to enjoy"
        error={err(FIELDS.interests)}
      />
      <CheckboxesField
        control={form.control}
        name="barriers"
        id={FIELDS.barriers}
        legend="Barriers to taking part"
        hint="Choose any that apply"
        small
        error={err(FIELDS.barriers)}
        items={BARRIER_CODES.map((b) => ({ value: b, label: barrierLabel(b) }))}
      />
      <TextareaField
        control={form.control}
        name="notes"
        id={FIELDS.notes}
        label="Notes (optional)"
        hint="Seen only by the case’s link workers and leads, never by providers or the referrer"
        error={err(FIELDS.notes)}
        rows={4}
      />
      <ConflictCallout host={host} what="the conversation" />
      <div className="nhsuk-button-group">
        <Button busy={form.formState.isSubmitting}>Save what matters</Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Each need as a checkbox; ticking one reveals a box for what they said about it, in their words. */
function NeedsWithWords({
  control,
  error,
  errorFor: wordsError,
}: {
  control: Control<ConversationValues, unknown, SaveConversationInput>;
  error: string | undefined;
  errorFor: (id: string) => string | undefined;
}) {
  const { field } = useController({ control, name: 'needs' });
  const words = useController({ control, name: 'words' });
  const chosen = field.value;
  const toggle = (code: NeedCode, on: boolean) => {
    field.onChange(on ? [...chosen, code] : chosen.filter((c) => c !== code));
    // Unticking forgets what was typed for it; ticking again starts afresh.
    if (!on) words.field.onChange({ ...words.field.value, [code]: '' });
  };
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <fieldset className="nhsuk-fieldset" aria-describedby={`${FIELDS.needs}-hint${error === undefined ? '' : ` ${FIELDS.needs}-error`}`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Needs and concerns</legend>
        <div className="nhsuk-hint" id={`${FIELDS.needs}-hint`}>
          Choose each one that came up, and write what they said about it in their own words.
        </div>
        {error === undefined ? null : <ErrorMessage id={`${FIELDS.needs}-error`} message={error} />}
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small lw-need-list">
          {NEEDS.map((n, i) => {
            const on = chosen.includes(n.code);
            const id = needInputId(i);
            return (
              <div key={n.code} className="lw-need-item">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id={id}
                    name="conversation-needs"
                    type="checkbox"
                    value={n.code}
                    checked={on}
                    onChange={(ev) => toggle(n.code, ev.target.checked)}
                    onBlur={field.onBlur}
                    aria-controls={on ? `${wordsId(n.code)}-wrap` : undefined}
                    aria-expanded={on}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                    {n.label}
                  </label>
                </div>
                {on ? (
                  <div className="nhsuk-checkboxes__conditional" id={`${wordsId(n.code)}-wrap`}>
                    <TextareaField
                      control={control}
                      name={`words.${n.code}`}
                      id={wordsId(n.code)}
                      label={`In their words: ${n.label.toLowerCase()} (optional)`}
                      labelSize="s"
                      compact
                      rows={2}
                      error={wordsError(wordsId(n.code))}
                    />
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
