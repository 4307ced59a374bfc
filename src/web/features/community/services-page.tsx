import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { needLabel, type NeedCode } from '../../../domain/needs.ts';
import { createServiceBodySchema, type ServiceStatsView } from '../../../domain/schemas/community.ts';
import type { DirectoryListItemView } from '../../../domain/schemas/directory.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi } from '../directory/directory-api.ts';
import { intakeApi, intakeKeys } from '../intake/intake-api.ts';
import { organisationsApi } from '../organisations/organisations-api.ts';
import { BackLink, Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { NeedCheckboxesField, RadiosField, SelectField, TextField, TextareaField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { Table } from '../../ui/table.tsx';
import { setFlash, takeFlash } from '../../flash.ts';
import { orUndefined } from '../intake/labels.ts';
import { Link, navigate } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { capacityColour, capacityText } from '../directory/labels.ts';
import { compareNames } from '../../../domain/name-order.ts';

/**
 * The services a provider runs (or, for leads and administrators, every service), with each
 * service's figures (referrals received, acceptance rate, median time to reply), and a form to add
 * one. Each name opens the full listing in the directory, where it is edited and kept fresh.
 * Providers add services for their own organisation; leads and administrators for any VCSE organisation.
 */

interface Org {
  id: string;
  name: string;
}

/** The provider's own VCSE organisations (from their scope), if they are a provider. */
function useOwnOrgs(): Org[] | null {
  const me = useMe();
  if (me.user.role !== 'provider') return null;
  return me.scope.organisations.filter((o) => o.kind === 'vcse').map((o) => ({ id: o.id, name: o.name }));
}

function percent(rate: number | null): string {
  return rate === null ? 'none answered yet' : `${Math.round(rate * 100)}% accepted`;
}

function hours(h: number | null): string | null {
  if (h === null) return null;
  if (h < 1) return 'median reply under an hour';
  if (h < 48) return `median reply ${Math.round(h)} ${Math.round(h) === 1 ? 'hour' : 'hours'}`;
  return `median reply ${Math.round(h / 24)} days`;
}

function Figures({ stats }: { stats: ServiceStatsView | undefined }) {
  if (stats === undefined) return <span className="nhsuk-u-secondary-text-colour">Not available</span>;
  const reply = hours(stats.medianResponseHours);
  return (
    <span data-testid="service-figures">
      {stats.received} received
      {stats.received === 0 ? '' : `, ${percent(stats.acceptanceRate)}`}
      {reply === null ? '' : `, ${reply}`}
    </span>
  );
}

/** What needs the owner's attention on a listing: capacity other than open, stale, problems reported. */
function ListingFlags({ listing }: { listing: DirectoryListItemView | undefined }) {
  if (listing === undefined) return null;
  const flags = [
    listing.capacity === 'open' ? null : (
      <Tag key="capacity" colour={capacityColour(listing.capacity)}>
        {capacityText(listing.capacity, listing.waitingWeeks)}
      </Tag>
    ),
    listing.stale ? (
      <Tag key="stale" colour="orange">
        Not checked recently
      </Tag>
    ) : null,
    listing.openProblems > 0 ? (
      <Tag key="problems" colour="red">
        {listing.openProblems === 1 ? '1 problem reported' : `${listing.openProblems} problems reported`}
      </Tag>
    ) : null,
  ].filter((f) => f !== null);
  if (flags.length === 0) return null;
  return (
    <span className="lw-block" data-testid="listing-flags">
      {flags.map((f, i) => (
        <span key={i} className={i === 0 ? undefined : 'lw-tag-gap'}>
          {f}
        </span>
      ))}
    </span>
  );
}

/** Each service with its figures (aggregate: a service whose figures cannot be read still lists) and its directory listing's flags. */
async function loadServices(organisationId: string | undefined, own: boolean, signal: AbortSignal) {
  const { services } = await intakeApi.listServices(organisationId === undefined ? {} : { organisationId }, signal);
  const sorted = [...services].sort((a, b) => compareNames(a.organisationName, b.organisationName) || compareNames(a.name, b.name));
  const stats = await Promise.all(
    sorted.map((s) => (s.takesReferrals ? intakeApi.serviceStats(s.id, signal).catch(() => undefined) : Promise.resolve(undefined))),
  );
  // Freshness, capacity and open problems from the directory (a provider's own listings, else the first 200).
  const listings = await directoryApi.list(own ? { mine: 'true', limit: 200 } : { limit: 200 }, signal).catch(() => undefined);
  return { services: sorted, stats: new Map(sorted.map((s, i) => [s.id, stats[i]])), listings: new Map((listings?.services ?? []).map((l) => [l.id, l])) };
}

export function ServicesPage() {
  usePageTitle('Services');
  const can = useCan();
  const own = useOwnOrgs();
  const [flash] = useState<string | null>(() => takeFlash());
  const onlyOwn = own !== null && own.length === 1 ? own[0] : undefined;
  const loaded = useQuery({
    queryKey: intakeKeys.services(onlyOwn?.id),
    queryFn: ({ signal }) => loadServices(onlyOwn?.id, own !== null, signal),
  });

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="services-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      <PageHeading>Services</PageHeading>
      <p className="nhsuk-body">
        {onlyOwn === undefined
          ? 'Community services link workers can refer or signpost people to.'
          : `Services run by ${onlyOwn.name} that link workers can refer or signpost people to.`}{' '}
        Open a service to edit its listing, keep capacity and waiting time current, or confirm it is still right; the <Link to="/directory">directory</Link> has
        every listing.
      </p>
      {can('service:manage') ? (
        <p className="nhsuk-body">
          <Link className="nhsuk-button" to="/services/new" data-testid="add-service-link">
            Add a service
          </Link>
        </p>
      ) : null}
      {loaded.isPending ? <Loading what="services" /> : null}
      {loaded.isError ? <LoadFailed message={problemOf(loaded.error).message} /> : null}
      {loaded.isSuccess && loaded.data.services.length === 0 ? <p className="nhsuk-body">No services have been added yet.</p> : null}
      {loaded.isSuccess && loaded.data.services.length > 0 ? (
        <Table
          responsive
          testId="services-table"
          caption="Services"
          captionStyle="hidden"
          rows={loaded.data.services}
          rowKey={(s) => s.id}
          rowAttributes={() => ({ 'data-testid': 'service-row' })}
          columns={[
            {
              key: 'service',
              header: 'Service',
              cell: (s) => (
                <>
                  <span className="lw-block">
                    <strong>
                      <Link to={`/directory/services/${s.id}`}>{s.name}</Link>
                    </strong>
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{s.organisationName}</span>
                  <ListingFlags listing={loaded.data.listings.get(s.id)} />
                  {s.description === null ? null : <span className="lw-block nhsuk-u-font-size-16">{s.description}</span>}
                </>
              ),
            },
            { key: 'needs', header: 'Helps with', cell: (s) => s.needs.map(needLabel).join(', ') },
            {
              key: 'referrals',
              header: 'Referrals',
              cell: (s) =>
                s.takesReferrals ? (
                  <>
                    <span className="lw-block lw-nowrap">
                      <Tag colour="green">Takes referrals</Tag>
                    </span>
                    <span className="lw-block nhsuk-u-font-size-16">
                      <Figures stats={loaded.data.stats.get(s.id)} />
                    </span>
                  </>
                ) : (
                  <span className="lw-nowrap">
                    <Tag colour="grey">Signpost only</Tag>
                  </span>
                ),
            },
          ]}
        />
      ) : null}
    </>
  );
}

const FIELD_IDS: Record<string, string> = {
  organisationId: 'organisationId',
  name: 'name',
  description: 'description',
  needs: 'needs',
  takesReferrals: 'takesReferrals',
};

/**
 * The VCSE organisations a lead or administrator may add a service for: those they can see, plus
 * any that already run a service (a lead's own scope holds no VCSE organisations).
 */
async function loadVcseOrgs(signal: AbortSignal): Promise<Org[]> {
  const [{ organisations }, { services }] = await Promise.all([organisationsApi.list(signal), intakeApi.listServices({}, signal)]);
  const byId = new Map<string, string>();
  for (const o of organisations) if (o.kind === 'vcse') byId.set(o.id, o.name);
  for (const s of services) if (!byId.has(s.organisationId)) byId.set(s.organisationId, s.organisationName);
  return [...byId.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => compareNames(a.name, b.name));
}

interface ServiceValues {
  organisationId: string;
  name: string;
  description: string;
  needs: NeedCode[];
  takesReferrals: '' | 'yes' | 'no';
}

/** A new service, run by the one organisation the user can add for (when there is only one). */
const serviceForm = (onlyOrganisationId: string | undefined) =>
  formSchema(
    createServiceBodySchema,
    (v: ServiceValues) => ({
      organisationId: onlyOrganisationId ?? v.organisationId,
      name: v.name,
      description: orUndefined(v.description),
      needs: v.needs,
      takesReferrals: v.takesReferrals === '' ? undefined : v.takesReferrals === 'yes',
    }),
    { messages: { organisationId: 'Choose the organisation that runs the service', takesReferrals: 'Say whether the service takes referrals' } },
  );

export function CreateServicePage() {
  const queryClient = useQueryClient();
  const own = useOwnOrgs();
  const orgs = useQuery({
    queryKey: [...intakeKeys.serviceOrganisations(), own === null ? 'any' : 'own'],
    queryFn: ({ signal }) => (own === null ? loadVcseOrgs(signal) : Promise.resolve(own)),
  });
  const only = orgs.data?.length === 1 ? orgs.data[0] : undefined;
  const form = useNhsForm({
    schema: serviceForm(only?.id),
    defaultValues: { organisationId: '', name: '', description: '', needs: [], takesReferrals: '' },
    fieldIds: FIELD_IDS,
    fallbackId: 'name',
  });
  usePageTitle('Add a service', form.errors.length > 0);

  const onSubmit = form.submitWith(async (body) => {
    const created = await intakeApi.createService(body);
    await queryClient.invalidateQueries({ queryKey: intakeKeys.all });
    setFlash(`Service added: ${created.name}. Link workers can now find it.`);
    navigate('/services');
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/services">Back to services</BackLink>
        <ErrorSummary errors={form.errors} />
        <PageHeading>Add a service</PageHeading>
        {orgs.isPending ? <Loading what="organisations" /> : null}
        {orgs.isError ? <LoadFailed message={problemOf(orgs.error).message} /> : null}
        <form onSubmit={onSubmit} noValidate data-testid="service-form">
          {orgs.isSuccess && only !== undefined ? (
            <p className="nhsuk-body" id="organisationId" tabIndex={-1}>
              Run by <strong>{only.name}</strong>
            </p>
          ) : null}
          {orgs.isSuccess && only === undefined ? (
            orgs.data.length === 0 ? (
              <p className="nhsuk-body" id="organisationId" tabIndex={-1}>
                There are no voluntary or community organisations you can add a service for. Ask your Linkwork administrator.
              </p>
            ) : (
              <SelectField
                control={form.control}
                name="organisationId"
                id="organisationId"
                label="Organisation that runs it"
                error={form.errorFor('organisationId')}
                options={[{ value: '', label: 'Choose an organisation' }, ...orgs.data.map((o) => ({ value: o.id, label: o.name }))]}
              />
            )
          ) : null}
          <TextField
            control={form.control}
            name="name"
            id="name"
            label="Name of the service"
            hint="As people would recognise it, for example Tuesday Singing for Wellbeing"
            autoComplete="off"
            error={form.errorFor('name')}
          />
          <TextareaField
            control={form.control}
            name="description"
            id="description"
            label="What it offers (optional)"
            hint="When and where, who it is for, and anything people should know before they go"
            error={form.errorFor('description')}
            rows={3}
          />
          <NeedCheckboxesField
            control={form.control}
            name="needs"
            id="needs"
            legend="What it helps with"
            hint="Choose all that apply. Link workers find services by need."
            error={form.errorFor('needs')}
          />
          <RadiosField
            control={form.control}
            name="takesReferrals"
            id="takesReferrals"
            legend="Does it take referrals?"
            small
            error={form.errorFor('takesReferrals')}
            items={[
              { value: 'yes', label: 'Yes', hint: 'Link workers send referrals to your inbox for you to accept or decline' },
              { value: 'no', label: 'No, signpost only', hint: 'People are given the details and just turn up' },
            ]}
          />
          <Button busy={form.formState.isSubmitting}>Add service</Button>
        </form>
      </div>
    </div>
  );
}
