import { useState, type FormEvent } from 'react';
import { CASE_STATUSES } from '../../../domain/case-lifecycle.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { CASELOAD_SORTS, caseloadQuerySchema, type CaseloadSort } from '../../../domain/schemas/cases.ts';
import { queryString } from '../../api.ts';
import { usersApi } from '../identity/identity-api.ts';
import { casesApi } from './cases-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Pagination, Select, TextInput, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { CASE_STATUS_LABELS, listName } from './labels.ts';
import { StatusTag } from './parts.tsx';

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
  const key = `${query.status}|${query.sort}|${query.order}|${query.q ?? ''}|${query.linkWorkerId ?? ''}|${page}`;

  const [q, setQ] = useState(query.q ?? '');
  const [status, setStatus] = useState<string>(query.status);
  const [sort, setSort] = useState<string>(query.sort);
  const [order, setOrder] = useState<string>(query.order);
  const [linkWorkerId, setLinkWorkerId] = useState(query.linkWorkerId ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle('Caseload', errors.length > 0);

  const [loaded] = useLoad(
    (signal) =>
      casesApi.caseload(
        {
          status: query.status,
          sort: query.sort,
          order: query.order,
          q: query.q,
          linkWorkerId: query.linkWorkerId,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    [key],
  );
  const [team] = useLoad(async (signal) => (isLead ? (await usersApi.list(signal)).users.filter((u) => u.role === 'link_worker') : []), [isLead]);

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

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const check = caseloadQuerySchema.safeParse({ q: q.trim() === '' ? undefined : q, status, sort, order });
    if (!check.success) {
      setErrors([{ id: 'caseload-q', message: 'Keep the search to 100 characters or fewer' }]);
      return;
    }
    setErrors([]);
    navigate(
      `/cases${queryString({
        q: q.trim(),
        status: status === 'open' ? undefined : status,
        sort: sort === 'next_review_on' ? undefined : sort,
        order: order === 'asc' ? undefined : order,
        linkWorkerId: linkWorkerId === '' ? undefined : linkWorkerId,
      })}`,
    );
  };

  const total = loaded.status === 'ok' ? loaded.data.total : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading>Caseload</PageHeading>
      <form className="lw-filters" onSubmit={apply} noValidate role="search" aria-label="Caseload filters">
        <TextInput
          id="caseload-q"
          type="search"
          label="Search by name, NHS number or reference"
          hint="For example: Hartley, 999 007 9196 or LW-7KQ3-9FXA"
          value={q}
          onChange={setQ}
          error={errorFor(errors, 'caseload-q')}
          spellCheck={false}
          autoComplete="off"
        />
        <div className="lw-inline-fields">
          <Select id="caseload-status" label="Status" value={status} onChange={setStatus} options={STATUS_OPTIONS} />
          <Select
            id="caseload-sort"
            label="Sort by"
            value={sort}
            onChange={setSort}
            options={CASELOAD_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          />
          <Select
            id="caseload-order"
            label="Order"
            value={order}
            onChange={setOrder}
            options={[
              { value: 'asc', label: 'Earliest or A to Z first' },
              { value: 'desc', label: 'Latest or Z to A first' },
            ]}
          />
          {isLead && team.status === 'ok' ? (
            <Select
              id="caseload-link-worker"
              label="Link worker"
              value={linkWorkerId}
              onChange={setLinkWorkerId}
              options={[{ value: '', label: 'Everyone in the PCN' }, ...team.data.map((u) => ({ value: u.id, label: u.displayName }))]}
            />
          ) : null}
        </div>
        <div className="nhsuk-button-group">
          <Button variant="secondary">Apply</Button>
          {key !== 'open|next_review_on|asc|||1' ? (
            <Link
              to="/cases"
              onClick={() => {
                setQ('');
                setStatus('open');
                setSort('next_review_on');
                setOrder('asc');
                setLinkWorkerId('');
              }}
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {loaded.status === 'loading' ? <Loading what="your caseload" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        <>
          <p className="nhsuk-body" role="status" data-testid="caseload-total">
            {total === 0 ? 'No cases match.' : `${total} ${total === 1 ? 'case' : 'cases'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          </p>
          {loaded.data.cases.length === 0 ? null : (
            <table className="nhsuk-table-responsive" data-testid="caseload-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Cases</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th className="nhsuk-table__header" scope="col">
                    Name
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    NHS number
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Status
                  </th>
                  {isLead ? (
                    <th className="nhsuk-table__header" scope="col">
                      Link worker
                    </th>
                  ) : null}
                  <th className="nhsuk-table__header" scope="col">
                    Last contact
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Next review
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Contacts
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {loaded.data.cases.map((c) => (
                  <tr className="nhsuk-table__row" key={c.id} data-testid="caseload-row">
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Name{' '}
                      </span>
                      <span className="lw-cell">
                        <Link to={`/cases/${c.id}`}>{listName(c.person)}</Link>
                        <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">{c.reference}</span>
                      </span>
                    </td>
                    <td className="nhsuk-table__cell lw-nowrap">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        NHS number{' '}
                      </span>
                      {c.person.nhsNumber === null ? 'Not known' : formatNhsNumber(c.person.nhsNumber)}
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Status{' '}
                      </span>
                      <span className="lw-cell">
                        <StatusTag status={c.status} />
                        {c.safeguarding ? <strong className="nhsuk-tag nhsuk-tag--red lw-tag-gap">Safeguarding</strong> : null}
                      </span>
                    </td>
                    {isLead ? (
                      <td className="nhsuk-table__cell">
                        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                          Link worker{' '}
                        </span>
                        {c.linkWorker?.displayName ?? 'None'}
                      </td>
                    ) : null}
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Last contact{' '}
                      </span>
                      {c.lastContactAt === null ? 'None yet' : formatDate(c.lastContactAt)}
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Next review{' '}
                      </span>
                      {c.nextReviewOn === null ? 'Not set' : formatDate(c.nextReviewOn)}
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                        Contacts{' '}
                      </span>
                      {c.successfulContacts} of 6–12
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination page={page} pages={pages} label="Pages of cases" linkTo={(n) => address({ page: n === 1 ? undefined : n })} />
        </>
      ) : null}
    </>
  );
}
