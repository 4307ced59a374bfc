import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NeedCode } from '../../../domain/needs.ts';
import { SERVICE_CAPACITIES, updateServiceBodySchema, type ServiceDetailView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi, directoryKeys } from './directory-api.ts';
import { BackLink, Button, ErrorSummary, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { NeedCheckboxesField, RadiosField, TextField, TextareaField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { setFlash } from '../../flash.ts';
import { Link, navigate } from '../../router.tsx';
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

/** The changes against the listing the edit started from, checked by the shared update schema. */
const editForm = (base: ServiceDetailView) =>
  formSchema(updateServiceBodySchema, (v: FormValues) => ({ expectedVersion: base.version, ...changesFrom(v, valuesOf(base)) }));

/**
 * The owner's edit form. Sends only what changed, with the version it started from: if someone
 * else saved meanwhile (409 conflict) the form keeps what was typed, explains, and lets the user
 * reload the listing underneath and save again.
 */
export function EditServicePage({ id }: { id: string }) {
  const service = useQuery({ queryKey: directoryKeys.detail(id), queryFn: ({ signal }) => directoryApi.get(id, signal) });
  const failure = service.isError ? problemOf(service.error) : null;
  // The form starts from the listing as first read, and moves to a fresh one only when the user asks (after a conflict).
  const start = service.data;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to={`/directory/services/${id}`}>Back to the listing</BackLink>
        {service.isPending ? <Loading what="the listing" /> : null}
        {failure !== null && start === undefined ? (
          <>
            <PageHeading>Edit the listing</PageHeading>
            <LoadFailed message={failure.code === 'not_found' ? 'There is no such service.' : failure.message} />
          </>
        ) : null}
        {start === undefined ? null : (
          <EditForm
            initial={start}
            reload={async () => {
              const fresh = await service.refetch();
              if (fresh.isError || fresh.data === undefined) throw fresh.error ?? new Error('The listing could not be read');
              return fresh.data;
            }}
          />
        )}
      </div>
    </div>
  );
}

function EditForm({ initial, reload }: { initial: ServiceDetailView; reload: () => Promise<ServiceDetailView> }) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const form = useNhsForm({ schema: editForm(base), defaultValues: valuesOf(initial), fieldIds: FIELD_IDS, fallbackId: 'edit-name' });
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  usePageTitle(`Edit ${base.name}`, form.errors.length > 0 || conflict);

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

  const onSubmit = form.submitWith(async (body) => {
    try {
      const r = await directoryApi.update(base.id, body);
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      setFlash(
        r.outcome === 'pending'
          ? 'Your change was sent to a lead for approval. Capacity and waiting time changed at once.'
          : 'Listing saved. Link workers see the change now.',
      );
      navigate(`/directory/services/${base.id}`);
    } catch (err) {
      if (isApiError(err) && err.code === 'conflict') {
        form.fail([]);
        setConflict(true);
      } else {
        setConflict(false);
        form.failWith(err);
      }
    }
  });

  // Reload what is saved underneath: fields the user changed keep what they typed; the others take
  // the fresh values, so saving does not undo the other person's change.
  const reloadKeepingTyped = async () => {
    setReloading(true);
    try {
      const fresh = await reload();
      form.reset(mergeTyped(form.getValues(), valuesOf(base), valuesOf(fresh)));
      setBase(fresh);
      setConflict(false);
    } catch (err) {
      form.fail([{ id: 'edit-name', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' }]);
    } finally {
      setReloading(false);
    }
  };

  const err = form.errorFor;
  const c = form.control;
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
        <ErrorSummary errors={form.errors} />
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
      <form onSubmit={onSubmit} noValidate data-testid="edit-service-form">
        <h2 className="nhsuk-heading-m">Capacity now</h2>
        <RadiosField
          control={c}
          name="capacity"
          id="edit-capacity"
          legend="Can the service take new people?"
          small
          error={err('edit-capacity')}
          items={SERVICE_CAPACITIES.map((cap) => ({ value: cap, label: CAPACITY_LABELS[cap].label }))}
        />
        <TextField
          control={c}
          name="waitingWeeks"
          id="edit-waiting"
          label="Waiting time in weeks (optional)"
          hint="Roughly how long before someone new can start"
          width="width-10"
          inputMode="numeric"
          error={err('edit-waiting')}
        />

        <h2 className="nhsuk-heading-m">The listing</h2>
        <TextField control={c} name="name" id="edit-name" label="Name of the service" error={err('edit-name')} autoComplete="off" />
        <TextareaField
          control={c}
          name="description"
          id="edit-description"
          label="What it offers"
          hint="When and where, what happens, anything people should know before they go"
          error={err('edit-description')}
          rows={4}
        />
        <TextareaField
          control={c}
          name="eligibilityDescription"
          id="edit-eligibility"
          label="Who it is for (optional)"
          error={err('edit-eligibility')}
          rows={2}
        />
        <div className="lw-inline-fields">
          <TextField
            control={c}
            name="minimumAge"
            id="edit-min-age"
            label="Youngest age (optional)"
            width="width-10"
            inputMode="numeric"
            error={err('edit-min-age')}
          />
          <TextField
            control={c}
            name="maximumAge"
            id="edit-max-age"
            label="Oldest age (optional)"
            width="width-10"
            inputMode="numeric"
            error={err('edit-max-age')}
          />
        </div>
        <TextareaField
          control={c}
          name="feesDescription"
          id="edit-fees"
          label="Costs (optional)"
          hint="For example: free, or £2 a session with tea"
          error={err('edit-fees')}
          rows={2}
        />
        <RadiosField
          control={c}
          name="takesReferrals"
          id="edit-takes-referrals"
          legend="Does it take referrals through Linkwork?"
          small
          error={err('edit-takes-referrals')}
          items={[
            { value: 'yes', label: 'Yes', hint: 'Link workers send referrals to your inbox for you to accept or decline' },
            { value: 'no', label: 'No, signpost only', hint: 'People are given the details and get in touch themselves' },
          ]}
        />
        <NeedCheckboxesField
          control={c}
          name="needs"
          id="edit-needs"
          legend="What it helps with"
          hint="Link workers find services by need. Your choice replaces what Linkwork suggested from the listing’s words."
          error={err('edit-needs')}
        />

        <h2 className="nhsuk-heading-m">Contact</h2>
        <TextField control={c} name="phone" id="edit-phone" label="Phone (optional)" width="width-20" autoComplete="off" error={err('edit-phone')} />
        <TextField
          control={c}
          name="email"
          id="edit-email"
          type="email"
          label="Email (optional)"
          autoComplete="off"
          spellCheck={false}
          error={err('edit-email')}
        />
        <TextField
          control={c}
          name="url"
          id="edit-url"
          label="Website (optional)"
          hint="Starting https://"
          autoComplete="off"
          spellCheck={false}
          error={err('edit-url')}
        />

        <div className="nhsuk-button-group">
          <Button busy={form.formState.isSubmitting}>{base.editsNeedApproval ? 'Save and send for approval' : 'Save the listing'}</Button>
          <Link to={`/directory/services/${base.id}`}>Cancel</Link>
        </div>
      </form>
    </>
  );
}
