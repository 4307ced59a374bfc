import { useEffect, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS, type AuditAction } from '../../../domain/audit.ts';
import { ROLE_LABELS, isRole } from '../../../domain/roles.ts';
import { auditQuerySchema, type AuditEventView } from '../../../domain/schemas/audit.ts';
import { api, isApiError, type AuditFilters } from '../../api.ts';
import {
  Button,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  Select,
  Tag,
  TextInput,
  usePageTitle,
  type FieldError,
  type TagColour,
} from '../../ui/kit.tsx';
import { errorFor, fieldErrorsFromApi, fieldErrorsFromZod } from '../../ui/forms.ts';
import { formatDateTime } from '../../ui/labels.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';

const PAGE_SIZE = 50;
const FILTER_FIELDS = { personId: 'personId', userId: 'userId', action: 'action', from: 'from', to: 'to' } as const;
type FilterForm = { [K in keyof typeof FILTER_FIELDS]: string };

const OUTCOME_COLOURS: Record<AuditEventView['outcome'], TagColour> = { success: 'green', failure: 'orange', denied: 'red' };

/** "session.signed_in" → "Session: signed in". */
export function actionLabel(action: string): string {
  const [noun = action, verb = ''] = action.split('.');
  const n = noun.charAt(0).toUpperCase() + noun.slice(1);
  return verb === '' ? n : `${n}: ${verb.replace(/_/g, ' ')}`;
}

function formFromSearch(search: string): FilterForm {
  const p = new URLSearchParams(search);
  return { personId: p.get('personId') ?? '', userId: p.get('userId') ?? '', action: p.get('action') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '' };
}

