import { useQuery } from '@tanstack/react-query';
import { CASE_STATUSES } from '../../../domain/case-lifecycle.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { CASELOAD_SORTS, caseloadQuerySchema, type CaseloadSort } from '../../../domain/schemas/cases.ts';
import { queryString } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { usersApi, usersKeys } from '../identity/identity-api.ts';
import { CASE_STATUS_LABELS, CaseStatusTag } from '../../ui/case-status.tsx';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Pagination, Tag, usePageTitle } from '../../ui/kit.tsx';
import { SelectField, TextField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { listName } from './labels.ts';

const PAGE_SIZE = 50;

const SORT_LABELS: { readonly [S in CaseloadSort]: string } = {
  next_review_on: 'Next review',
  allocated_at: 'Date allocated',
  last_contact_at: 'Last contact',
  name: 'Name',
  status: 'Status',
  reference: 'Reference',
};

const STATUS_OPTIONS = [
  { value: 'open', label: 'Open cases' },
  ...CASE_STATUSES.filter((s) => s !== 'referred').map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
  { value: 'all', label: 'All cases' },
];

const FILTER_FIELDS = { q: 'caseload-q', status: 'caseload-status', sort: 'caseload-sort', order: 'caseload-order', linkWorkerId: 'caseload-link-worker' };

interface FilterValues {
  q: string;
  status: string;
  sort: string;
  order: string;
  linkWorkerId: string;
}

const filterForm = formSchema(
  caseloadQuerySchema,
  (v: FilterValues) => ({
    q: v.q.trim() === '' ? undefined : v.q,
    status: v.status,
    sort: v.sort,
    order: v.order,
    linkWorkerId: v.linkWorkerId === '' ? undefined : v.linkWorkerId,
  }),
  { messages: { q: 'Keep the search to 100 characters or fewer' } },
);

const DEFAULT_FILTERS: FilterValues = { q: '', status: 'open', sort: 'next_review_on', order: 'asc', linkWorkerId: '' };

/** The caseload: open cases by review date by default; filter by status, sort, search by name, NHS number or reference. */
export function CaseloadPage() {
  const can = useCan();
  const isLead = can('referral:triage');
  const params = useSearchParams();
  const raw = {
    status: params.get('status') ?? undefined,
    sort: params.get('sort') ?? undefined,
    order: params.get('order') ?? undefined,
    q: params.get('q') ?? undefined,
    linkWorkerId: params.get('linkWorkerId') ?? undefined,
  };
  const parsed = caseloadQuerySchema.safeParse({
    ...raw,
    q: raw.q === '' ? undefined : raw.q,
    linkWorkerId: raw.linkWorkerId === '' ? undefined : raw.linkWorkerId,
  });
  const query = parsed.success ? parsed.data : caseloadQuerySchema.parse({});
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const filtered = `${query.status}|${query.sort}|${query.order}|${query.q ?? ''}|${query.linkWorkerId ?? ''}|${page}` !== 'open|next_review_on|asc|||1';

  const form = useNhsForm({
    schema: filterForm,
    defaultValues: { q: query.q ?? '', status: query.status, sort: query.sort, order: query.order, linkWorkerId: query.linkWorkerId ?? '' },
    fieldIds: FILTER_FIELDS,
  });
  usePageTitle('Caseload', form.errors.length > 0);

  const filters = {
    status: query.status,
    sort: query.sort,
    order: query.order,
    q: query.q,
    linkWorkerId: query.linkWorkerId,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const caseload = useQuery({ queryKey: casesKeys.caseload(filters), queryFn: ({ signal }) => casesApi.caseload(filters, signal) });
  const team = useQuery({
    queryKey: usersKeys.list(),
    queryFn: ({ signal }) => usersApi.list(signal),
    select: (r) => r.users.filter((u) => u.role === 'link_worker'),
    enabled: isLead,
  });

  const address = (over: Record<string, string | number | undefined>) => {
    const base: Record<string, string | number | undefined> = {
      q: query.q,
      status: query.status === 'open' ? undefined : query.status,
      sort: query.sort === 'next_review_on' ? undefined : query.sort,
      order: query.order === 'asc' ? undefined : query.order,
      linkWorkerId: query.linkWorkerId,
    };
    return `/cases${queryString({ ...base, ...over })}`;
  };

  const onSubmit = form.submitWith((f) =>
    navigate(
      `/cases${queryString({
        q: f.q?.trim(),
        status: f.status === 'open' ? undefined : f.status,
        sort: f.sort === 'next_review_on' ? undefined : f.sort,
        order: f.order === 'asc' ? undefined : f.order,
        linkWorkerId: f.linkWorkerId,
      })}`,
    ),
  );

  const total = caseload.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <ErrorSummary errors={form.errors} />
      <PageHeading>Caseload</PageHeading>
      <form className="lw-filters" onSubmit={onSubmit} noValidate role="search" aria-label="Caseload filters">
        <TextField
          control={form.control}
          name="q"
          id={FILTER_FIELDS.q}
          type="search"
          label="Search by name, NHS number or reference"
          hint="For example: Hartley, 999 007 9196 or LW-7KQ3-9FXA"
          error={form.errorFor(FILTER_FIELDS.q)}
          spellCheck={false}
          autoComplete="off"
        />
        <div className="lw-inline-fields">
          <SelectField control={form.control} name="status" id={FILTER_FIELDS.status} label="Status" options={STATUS_OPTIONS} />
          <SelectField
            control={form.control}
            name="sort"
            id={FILTER_FIELDS.sort}
            label="Sort by"
            options={CASELOAD_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          />
          <SelectField
            control={form.control}
            name="order"
            id={FILTER_FIELDS.order}
            label="Order"
            options={[
              { value: 'asc', label: 'Earliest or A to Z first' },
              { value: 'desc', label: 'Latest or Z to A first' },
            ]}
          />
          {isLead && team.isSuccess ? (
            <SelectField
              control={form.control}
              name="linkWorkerId"
              id={FILTER_FIELDS.linkWorkerId}
              label="Link worker"
              options={[{ value: '', label: 'Everyone in the PCN' }, ...team.data.map((u) => ({ value: u.id, label: u.displayName }))]}
            />
          ) : null}
        </div>
        <div className="nhsuk-button-group">
          <Button variant="secondary">Apply</Button>
          {filtered ? (
            <Link to="/cases" onClick={() => form.reset(DEFAULT_FILTERS)}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {caseload.isPending ? <Loading what="your caseload" /> : null}
      {caseload.isError ? <LoadFailed message={problemOf(caseload.error).message} /> : null}
      {caseload.isSuccess ? (
        <>
          <p className="nhsuk-body" role="status" data-testid="caseload-total">
            {total === 0 ? 'No cases match.' : `${total} ${total === 1 ? 'case' : 'cases'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          </p>
          {caseload.data.cases.length === 0 ? null : (
            <Table
              responsive
              testId="caseload-table"
              caption="Cases"
              captionStyle="hidden"
              rows={caseload.data.cases}
              rowKey={(c) => c.id}
              rowAttributes={() => ({ 'data-testid': 'caseload-row' })}
              columns={[
                {
                  key: 'name',
                  header: 'Name',
                  cell: (c) => (
                    <span className="lw-cell">
                      <Link to={`/cases/${c.id}`}>{listName(c.person)}</Link>
                      <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">{c.reference}</span>
                    </span>
                  ),
                },
                {
                  key: 'nhs-number',
                  header: 'NHS number',
                  className: 'lw-nowrap',
                  cell: (c) => (c.person.nhsNumber === null ? 'Not known' : formatNhsNumber(c.person.nhsNumber)),
                },
                {
                  key: 'status',
                  header: 'Status',
                  cell: (c) => (
                    <span className="lw-cell">
                      <CaseStatusTag status={c.status} />
                      {c.safeguarding ? (
                        <Tag colour="red" className="lw-tag-gap">
                          Safeguarding
                        </Tag>
                      ) : null}
                    </span>
                  ),
                },
                isLead && { key: 'link-worker', header: 'Link worker', cell: (c) => c.linkWorker?.displayName ?? 'None' },
                { key: 'last-contact', header: 'Last contact', cell: (c) => (c.lastContactAt === null ? 'None yet' : formatDate(c.lastContactAt)) },
                { key: 'next-review', header: 'Next review', cell: (c) => (c.nextReviewOn === null ? 'Not set' : formatDate(c.nextReviewOn)) },
                { key: 'contacts', header: 'Contacts', cell: (c) => `${c.successfulContacts} of 6–12` },
              ]}
            />
          )}
          <Pagination page={page} pages={pages} label="Pages of cases" linkTo={(n) => address({ page: n === 1 ? undefined : n })} />
        </>
      ) : null}
    </>
  );
}
