import { useState, type FormEvent } from 'react';
import { NEEDS } from '../../../domain/needs.ts';
import { directoryListQuerySchema, SERVICE_CAPACITIES } from '../../../domain/schemas/directory.ts';
import { queryString } from '../../api.ts';
import { directoryApi } from './directory-api.ts';
import { Button, LoadFailed, Loading, PageHeading, Pagination, Select, Tag, TextInput, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { CAPACITY_LABELS, capacityColour, capacityText, needWords } from './labels.ts';

const PAGE_SIZE = 50;

const NEED_OPTIONS = [{ value: '', label: 'Any need' }, ...NEEDS.map((n) => ({ value: n.code, label: n.label }))];
const CAPACITY_OPTIONS = [{ value: '', label: 'Any' }, ...SERVICE_CAPACITIES.map((c) => ({ value: c, label: CAPACITY_LABELS[c].label }))];
const FRESHNESS_OPTIONS = [
  { value: '', label: 'Any' },
  { value: 'true', label: 'Stale: not checked recently' },
  { value: 'false', label: 'Checked recently' },
];

/** "Stale" in words a busy reader understands. */
export function StaleTag({ stale }: { stale: boolean }) {
  return stale ? <Tag colour="orange">Not checked recently</Tag> : null;
}

/**
 * The directory for staff: search by words, filter by need, capacity and freshness; providers can
 * narrow to their own listings, those who manage listings can see archived ones. Each row says
 * when the listing was last known to be right, and flags stale listings and open problems.
 */
export function DirectoryPage() {
  const can = useCan();
  const me = useMe();
  const mayManage = can('service:manage');
  const isProvider = me.user.role === 'provider';
  const params = useSearchParams();
  const raw: Record<string, string> = {};
  for (const k of ['q', 'need', 'capacity', 'stale', 'mine', 'archived']) {
    const v = params.get(k);
    if (v !== null && v !== '') raw[k] = v;
  }
  const parsed = directoryListQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : directoryListQuerySchema.parse({});
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const key = JSON.stringify({ ...query, page });

  const [q, setQ] = useState(query.q ?? '');
  const [need, setNeed] = useState<string>(query.need ?? '');
  const [capacity, setCapacity] = useState<string>(query.capacity ?? '');
  const [stale, setStale] = useState<string>(query.stale ?? '');
  const [mine, setMine] = useState<string>(query.mine ?? '');
  const [archived, setArchived] = useState<string>(query.archived ?? '');
  usePageTitle('Directory');

  const [loaded] = useLoad((signal) => directoryApi.list({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal), [key]);

  const filters = { q: query.q, need: query.need, capacity: query.capacity, stale: query.stale, mine: query.mine, archived: query.archived };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/directory${queryString({ q: q.trim(), need, capacity, stale, mine, archived })}`);
  };
  const total = loaded.status === 'ok' ? loaded.data.total : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageLink = (n: number) => `/directory${queryString({ ...filters, page: n === 1 ? undefined : n })}`;

  return (
    <>
      <PageHeading>Directory</PageHeading>
      <p className="nhsuk-body">
        Community services people can be referred or signposted to. A listing nobody has checked for {loaded.status === 'ok' ? loaded.data.staleMonths : 6}{' '}
        months is marked <strong>not checked recently</strong>: ring before sending someone.
      </p>
      <form className="lw-filters" onSubmit={apply} noValidate role="search" aria-label="Directory filters">
        <TextInput
          id="directory-q"
          type="search"
          label="Search by name, organisation or words in the description"
          hint="For example: singing, befriending, debt"
          value={q}
          onChange={setQ}
          autoComplete="off"
        />
        <div className="lw-inline-fields">
          <Select id="directory-need" label="Helps with" value={need} onChange={setNeed} options={NEED_OPTIONS} />
          <Select id="directory-capacity" label="Capacity" value={capacity} onChange={setCapacity} options={CAPACITY_OPTIONS} />
          <Select id="directory-stale" label="Last checked" value={stale} onChange={setStale} options={FRESHNESS_OPTIONS} />
          {isProvider ? (
            <Select
              id="directory-mine"
              label="Whose"
              value={mine}
              onChange={setMine}
              options={[
                { value: '', label: 'All services' },
                { value: 'true', label: 'My organisation’s' },
              ]}
            />
          ) : null}
          {mayManage ? (
            <Select
              id="directory-archived"
              label="Listed or archived"
              value={archived}
              onChange={setArchived}
              options={[
                { value: '', label: 'Listed' },
                { value: 'true', label: 'Archived' },
              ]}
            />
          ) : null}
        </div>
        <div className="nhsuk-button-group">
          <Button variant="secondary">Search</Button>
          {key !== JSON.stringify({ ...directoryListQuerySchema.parse({}), page: 1 }) ? (
            <Link
              to="/directory"
              onClick={() => {
                setQ('');
                setNeed('');
                setCapacity('');
                setStale('');
                setMine('');
                setArchived('');
              }}
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {loaded.status === 'loading' ? <Loading what="the directory" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        <>
          <p className="nhsuk-body" role="status" data-testid="directory-total">
            {total === 0 ? 'No services match.' : `${total} ${total === 1 ? 'service' : 'services'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          </p>
          {loaded.data.services.length === 0 ? null : (
            <table className="nhsuk-table-responsive" data-testid="directory-table">
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
                    Capacity
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Last checked
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {loaded.data.services.map((s) => (
                  <tr className="nhsuk-table__row" key={s.id} data-testid="directory-row">
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Service{' '}
                      </span>
                      <span className="lw-cell">
                        <Link to={`/directory/services/${s.id}`}>{s.name}</Link>
                        <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{s.organisationName}</span>
                        <span className="lw-block">
                          {s.takesReferrals ? null : <Tag colour="grey">Signpost only</Tag>}
                          {s.openProblems > 0 ? (
                            <span className="lw-tag-gap">
                              <Tag colour="red">{s.openProblems === 1 ? '1 problem reported' : `${s.openProblems} problems reported`}</Tag>
                            </span>
                          ) : null}
                          {s.pendingEdit ? (
                            <span className="lw-tag-gap">
                              <Tag colour="purple">Change waiting for approval</Tag>
                            </span>
                          ) : null}
                          {s.missingFromSource ? (
                            <span className="lw-tag-gap">
                              <Tag colour="grey">Gone from its source feed</Tag>
                            </span>
                          ) : null}
                        </span>
                      </span>
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Helps with{' '}
                      </span>
                      <span className="lw-cell">{s.needs.length === 0 ? 'Not classified yet' : s.needs.map(needWords).join(', ')}</span>
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Capacity{' '}
                      </span>
                      <span className="lw-cell">
                        <Tag colour={capacityColour(s.capacity)}>{capacityText(s.capacity, s.waitingWeeks)}</Tag>
                      </span>
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Last checked{' '}
                      </span>
                      <span className="lw-cell">
                        <span className="lw-block lw-nowrap">{formatDate(s.lastKnownGoodAt)}</span>
                        <StaleTag stale={s.stale} />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination page={page} pages={pages} label="Pages of services" linkTo={pageLink} />
        </>
      ) : null}
    </>
  );
}
