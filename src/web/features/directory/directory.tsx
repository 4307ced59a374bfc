import { useQuery } from '@tanstack/react-query';
import { NEEDS } from '../../../domain/needs.ts';
import { directoryListQuerySchema, SERVICE_CAPACITIES } from '../../../domain/schemas/directory.ts';
import { queryString } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi, directoryKeys } from './directory-api.ts';
import { Button, LoadFailed, Loading, PageHeading, Pagination, Tag, usePageTitle } from '../../ui/kit.tsx';
import { SelectField, TextField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
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

interface FilterValues {
  q: string;
  need: string;
  capacity: string;
  stale: string;
  mine: string;
  archived: string;
}

const EMPTY_FILTERS: FilterValues = { q: '', need: '', capacity: '', stale: '', mine: '', archived: '' };

/** The filters as the directory query takes them (empty ones left out). */
const filterForm = formSchema(directoryListQuerySchema, (v: FilterValues) => ({
  q: v.q.trim() || undefined,
  need: v.need || undefined,
  capacity: v.capacity || undefined,
  stale: v.stale || undefined,
  mine: v.mine || undefined,
  archived: v.archived || undefined,
}));

const FILTER_FIELDS = {
  q: 'directory-q',
  need: 'directory-need',
  capacity: 'directory-capacity',
  stale: 'directory-stale',
  mine: 'directory-mine',
  archived: 'directory-archived',
};

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
  const form = useNhsForm({
    schema: filterForm,
    defaultValues: {
      q: query.q ?? '',
      need: query.need ?? '',
      capacity: query.capacity ?? '',
      stale: query.stale ?? '',
      mine: query.mine ?? '',
      archived: query.archived ?? '',
    },
    fieldIds: FILTER_FIELDS,
  });
  usePageTitle('Directory');

  const filters = { ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({ queryKey: directoryKeys.list(filters), queryFn: ({ signal }) => directoryApi.list(filters, signal) });

  const current = { q: query.q, need: query.need, capacity: query.capacity, stale: query.stale, mine: query.mine, archived: query.archived };
  const onSubmit = form.submitWith((f) =>
    navigate(`/directory${queryString({ q: f.q, need: f.need, capacity: f.capacity, stale: f.stale, mine: f.mine, archived: f.archived })}`),
  );
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageLink = (n: number) => `/directory${queryString({ ...current, page: n === 1 ? undefined : n })}`;

  return (
    <>
      <PageHeading>Directory</PageHeading>
      <p className="nhsuk-body">
        Community services people can be referred or signposted to. A listing nobody has checked for {list.data?.staleMonths ?? 6} months is marked{' '}
        <strong>not checked recently</strong>: ring before sending someone.
      </p>
      <form className="lw-filters" onSubmit={onSubmit} noValidate role="search" aria-label="Directory filters">
        <TextField
          control={form.control}
          name="q"
          id={FILTER_FIELDS.q}
          type="search"
          label="Search by name, organisation or words in the description"
          hint="For example: singing, befriending, debt"
          autoComplete="off"
          error={form.errorFor(FILTER_FIELDS.q)}
        />
        <div className="lw-inline-fields">
          <SelectField control={form.control} name="need" id={FILTER_FIELDS.need} label="Helps with" options={NEED_OPTIONS} />
          <SelectField control={form.control} name="capacity" id={FILTER_FIELDS.capacity} label="Capacity" options={CAPACITY_OPTIONS} />
          <SelectField control={form.control} name="stale" id={FILTER_FIELDS.stale} label="Last checked" options={FRESHNESS_OPTIONS} />
          {isProvider ? (
            <SelectField
              control={form.control}
              name="mine"
              id={FILTER_FIELDS.mine}
              label="Whose"
              options={[
                { value: '', label: 'All services' },
                { value: 'true', label: 'My organisation’s' },
              ]}
            />
          ) : null}
          {mayManage ? (
            <SelectField
              control={form.control}
              name="archived"
              id={FILTER_FIELDS.archived}
              label="Listed or archived"
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
            <Link to="/directory" onClick={() => form.reset(EMPTY_FILTERS)}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {list.isPending ? <Loading what="the directory" /> : null}
      {list.isError ? <LoadFailed message={problemOf(list.error).message} /> : null}
      {list.isSuccess ? (
        <>
          <p className="nhsuk-body" role="status" data-testid="directory-total">
            {total === 0 ? 'No services match.' : `${total} ${total === 1 ? 'service' : 'services'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          </p>
          {list.data.services.length === 0 ? null : (
            <Table
              responsive
              testId="directory-table"
              caption="Services"
              captionStyle="hidden"
              rows={list.data.services}
              rowKey={(s) => s.id}
              rowAttributes={() => ({ 'data-testid': 'directory-row' })}
              columns={[
                {
                  key: 'service',
                  header: 'Service',
                  cell: (s) => (
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
                  ),
                },
                {
                  key: 'needs',
                  header: 'Helps with',
                  cell: (s) => <span className="lw-cell">{s.needs.length === 0 ? 'Not classified yet' : s.needs.map(needWords).join(', ')}</span>,
                },
                {
                  key: 'capacity',
                  header: 'Capacity',
                  cell: (s) => (
                    <span className="lw-cell">
                      <Tag colour={capacityColour(s.capacity)}>{capacityText(s.capacity, s.waitingWeeks)}</Tag>
                    </span>
                  ),
                },
                {
                  key: 'checked',
                  header: 'Last checked',
                  cell: (s) => (
                    <span className="lw-cell">
                      <span className="lw-block lw-nowrap">{formatDate(s.lastKnownGoodAt)}</span>
                      <StaleTag stale={s.stale} />
                    </span>
                  ),
                },
              ]}
            />
          )}
          <Pagination page={page} pages={pages} label="Pages of services" linkTo={pageLink} />
        </>
      ) : null}
    </>
  );
}