/** Only the filters that parse; the page shows the errors for the rest. */
function filtersFromForm(form: FilterForm): { filters: AuditFilters; errors: FieldError[] } {
  const parsed = auditQuerySchema.omit({ limit: true, before: true }).safeParse({
    personId: form.personId.trim() || undefined,
    userId: form.userId.trim() || undefined,
    action: form.action || undefined,
    from: form.from || undefined,
    to: form.to || undefined,
  });
  if (parsed.success) {
    const errors: FieldError[] =
      parsed.data.from !== undefined && parsed.data.to !== undefined && parsed.data.from > parsed.data.to
        ? [{ id: 'to', message: 'The “to” date must be the same as or after the “from” date' }]
        : [];
    return { filters: parsed.data, errors };
  }
  return { filters: {}, errors: fieldErrorsFromZod(parsed.error, FILTER_FIELDS) };
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

function EventRow({ e }: { e: AuditEventView }) {
  return (
    <tr className="nhsuk-table__row" data-testid="audit-row" data-action={e.action}>
      <td className="nhsuk-table__cell lw-nowrap">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          When{' '}
        </span>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </td>
      <td className="nhsuk-table__cell">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          Who{' '}
        </span>
        {e.actorUserId === null ? (
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
        )}
      </td>
      <td className="nhsuk-table__cell">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          Action{' '}
        </span>
        {actionLabel(e.action)}
      </td>
      <td className="nhsuk-table__cell">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          Outcome{' '}
        </span>
        <Tag colour={OUTCOME_COLOURS[e.outcome]}>{e.outcome}</Tag>
      </td>
      <td className="nhsuk-table__cell lw-break">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          Details{' '}
        </span>
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
      </td>
    </tr>
  );
}

/** The audit trail, newest first, with filters, paging and CSV export (auditor, admin). */
export function AuditPage() {
  const { search } = useLocation();
  const can = useCan();
  const [form, setForm] = useState<FilterForm>(() => formFromSearch(search));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const applied = filtersFromForm(formFromSearch(search));
  const appliedKey = JSON.stringify(applied.filters);
  usePageTitle('Audit trail', errors.length > 0);

  // The address holds the filters: Back and Forward, links and reloads all show the same view.
  useEffect(() => {
    setForm(formFromSearch(search));
    setErrors(filtersFromForm(formFromSearch(search)).errors);
  }, [search]);

  const [first] = useLoad((signal) => api.listAuditEvents({ ...applied.filters, limit: PAGE_SIZE }, signal), [appliedKey]);
  const [older, setOlder] = useState<AuditEventView[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  useEffect(() => {
    setOlder([]);
    setOlderError(null);
    setNextBefore(first.status === 'ok' ? first.data.nextBefore : null);
  }, [first]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const { filters, errors: problems } = filtersFromForm(form);
    setErrors(problems);
    if (problems.length > 0) return;
    const qs = new URLSearchParams(Object.entries(filters).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== '')).toString();
    navigate(qs === '' ? '/audit' : `/audit?${qs}`);
  };

  const loadOlder = async () => {
    if (nextBefore === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api.listAuditEvents({ ...applied.filters, limit: PAGE_SIZE, before: nextBefore });
      setOlder((o) => [...o, ...page.events]);
      setNextBefore(page.nextBefore);
    } catch (err) {
      if (isApiError(err) && err.code === 'invalid_input') setErrors(fieldErrorsFromApi(err, FILTER_FIELDS));
      else setOlderError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
    } finally {
      setLoadingOlder(false);
    }
  };

  const set = (k: keyof FilterForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const events = first.status === 'ok' ? [...first.data.events, ...older] : [];
  const filtered = Object.keys(applied.filters).length > 0;

  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading>Audit trail</PageHeading>
      <p className="nhsuk-body">Every sign-in, record viewed and change made, newest first. Searching the trail is itself recorded.</p>

      <form className="lw-filters" onSubmit={onSubmit} noValidate aria-label="Filter the audit trail" role="search">
        <h2 className="nhsuk-heading-s">Filter</h2>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <TextInput
              id="personId"
              label="Person ID"
              value={form.personId}
              onChange={set('personId')}
              spellCheck={false}
              autoComplete="off"
              error={errorFor(errors, 'personId')}
            />
          </div>
          <div className="nhsuk-grid-column-one-half">
            <TextInput
              id="userId"
              label="User ID"
              value={form.userId}
              onChange={set('userId')}
              spellCheck={false}
              autoComplete="off"
              error={errorFor(errors, 'userId')}
            />
          </div>
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <Select
              id="action"
              label="Action"
              value={form.action}
              onChange={set('action')}
              error={errorFor(errors, 'action')}
              options={[{ value: '', label: 'Any action' }, ...AUDIT_ACTIONS.map((a: AuditAction) => ({ value: a, label: actionLabel(a) }))]}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <TextInput id="from" label="From" type="date" value={form.from} onChange={set('from')} error={errorFor(errors, 'from')} />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <TextInput id="to" label="To" type="date" value={form.to} onChange={set('to')} error={errorFor(errors, 'to')} />
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
            <a className="nhsuk-link" href={api.auditCsvUrl(applied.filters)} download data-testid="export-csv">
              Export CSV<span className="nhsuk-u-visually-hidden"> of {filtered ? 'the filtered' : 'the whole'} audit trail</span>
            </a>
          ) : null}
        </div>
      </form>

      {first.status === 'loading' ? <Loading what="audit events" /> : null}
      {first.status === 'failed' ? <LoadFailed message={first.message} /> : null}
      {first.status === 'ok' ? (
        events.length === 0 ? (
          <p className="nhsuk-body" data-testid="audit-empty">
            No events match these filters.
          </p>
        ) : (
          <>
            <table className="nhsuk-table-responsive lw-audit-table" data-testid="audit-table">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">
                {events.length} {events.length === 1 ? 'event' : 'events'} shown{nextBefore === null ? '' : ' (there are older ones)'}
              </caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th className="nhsuk-table__header" scope="col">
                    When
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Who
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Action
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Outcome
                  </th>
                  <th className="nhsuk-table__header" scope="col">
                    Details
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {events.map((e) => (
                  <EventRow e={e} key={e.id} />
                ))}
              </tbody>
            </table>
            {olderError === null ? null : <LoadFailed message={olderError} />}
            {nextBefore === null ? null : (
              <Button variant="secondary" type="button" busy={loadingOlder} onClick={() => void loadOlder()}>
                Load older events
              </Button>
            )}
          </>
        )
      ) : null}
    </>
  );
}
