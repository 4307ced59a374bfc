import { CONTACT_GUIDANCE, CONTACT_TYPES } from '../../../domain/contacts.ts';
import { logContactBodySchema, type CaseView } from '../../../domain/schemas/cases.ts';
import { casesApi } from './cases-api.ts';
import { Button } from '../../ui/kit.tsx';
import { RadiosField, SelectField, TextField, TextareaField, IsoDateField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { reportFailure, type FormHost } from './host.ts';
import { contactTypeLabel } from './labels.ts';
import { nowParts } from './parts.tsx';

const FIELDS = {
  at: 'contact-date',
  time: 'contact-time',
  type: 'contact-type',
  durationMinutes: 'contact-duration',
  successful: 'contact-outcome',
  notes: 'contact-notes',
};

interface ContactValues {
  date: string;
  time: string;
  type: string;
  durationMinutes: string;
  successful: '' | 'successful' | 'attempted';
  notes: string;
}

const contactForm = formSchema(
  logContactBodySchema,
  (v: ContactValues, problem) => {
    let when = v.date !== '' && v.time !== '' ? new Date(`${v.date}T${v.time}`) : null;
    // "Now" as the form offers it is to the minute: send the real instant, so the timeline keeps order.
    const now = new Date();
    if (when !== null && Math.floor(when.getTime() / 60_000) === Math.floor(now.getTime() / 60_000)) when = now;
    if (v.date === '') problem('at', 'Enter the date of the contact');
    else if (when === null || Number.isNaN(when.getTime())) problem('at', 'Enter a real date, for example 21/11/2026');
    else if (when.getTime() > Date.now() + 60_000) problem('at', 'The contact must be today or in the past');
    if (v.time === '' && v.date !== '') problem('time', 'Enter the time of the contact');
    const minutes = v.durationMinutes.trim() === '' ? null : Number(v.durationMinutes.trim());
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 0 || minutes > 720))
      problem('durationMinutes', 'Enter the duration in whole minutes, from 0 to 720');
    return {
      at: when === null || Number.isNaN(when.getTime()) ? undefined : when.toISOString(),
      type: v.type === '' ? undefined : v.type,
      durationMinutes: minutes,
      successful: v.successful === '' ? undefined : v.successful === 'successful',
      notes: v.notes,
    };
  },
  { messages: { successful: 'Say whether you reached them' } },
);

const freshValues = (): ContactValues => {
  const now = nowParts();
  return { date: now.date, time: now.time, type: '', durationMinutes: '', successful: '', notes: '' };
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
  const form = useNhsForm({ schema: contactForm, defaultValues: freshValues(), fieldIds: FIELDS, report: host.fail });
  const err = (id: string) => errorFor(host.errors, id);

  const onSubmit = form.submitWith(async (body) => {
    try {
      const r = await casesApi.logContact(host.caseId, body);
      const suggestion =
        r.suggestedDischarge === 'unable_to_contact' ? ' That is 3 attempts without reaching them: you may discharge the case as “Unable to contact”.' : '';
      form.reset(freshValues());
      await host.done(`${body.successful ? 'Contact' : 'Attempt'} logged: ${contactTypeLabel(body.type).toLowerCase()}.${suggestion}`);
    } catch (caught) {
      reportFailure(host, caught, FIELDS);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="contact-form" aria-labelledby="log-contact-heading">
      <div className="lw-inline-fields">
        <IsoDateField control={form.control} name="date" id={FIELDS.at} legend="Date" error={err(FIELDS.at)} />
        <TextField control={form.control} name="time" id={FIELDS.time} label="Time" type="time" error={err(FIELDS.time)} />
        <TextField
          control={form.control}
          name="durationMinutes"
          id={FIELDS.durationMinutes}
          label="Minutes (optional)"
          inputMode="numeric"
          width="width-4"
          error={err(FIELDS.durationMinutes)}
        />
      </div>
      <SelectField
        control={form.control}
        name="type"
        id={FIELDS.type}
        label="How"
        error={err(FIELDS.type)}
        options={[{ value: '', label: 'Choose how' }, ...CONTACT_TYPES.map((t) => ({ value: t, label: contactTypeLabel(t) }))]}
      />
      <RadiosField
        control={form.control}
        name="successful"
        id={FIELDS.successful}
        legend="Did you reach them?"
        error={err(FIELDS.successful)}
        small
        items={[
          { value: 'successful', label: 'Yes, we spoke or met' },
          { value: 'attempted', label: 'No, attempted only', hint: 'No answer, not in, message left' },
        ]}
      />
      <TextareaField
        control={form.control}
        name="notes"
        id={FIELDS.notes}
        label="Notes (optional)"
        hint="Seen only by the case’s link workers and leads"
        error={err(FIELDS.notes)}
      />
      <Button busy={form.formState.isSubmitting}>Log contact</Button>
    </form>
  );
}
