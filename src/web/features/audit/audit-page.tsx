import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from '../../../domain/audit.ts';
import { ROLE_LABELS, isRole } from '../../../domain/roles.ts';
import { auditQuerySchema, type AuditEventView } from '../../../domain/schemas/audit.ts';
import { problemOf } from '../../queries.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Tag, usePageTitle, type TagColour } from '../../ui/kit.tsx';
import { SelectField, TextField, IsoDateField } from '../../ui/form-fields.tsx';
import { errorsByPath, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { auditApi, auditKeys, type AuditFilters } from './audit-api.ts';

const PAGE_SIZE = 50;
const FILTER_FIELDS = { person: 'person', userId: 'userId', action: 'action', from: 'from', to: 'to' } as const;
type FilterForm = { [K in keyof typeof FILTER_FIELDS]: string };

const OUTCOME_COLOURS: Record<AuditEventView['outcome'], TagColour> = { success: 'green', failure: 'orange', denied: 'red' };
const OUTCOME_LABELS: Record<AuditEventView['outcome'], string> = { success: 'Done', failure: 'Failed', denied: 'Refused' };

/** The actions in words, in the order people look for them (alphabetical by label). */
const ACTION_OPTIONS = AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] })).sort((x, y) => x.label.localeCompare(y.label, 'en-GB'));

