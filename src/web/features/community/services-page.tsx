import { useState, type FormEvent } from 'react';
import { needLabel, type NeedCode } from '../../../domain/needs.ts';
import { createServiceBodySchema, type ServiceStatsView, type ServiceView } from '../../../domain/schemas/community.ts';
import type { DirectoryListItemView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { organisationsApi } from '../organisations/organisations-api.ts';
import { directoryApi } from '../directory/directory-api.ts';
import { intakeApi } from '../intake/intake-api.ts';
import {
  BackLink,
  Button,
  ErrorSummary,
  LoadFailed,
  Loading,
  NotificationBanner,
  PageHeading,
  Radios,
  Select,
  Tag,
  TextInput,
  usePageTitle,
  type FieldError,
} from '../../ui/kit.tsx';
import { setFlash, takeFlash } from '../../flash.ts';
import { apiEntries, errorOf, errorsByPath, NeedCheckboxes, orUndefined, Textarea, zodEntries } from '../intake/intake-ui.tsx';
import { Link, navigate } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { capacityColour, capacityText } from '../directory/labels.ts';

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

export function ServicesPage() {
  usePageTitle('Services');
  const can = useCan();
  const own = useOwnOrgs();
  const [flash] = useState<string | null>(() => takeFlash());
  const onlyOwn = own !== null && own.length === 1 ? own[0] : undefined;
  const [loaded] = useLoad(
    async (signal) => {
      const { services } = await intakeApi.listServices(onlyOwn === undefined ? {} : { organisationId: onlyOwn.id }, signal);
      const sorted = [...services].sort((a, b) => a.organisationName.localeCompare(b.organisationName) || a.name.localeCompare(b.name));
      // Figures are aggregate; a service whose figures cannot be read still lists.
      const stats = await Promise.all(
        sorted.map((s) => (s.takesReferrals ? intakeApi.serviceStats(s.id, signal).catch(() => undefined) : Promise.resolve(undefined))),
      );
      // Freshness, capacity and open problems from the directory (a provider's own listings, else the first 200).
      const listings = await directoryApi.list(own === null ? { limit: 200 } : { mine: 'true', limit: 200 }, signal).catch(() => undefined);
      return { services: sorted, stats: new Map(sorted.map((s, i) => [s.id, stats[i]])), listings: new Map((listings?.services ?? []).map((l) => [l.id, l])) };
    },
    [onlyOwn?.id],
  );

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
      {loaded.status === 'loading' ? <Loading what="services" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && loaded.data.services.length === 0 ? <p className="nhsuk-body">No services have been added yet.</p> : null}
      {loaded.status === 'ok' && loaded.data.services.length > 0 ? (
        <table className="nhsuk-table-responsive" data-testid="services-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Services</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Service
              </th>
              <th className="nhsuk-table__header" scope="col">
                Helps with
              </th>
              <th className="nhsuk-table__header" scope="col">
                Referrals
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {loaded.data.services.map((s: ServiceView) => (
              <tr className="nhsuk-table__row" key={s.id} data-testid="service-row">
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Service{' '}
                  </span>
                  <span className="lw-block">
                    <strong>
                      <Link to={`/directory/services/${s.id}`}>{s.name}</Link>
                    </strong>
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{s.organisationName}</span>
                  <ListingFlags listing={loaded.data.listings.get(s.id)} />
                  {s.description === null ? null : <span className="lw-block nhsuk-u-font-size-16">{s.description}</span>}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Helps with{' '}
                  </span>
                  {s.needs.map(needLabel).join(', ')}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Referrals{' '}
                  </span>
                  {s.takesReferrals ? (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
  return [...byId.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function CreateServicePage() {
  const own = useOwnOrgs();
  const [orgs] = useLoad((signal) => (own === null ? loadVcseOrgs(signal) : Promise.resolve(own)), [own === null]);
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [needs, setNeeds] = useState<NeedCode[]>([]);
  const [takesReferrals, setTakesReferrals] = useState<'' | 'yes' | 'no'>('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Add a service', errors.length > 0);

  const only = orgs.status === 'ok' && orgs.data.length === 1 ? orgs.data[0] : undefined;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      organisationId: only?.id ?? organisationId,
      name,
      description: orUndefined(description),
      needs,
      takesReferrals: takesReferrals === '' ? undefined : takesReferrals === 'yes',
    };
    const parsed = createServiceBodySchema.safeParse(body);
    if (!parsed.success) {
      const messages = zodEntries(parsed.error).map(([path, message]): [string, string] => {
        if (path === 'organisationId') return [path, 'Choose the organisation that runs the service'];
        if (path === 'takesReferrals') return [path, 'Say whether the service takes referrals'];
        return [path, message];
      });
      setErrors(errorsByPath(messages, FIELD_IDS, 'name'));
      return;
    }
    setBusy(true);
    try {
      const created = await intakeApi.createService(parsed.data);
      setFlash(`Service added: ${created.name}. Link workers can now find it.`);
      navigate('/services');
    } catch (err) {
      setErrors(
        isApiError(err)
          ? errorsByPath(apiEntries(err).length > 0 ? apiEntries(err) : [['name', err.message]], FIELD_IDS, 'name')
          : [{ id: 'name', message: 'Something went wrong. Try again.' }],
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/services">Back to services</BackLink>
        <ErrorSummary errors={errors} />
        <PageHeading>Add a service</PageHeading>
        {orgs.status === 'loading' ? <Loading what="organisations" /> : null}
        {orgs.status === 'failed' ? <LoadFailed message={orgs.message} /> : null}
        <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="service-form">
          {orgs.status === 'ok' && only !== undefined ? (
            <p className="nhsuk-body" id="organisationId" tabIndex={-1}>
              Run by <strong>{only.name}</strong>
            </p>
          ) : null}
          {orgs.status === 'ok' && only === undefined ? (
            orgs.data.length === 0 ? (
              <p className="nhsuk-body" id="organisationId" tabIndex={-1}>
                There are no voluntary or community organisations you can add a service for. Ask your Linkwork administrator.
              </p>
            ) : (
              <Select
                id="organisationId"
                label="Organisation that runs it"
                value={organisationId}
                onChange={setOrganisationId}
                error={errorOf(errors, 'organisationId')}
                options={[{ value: '', label: 'Choose an organisation' }, ...orgs.data.map((o) => ({ value: o.id, label: o.name }))]}
              />
            )
          ) : null}
          <TextInput
            id="name"
            label="Name of the service"
            hint="As people would recognise it, for example Tuesday Singing for Wellbeing"
            value={name}
            onChange={setName}
            autoComplete="off"
            error={errorOf(errors, 'name')}
          />
          <Textarea
            id="description"
            label="What it offers (optional)"
            hint="When and where, who it is for, and anything people should know before they go"
            value={description}
            onChange={setDescription}
            error={errorOf(errors, 'description')}
            rows={3}
          />
          <NeedCheckboxes
            id="needs"
            legend="What it helps with"
            hint="Choose all that apply. Link workers find services by need."
            values={needs}
            onChange={setNeeds}
            error={errorOf(errors, 'needs')}
          />
          <Radios
            id="takesReferrals"
            legend="Does it take referrals?"
            small
            value={takesReferrals}
            onChange={(v) => setTakesReferrals(v === 'yes' || v === 'no' ? v : '')}
            error={errorOf(errors, 'takesReferrals')}
            items={[
              { value: 'yes', label: 'Yes', hint: 'Link workers send referrals to your inbox for you to accept or decline' },
              { value: 'no', label: 'No, signpost only', hint: 'People are given the details and just turn up' },
            ]}
          />
          <Button busy={busy}>Add service</Button>
        </form>
      </div>
    </div>
  );
}
