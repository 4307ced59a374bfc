import { useState, type FormEvent } from 'react';
import type { NeedCode } from '../../../domain/needs.ts';
import { SERVICE_CAPACITIES, updateServiceBodySchema, type ServiceDetailView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { directoryApi, type UpdateServiceBody } from './directory-api.ts';
import { BackLink, Button, ErrorSummary, LoadFailed, Loading, PageHeading, Radios, TextInput, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { setFlash } from '../../flash.ts';
import { apiEntries, errorOf, errorsByPath, NeedCheckboxes, Textarea, zodEntries } from '../intake/intake-ui.tsx';
import { Link, navigate } from '../../router.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { CAPACITY_LABELS } from './labels.ts';

interface FormValues {
  name: string;
  description: string;
  eligibilityDescription: string;
  minimumAge: string;
  maximumAge: string;
  feesDescription: string;
  capacity: string;
  waitingWeeks: string;
  takesReferrals: string;
  needs: NeedCode[];
  email: string;
  url: string;
  phone: string;
}

const FIELD_IDS: Record<string, string> = {
  name: 'edit-name',
  description: 'edit-description',
  eligibilityDescription: 'edit-eligibility',
  minimumAge: 'edit-min-age',
  maximumAge: 'edit-max-age',
  feesDescription: 'edit-fees',
  capacity: 'edit-capacity',
  waitingWeeks: 'edit-waiting',
  takesReferrals: 'edit-takes-referrals',
  needs: 'edit-needs',
  phone: 'edit-phone',
  email: 'edit-email',
  url: 'edit-url',
};

const text = (v: string | null): string => v ?? '';
const num = (v: number | null): string => (v === null ? '' : String(v));

function valuesOf(s: ServiceDetailView): FormValues {
  return {
    name: s.name,
    description: text(s.description),
    eligibilityDescription: text(s.eligibilityDescription),
    minimumAge: num(s.minimumAge),
    maximumAge: num(s.maximumAge),
    feesDescription: text(s.feesDescription),
    capacity: s.capacity,
    waitingWeeks: num(s.waitingWeeks),
    takesReferrals: s.takesReferrals ? 'yes' : 'no',
    needs: s.needs.map((n) => n.code),
    email: text(s.email),
    url: text(s.url),
    phone: s.phones[0]?.number ?? '',
  };
}

/** A typed number, or null when empty, or the text itself (so the schema says what is wrong). */
const asNumber = (v: string): number | null | string => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v);
const sameNeeds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only what the user changed, compared with the listing as last loaded. */
function changesFrom(v: FormValues, base: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'description', 'eligibilityDescription', 'feesDescription', 'email', 'url', 'phone'] as const)
    if (v[k].trim() !== base[k].trim()) out[k] = v[k];
  for (const k of ['minimumAge', 'maximumAge', 'waitingWeeks'] as const) if (v[k].trim() !== base[k].trim()) out[k] = asNumber(v[k]);
  if (v.capacity !== base.capacity) out['capacity'] = v.capacity;
  if (v.takesReferrals !== base.takesReferrals) out['takesReferrals'] = v.takesReferrals === 'yes';
  if (!sameNeeds(v.needs, base.needs)) out['needs'] = v.needs;
  return out;
}

/** What the user typed over what was saved: their changed fields win, untouched ones follow `fresh`. */
function mergeTyped(typed: FormValues, oldBase: FormValues, fresh: FormValues): FormValues {
  const changed = changesFrom(typed, oldBase);
  const out: FormValues = { ...fresh };
  for (const k of Object.keys(changed) as (keyof FormValues)[]) (out as unknown as Record<string, unknown>)[k] = typed[k];
  return out;
}

/**
 * The owner's edit form. Sends only what changed, with the version it started from: if someone
 * else saved meanwhile (409 conflict) the form keeps what was typed, explains, and lets the user
 * reload the listing underneath and save again.
 */
