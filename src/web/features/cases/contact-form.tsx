import { useState, type FormEvent } from 'react';
import { CONTACT_GUIDANCE, CONTACT_TYPES } from '../../../domain/contacts.ts';
import { logContactBodySchema, type CaseView } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button, Radios, type FieldError } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { reportFailure, type FormHost } from './host.ts';
import { contactTypeLabel } from './labels.ts';
import { Input, SmallSelect, Textarea, nowParts } from './parts.tsx';

const FIELDS = {
  at: 'contact-date',
  time: 'contact-time',
  type: 'contact-type',
  durationMinutes: 'contact-duration',
  successful: 'contact-outcome',
  notes: 'contact-notes',
};

/** "Contacts so far 3 of 6–12", with where that sits against the guidance in words. */
export function ContactCount({ contacts }: { contacts: CaseView['contacts'] }) {
  const { successful, attempts, guidance } = contacts;
  const band = guidance.band === 'below' ? 'fewer than usual so far' : guidance.band === 'within' ? 'within the usual range' : 'more than usual';
  return (
    <p className="nhsuk-body" data-testid="contact-count">
      <strong>
        Contacts so far: {successful} of {guidance.min}–{guidance.max}
      </strong>{' '}
      <span className="nhsuk-u-secondary-text-colour">
        ({band}; NHS England suggests {CONTACT_GUIDANCE.min} to {CONTACT_GUIDANCE.max} over about 3 months)
      </span>
      {attempts > 0 ? (
        <span className="lw-block">
          {attempts} {attempts === 1 ? 'attempt' : 'attempts'} that did not reach them
        </span>
      ) : null}
    </p>
  );
}

/** Log a contact or an attempt: when, how, how long, whether it reached the person, notes. */
export function ContactForm({ host }: { host: FormHost }) {
  const start = nowParts();
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [type, setType] = useState('');
  const [duration, setDuration] = useState('');
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const err = (id: string) => errorFor(host.errors, id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldError[] = [];
    let when = date !== '' && time !== '' ? new Date(`${date}T${time}`) : null;
    // "Now" as the form offers it is to the minute: send the real instant, so the timeline keeps order.
    const now = new Date();
    if (when !== null && Math.floor(when.getTime() / 60_000) === Math.floor(now.getTime() / 60_000)) when = now;
    if (date === '') local.push({ id: FIELDS.at, message: 'Enter the date of the contact' });
    else if (when === null || Number.isNaN(when.getTime())) local.push({ id: FIELDS.at, message: 'Enter a real date, for example 21/11/2026' });
    else if (when.getTime() > Date.now() + 60_000) local.push({ id: FIELDS.at, message: 'The contact must be today or in the past' });
    if (time === '' && date !== '') local.push({ id: FIELDS.time, message: 'Enter the time of the contact' });
    if (type === '') local.push({ id: FIELDS.type, message: 'Choose how you made contact' });
    const minutes = duration.trim() === '' ? null : Number(duration.trim());
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 0 || minutes > 720))
      local.push({ id: FIELDS.durationMinutes, message: 'Enter the duration in whole minutes, from 0 to 720' });
    if (outcome === '') local.push({ id: FIELDS.successful, message: 'Say whether you reached them' });
    if (local.length > 0 || when === null) {
      host.fail(local);
      return;
    }
    const parsed = logContactBodySchema.safeParse({ at: when.toISOString(), type, durationMinutes: minutes, successful: outcome === 'successful', notes });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'at');
      host.fail([{ id: FIELDS[field as keyof typeof FIELDS] ?? FIELDS.at, message: issue?.message ?? 'Check the contact' }]);
      return;
    }
    setBusy(true);
    try {
      const r = await casesApi.logContact(host.caseId, parsed.data);
      const reached = parsed.data.successful;
      const suggestion =
        r.suggestedDischarge === 'unable_to_contact' ? ' That is 3 attempts without reaching them: you may discharge the case as “Unable to contact”.' : '';
      setType('');
      setDuration('');
      setOutcome('');
      setNotes('');
      const fresh = nowParts();
      setDate(fresh.date);
      setTime(fresh.time);
      await host.done(`${reached ? 'Contact' : 'Attempt'} logged: ${contactTypeLabel(parsed.data.type).toLowerCase()}.${suggestion}`);
    } catch (caught) {
      reportFailure(host, caught, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="contact-form" aria-labelledby="log-contact-heading">
      <div className="lw-inline-fields">
        <Input id={FIELDS.at} label="Date" type="date" value={date} onChange={setDate} error={err(FIELDS.at)} />
        <Input id={FIELDS.time} label="Time" type="time" value={time} onChange={setTime} error={err(FIELDS.time)} />
        <Input
          id={FIELDS.durationMinutes}
          label="Minutes (optional)"
          type="text"
          inputMode="numeric"
          width="width-4"
          value={duration}
          onChange={setDuration}
          error={err(FIELDS.durationMinutes)}
        />
      </div>
      <SmallSelect
        id={FIELDS.type}
        label="How"
        value={type}
        onChange={setType}
        error={err(FIELDS.type)}
        options={[{ value: '', label: 'Choose how' }, ...CONTACT_TYPES.map((t) => ({ value: t, label: contactTypeLabel(t) }))]}
      />
      <Radios
        id={FIELDS.successful}
        legend="Did you reach them?"
        value={outcome}
        onChange={setOutcome}
        error={err(FIELDS.successful)}
        small
        items={[
          { value: 'successful', label: 'Yes, we spoke or met' },
          { value: 'attempted', label: 'No, attempted only', hint: 'No answer, not in, message left' },
        ]}
      />
      <Textarea
        id={FIELDS.notes}
        label="Notes (optional)"
        hint="Seen only by the case’s link workers and leads"
        value={notes}
        onChange={setNotes}
        error={err(FIELDS.notes)}
      />
      <Button busy={busy}>Log contact</Button>
    </form>
  );
}
