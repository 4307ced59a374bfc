import { useState, type FormEvent } from 'react';
import { BARRIER_CODES } from '../../../domain/barriers.ts';
import { NEEDS, isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import { saveConversationBodySchema, type CaseView, type ConversationView } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button, Checkboxes, type FieldError } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { formatDateTime } from '../../ui/labels.ts';
import { reportFailure, type FormHost } from './host.ts';
import { barrierLabel, needText } from './labels.ts';
import { ConflictCallout, Textarea } from './parts.tsx';

const FIELDS = {
  needs: 'conversation-needs',
  strengths: 'conversation-strengths',
  interests: 'conversation-interests',
  barriers: 'conversation-barriers',
  notes: 'conversation-notes',
};

const needInputId = (i: number) => (i === 0 ? FIELDS.needs : `conversation-need-${NEEDS[i]?.code ?? i}`);

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
  const existing = data.conversation;
  const [basedOn, setBasedOn] = useState(existing?.version ?? 0);
  const [words, setWords] = useState<Partial<Record<NeedCode, string>>>(() => {
    const out: Partial<Record<NeedCode, string>> = {};
    if (existing !== null) for (const n of existing.needs) out[n.code] = n.words ?? '';
    else for (const code of data.referral.needs) if (isNeedCode(code)) out[code] = '';
    return out;
  });
  const [strengths, setStrengths] = useState(existing?.strengths ?? '');
  const [interests, setInterests] = useState(existing?.interests ?? '');
  const [barriers, setBarriers] = useState<string[]>(existing?.barriers ?? []);
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [busy, setBusy] = useState(false);
  const [rebased, setRebased] = useState<number | null>(null);
  const err = (id: string) => errorFor(host.errors, id);

  const chosen = NEEDS.filter((n) => words[n.code] !== undefined);
  const toggle = (code: NeedCode, on: boolean) =>
    setWords((w) => {
      const next = { ...w };
      if (on) next[code] = next[code] ?? '';
      else delete next[code];
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = saveConversationBodySchema.safeParse({
      version: basedOn,
      needs: chosen.map((n) => ({ code: n.code, words: words[n.code] ?? '' })),
      strengths,
      interests,
      barriers,
      notes,
    });
    if (!parsed.success) {
      const errors: FieldError[] = [];
      for (const issue of parsed.error.issues) {
        const [field, index, sub] = issue.path;
        let id = FIELDS[String(field) as keyof typeof FIELDS] ?? FIELDS.needs;
        if (field === 'needs' && typeof index === 'number' && sub === 'words') id = `conversation-words-${chosen[index]?.code ?? ''}`;
        if (!errors.some((x) => x.id === id)) errors.push({ id, message: issue.message });
      }
      host.fail(errors);
      return;
    }
    setBusy(true);
    try {
      await casesApi.saveConversation(host.caseId, parsed.data);
      onClose();
      await host.done('What matters to them is saved.');
    } catch (caught) {
      reportFailure(host, caught, FIELDS, {
        what: 'the conversation',
        onReloaded: (fresh) => {
          const v = fresh.conversation?.version ?? 0;
          setBasedOn(v);
          setRebased(v);
        },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="conversation-form" aria-labelledby="conversation-heading">
      {rebased === null ? null : (
        <div className="nhsuk-inset-text" data-testid="conversation-rebased">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>The saved conversation (version {rebased}) is shown above. Your text is still in this form: check it against theirs, then save again.</p>
        </div>
      )}
      <div className={`nhsuk-form-group${err(FIELDS.needs) === undefined ? '' : ' nhsuk-form-group--error'}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={`${FIELDS.needs}-hint${err(FIELDS.needs) === undefined ? '' : ` ${FIELDS.needs}-error`}`}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Needs and concerns</legend>
          <div className="nhsuk-hint" id={`${FIELDS.needs}-hint`}>
            Choose each one that came up, and write what they said about it in their own words.
          </div>
          {err(FIELDS.needs) === undefined ? null : (
            <span className="nhsuk-error-message" id={`${FIELDS.needs}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {err(FIELDS.needs)}
            </span>
          )}
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small lw-need-list">
            {NEEDS.map((n, i) => {
              const on = words[n.code] !== undefined;
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
                      aria-controls={on ? `conversation-words-${n.code}-wrap` : undefined}
                      aria-expanded={on}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                      {n.label}
                    </label>
                  </div>
                  {on ? (
                    <div className="nhsuk-checkboxes__conditional" id={`conversation-words-${n.code}-wrap`}>
                      <Textarea
                        id={`conversation-words-${n.code}`}
                        label={`In their words: ${n.label.toLowerCase()} (optional)`}
                        small
                        rows={2}
                        value={words[n.code] ?? ''}
                        onChange={(v) => setWords((w) => ({ ...w, [n.code]: v }))}
                        error={err(`conversation-words-${n.code}`)}
                      />
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      <Textarea
        id={FIELDS.strengths}
        label="Strengths"
        hint="What they are good at, who and what they can draw on"
        value={strengths}
        onChange={setStrengths}
        error={err(FIELDS.strengths)}
      />
      <Textarea
        id={FIELDS.interests}
        label="Interests"
        hint="What they enjoy or used to enjoy"
        value={interests}
        onChange={setInterests}
        error={err(FIELDS.interests)}
      />
      <Checkboxes
        id={FIELDS.barriers}
        legend="Barriers to taking part"
        hint="Choose any that apply"
        small
        values={barriers}
        onChange={setBarriers}
        error={err(FIELDS.barriers)}
        items={BARRIER_CODES.map((b) => ({ value: b, label: barrierLabel(b) }))}
      />
      <Textarea
        id={FIELDS.notes}
        label="Notes (optional)"
        hint="Seen only by the case’s link workers and leads, never by providers or the referrer"
        value={notes}
        onChange={setNotes}
        error={err(FIELDS.notes)}
        rows={4}
      />
      <ConflictCallout host={host} what="the conversation" />
      <div className="nhsuk-button-group">
        <Button busy={busy}>Save what matters</Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