function formFromSearch(search: string): FilterForm {
  const p = new URLSearchParams(search);
  return { person: p.get('person') ?? '', userId: p.get('userId') ?? '', action: p.get('action') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '' };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the audit query takes them (blank ones left out), checked by its shared schema. */
const filterForm = formSchema(auditQuerySchema.omit({ limit: true, before: true }), (form: FilterForm, problem) => {
  if (isoDate.test(form.from) && isoDate.test(form.to) && form.from > form.to) problem('to', 'The “to” date must be the same as or after the “from” date');
  return {
    person: form.person.trim() || undefined,
    userId: form.userId.trim() || undefined,
    action: form.action || undefined,
    from: form.from || undefined,
    to: form.to || undefined,
  };
});

/** The filters in the address: only if they all parse (the page explains the rest). */
function filtersFromSearch(search: string): { filters: AuditFilters; problems: [string, string][] } {
  const parsed = filterForm.safeParse(formFromSearch(search));
  // A person's id arrives only from the trail's own "show only events about this person" links.
  const personId = parsed.success && parsed.data.person === undefined ? new URLSearchParams(search).get('personId') : null;
  return parsed.success
    ? { filters: personId === null ? parsed.data : { ...parsed.data, personId }, problems: [] }
    : { filters: {}, problems: parsed.error.issues.map((i): [string, string] => [i.path.map(String).join('.'), i.message]) };
}

function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** The event's coded summary as "key: value; …" (it never holds free text about a person). */
function summaryText(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${valueText(v)}`)
    .join('; ');
}

const EVENT_COLUMNS = [
  { key: 'when', header: 'When', className: 'lw-nowrap', cell: (e: AuditEventView) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
  {
    key: 'who',
    header: 'Who',
    cell: (e: AuditEventView) =>
      e.actorUserId === null ? (
        <span className="nhsuk-u-secondary-text-colour">System</span>
      ) : (
        <>
          <Link to={`/audit?userId=${encodeURIComponent(e.actorUserId)}`}>
            {e.actorName ?? 'Unknown user'}
            <span className="nhsuk-u-visually-hidden"> (show only their actions)</span>
          </Link>
          {e.actorRole !== null && isRole(e.actorRole) ? (
            <span className="lw-block nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">{ROLE_LABELS[e.actorRole]}</span>
          ) : null}
        </>
      ),
  },
  { key: 'action', header: 'Action', cell: (e: AuditEventView) => auditActionLabel(e.action) },
  { key: 'outcome', header: 'Outcome', cell: (e: AuditEventView) => <Tag colour={OUTCOME_COLOURS[e.outcome]}>{OUTCOME_LABELS[e.outcome]}</Tag> },
  {
    key: 'details',
    header: 'Details',
    className: 'lw-break',
    cell: (e: AuditEventView) => (
      <>
        {e.personId === null ? null : (
          <span className="lw-block">
            <Link to={`/audit?personId=${encodeURIComponent(e.personId)}`}>
              Person <span className="nhsuk-u-font-size-16">{e.personId}</span>
              <span className="nhsuk-u-visually-hidden"> (show only events about this person)</span>
            </Link>
          </span>
        )}
        {e.entityType === null ? null : (
          <span className="lw-block nhsuk-u-font-size-16">
            {e.entityType}
            {e.entityId === null ? '' : ` ${e.entityId}`}
          </span>
        )}
        <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{summaryText(e.summary)}</span>
      </>
    ),
  },
];

/** The audit trail, newest first, with filters, paging and CSV export (auditor, admin). */
export function AuditPage() {
  const { search } = useLocation();
  const can = useCan();
  const applied = filtersFromSearch(search);
  const form = useNhsForm({ schema: filterForm, defaultValues: formFromSearch(search), fieldIds: FILTER_FIELDS });
  usePageTitle('Audit trail', form.errors.length > 0);

  // The address holds the filters: Back and Forward, links and reloads all show the same view.
  const { reset, fail } = form;
  useEffect(() => {
    reset(formFromSearch(search));
    fail(errorsByPath(filtersFromSearch(search).problems, FILTER_FIELDS, 'person'));
  }, [search, reset, fail]);

  const events = useInfiniteQuery({
    queryKey: auditKeys.events(applied.filters),
    queryFn: ({ pageParam, signal }) => auditApi.list({ ...applied.filters, limit: PAGE_SIZE, before: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

  const onSubmit = form.submitWith((typed) => {
    // Keep a person chosen from a link unless a name or NHS number replaces it.
    const filters = typed.person === undefined && applied.filters.personId !== undefined ? { ...typed, personId: applied.filters.personId } : typed;
    const qs = new URLSearchParams(Object.entries(filters).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== '')).toString();
    navigate(qs === '' ? '/audit' : `/audit?${qs}`);
  });

  const shown = events.data?.pages.flatMap((p) => p.events) ?? [];
  const personMatches = events.data?.pages[0]?.personMatches ?? null;
  const filtered = Object.keys(applied.filters).length > 0;

  return (
    <>
      <ErrorSummary errors={form.errors} />
      <PageHeading>Audit trail</PageHeading>
      <p className="nhsuk-body">Every sign-in, record viewed and change made, newest first. Searching the trail is itself recorded.</p>

      <form className="lw-filters" onSubmit={onSubmit} noValidate aria-label="Filter the audit trail" role="search">
        <h2 className="nhsuk-heading-s">Filter</h2>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <TextField
              control={form.control}
              name="person"
              id="person"
              label="Person"
              hint="Their name or NHS number"
              spellCheck={false}
              autoComplete="off"
              error={form.errorFor('person')}
            />
          </div>
          <div className="nhsuk-grid-column-one-half">
            <TextField control={form.control} name="userId" id="userId" label="User ID" spellCheck={false} autoComplete="off" error={form.errorFor('userId')} />
          </div>
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              control={form.control}
              name="action"
              id="action"
              label="Action"
              error={form.errorFor('action')}
              options={[{ value: '', label: 'Any action' }, ...ACTION_OPTIONS]}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <IsoDateField control={form.control} name="from" id="from" legend="From" error={form.errorFor('from')} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <IsoDateField control={form.control} name="to" id="to" legend="To" error={form.errorFor('to')} />
          </div>
        </div>
        <div className="nhsuk-button-group">
          <Button>Apply filters</Button>
          {filtered ? (
            <Link className="nhsuk-link" to="/audit">
              Clear filters
            </Link>
          ) : null}
          {can('audit:export') ? (
            <a className="nhsuk-link" href={auditApi.csvUrl(applied.filters)} download data-testid="export-csv">
              Export CSV<span className="nhsuk-u-visually-hidden"> of {filtered ? 'the filtered' : 'the whole'} audit trail</span>
            </a>
          ) : null}
        </div>
      </form>

      {applied.filters.personId === undefined ? null : (
        <p className="nhsuk-body" data-testid="audit-person-filter">
          Showing events about one person, chosen from the trail.
        </p>
      )}
      {personMatches === null ? null : (
        <p className="nhsuk-body" data-testid="audit-person-matches">
          {personMatches === 0
            ? 'No one on the system has that name or NHS number.'
            : personMatches === 1
              ? 'Showing events about the 1 person with that name or NHS number.'
              : `Showing events about the ${personMatches} people with that name or NHS number${personMatches >= 50 ? ' (the first 50: add more of the name to narrow it)' : ''}.`}
        </p>
      )}
      {events.isPending ? <Loading what="audit events" /> : null}
      {events.isError && events.data === undefined ? <LoadFailed message={problemOf(events.error).message} /> : null}
      {events.data === undefined ? null : shown.length === 0 ? (
        <p className="nhsuk-body" data-testid="audit-empty">
          No events match these filters.
        </p>
      ) : (
        <>
          <Table
            responsive
            className="lw-audit-table"
            testId="audit-table"
            caption={`${shown.length} ${shown.length === 1 ? 'event' : 'events'} shown${events.hasNextPage ? ' (there are older ones)' : ''}`}
            captionStyle="s"
            rows={shown}
            rowKey={(e) => e.id}
            rowAttributes={(e) => ({ 'data-testid': 'audit-row', 'data-action': e.action })}
            columns={EVENT_COLUMNS}
          />
          {events.isFetchNextPageError ? <LoadFailed message={problemOf(events.error).message} /> : null}
          {events.hasNextPage ? (
            <Button variant="secondary" type="button" busy={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              Load older events
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