export function EditServicePage({ id }: { id: string }) {
  const [loaded] = useLoad((signal) => directoryApi.get(id, signal), [id]);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to={`/directory/services/${id}`}>Back to the listing</BackLink>
        {loaded.status === 'loading' ? <Loading what="the listing" /> : null}
        {loaded.status === 'failed' ? (
          <>
            <PageHeading>Edit the listing</PageHeading>
            <LoadFailed message={loaded.code === 'not_found' ? 'There is no such service.' : loaded.message} />
          </>
        ) : null}
        {loaded.status === 'ok' ? <EditForm initial={loaded.data} /> : null}
      </div>
    </div>
  );
}

function EditForm({ initial }: { initial: ServiceDetailView }) {
  const [base, setBase] = useState(initial);
  const [v, setV] = useState<FormValues>(() => valuesOf(initial));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reloading, setReloading] = useState(false);
  usePageTitle(`Edit ${base.name}`, errors.length > 0 || conflict);
  const set =
    <K extends keyof FormValues>(k: K) =>
    (value: FormValues[K]) =>
      setV((old) => ({ ...old, [k]: value }));

  if (!base.mayManage) {
    return (
      <>
        <PageHeading>Edit the listing</PageHeading>
        <p className="nhsuk-body">
          Only the organisation that runs this service, and leads, can change its listing. You can report a problem with it from its page instead.
        </p>
      </>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes = changesFrom(v, valuesOf(base));
    const parsed = updateServiceBodySchema.safeParse({ expectedVersion: base.version, ...changes });
    if (!parsed.success) {
      setConflict(false);
      setErrors(errorsByPath(zodEntries(parsed.error), FIELD_IDS, 'edit-name'));
      return;
    }
    setBusy(true);
    try {
      const body: UpdateServiceBody = parsed.data;
      const r = await directoryApi.update(base.id, body);
      setFlash(
        r.outcome === 'pending'
          ? 'Your change was sent to a lead for approval. Capacity and waiting time changed at once.'
          : 'Listing saved. Link workers see the change now.',
      );
      navigate(`/directory/services/${base.id}`);
    } catch (err) {
      if (isApiError(err) && err.code === 'conflict') {
        setErrors([]);
        setConflict(true);
      } else {
        setConflict(false);
        setErrors(
          isApiError(err)
            ? errorsByPath(apiEntries(err).length > 0 ? apiEntries(err) : [['name', err.message]], FIELD_IDS, 'edit-name')
            : [{ id: 'edit-name', message: 'Something went wrong. Try again.' }],
        );
      }
    } finally {
      setBusy(false);
    }
  };

  // Reload what is saved underneath: fields the user changed keep what they typed; the others take
  // the fresh values, so saving does not undo the other person's change.
  const reloadKeepingTyped = async () => {
    setReloading(true);
    try {
      const fresh = await directoryApi.get(base.id);
      setV((typedNow) => mergeTyped(typedNow, valuesOf(base), valuesOf(fresh)));
      setBase(fresh);
      setConflict(false);
    } catch (err) {
      setErrors([{ id: 'edit-name', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
    } finally {
      setReloading(false);
    }
  };

  return (
    <>
      {conflict ? (
        <ErrorSummary errors={[]} title="Someone else changed this listing">
          <p data-testid="conflict-message">
            Someone saved a change to this listing while you were editing. What you typed is still below. Reload the listing to build on their change, check
            your changes, then save again.
          </p>
          <Button type="button" variant="secondary" small busy={reloading} onClick={() => void reloadKeepingTyped()}>
            Reload the listing, keep what I typed
          </Button>
        </ErrorSummary>
      ) : (
        <ErrorSummary errors={errors} />
      )}
      <PageHeading caption={base.organisation.name}>Edit {base.name}</PageHeading>
      {base.editsNeedApproval ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>A lead approves changes to listings before link workers see them. Capacity and waiting time change at once.</p>
        </div>
      ) : null}
      {base.pendingEdit === null ? null : (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>A change is waiting for approval
            </span>
          </h2>
          <p>Saving replaces the change already waiting for a lead.</p>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="edit-service-form">
        <h2 className="nhsuk-heading-m">Capacity now</h2>
        <Radios
          id="edit-capacity"
          legend="Can the service take new people?"
          small
          value={v.capacity}
          onChange={set('capacity')}
          error={errorOf(errors, 'edit-capacity')}
          items={SERVICE_CAPACITIES.map((c) => ({ value: c, label: CAPACITY_LABELS[c].label }))}
        />
        <TextInput
          id="edit-waiting"
          label="Waiting time in weeks (optional)"
          hint="Roughly how long before someone new can start"
          value={v.waitingWeeks}
          onChange={set('waitingWeeks')}
          width="width-10"
          inputMode="numeric"
          error={errorOf(errors, 'edit-waiting')}
        />

        <h2 className="nhsuk-heading-m">The listing</h2>
        <TextInput id="edit-name" label="Name of the service" value={v.name} onChange={set('name')} error={errorOf(errors, 'edit-name')} autoComplete="off" />
        <Textarea
          id="edit-description"
          label="What it offers"
          hint="When and where, what happens, anything people should know before they go"
          value={v.description}
          onChange={set('description')}
          error={errorOf(errors, 'edit-description')}
          rows={4}
        />
        <Textarea
          id="edit-eligibility"
          label="Who it is for (optional)"
          value={v.eligibilityDescription}
          onChange={set('eligibilityDescription')}
          error={errorOf(errors, 'edit-eligibility')}
          rows={2}
        />
        <div className="lw-inline-fields">
          <TextInput
            id="edit-min-age"
            label="Youngest age (optional)"
            value={v.minimumAge}
            onChange={set('minimumAge')}
            width="width-10"
            inputMode="numeric"
            error={errorOf(errors, 'edit-min-age')}
          />
          <TextInput
            id="edit-max-age"
            label="Oldest age (optional)"
            value={v.maximumAge}
            onChange={set('maximumAge')}
            width="width-10"
            inputMode="numeric"
            error={errorOf(errors, 'edit-max-age')}
          />
        </div>
        <Textarea
          id="edit-fees"
          label="Costs (optional)"
          hint="For example: free, or £2 a session with tea"
          value={v.feesDescription}
          onChange={set('feesDescription')}
          error={errorOf(errors, 'edit-fees')}
          rows={2}
        />
        <Radios
          id="edit-takes-referrals"
          legend="Does it take referrals through Linkwork?"
          small
          value={v.takesReferrals}
          onChange={set('takesReferrals')}
          error={errorOf(errors, 'edit-takes-referrals')}
          items={[
            { value: 'yes', label: 'Yes', hint: 'Link workers send referrals to your inbox for you to accept or decline' },
            { value: 'no', label: 'No, signpost only', hint: 'People are given the details and get in touch themselves' },
          ]}
        />
        <NeedCheckboxes
          id="edit-needs"
          legend="What it helps with"
          hint="Link workers find services by need. Your choice replaces what Linkwork suggested from the listing’s words."
          values={v.needs}
          onChange={set('needs')}
          error={errorOf(errors, 'edit-needs')}
        />

        <h2 className="nhsuk-heading-m">Contact</h2>
        <TextInput
          id="edit-phone"
          label="Phone (optional)"
          value={v.phone}
          onChange={set('phone')}
          width="width-20"
          autoComplete="off"
          error={errorOf(errors, 'edit-phone')}
        />
        <TextInput
          id="edit-email"
          type="email"
          label="Email (optional)"
          value={v.email}
          onChange={set('email')}
          autoComplete="off"
          spellCheck={false}
          error={errorOf(errors, 'edit-email')}
        />
        <TextInput
          id="edit-url"
          label="Website (optional)"
          hint="Starting https://"
          value={v.url}
          onChange={set('url')}
          autoComplete="off"
          spellCheck={false}
          error={errorOf(errors, 'edit-url')}
        />

        <div className="nhsuk-button-group">
          <Button busy={busy}>{base.editsNeedApproval ? 'Save and send for approval' : 'Save the listing'}</Button>
          <Link to={`/directory/services/${base.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  );
}
