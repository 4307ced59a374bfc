import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReleasedFigure } from '../../../domain/insight/figures.ts';
import type { CaseSummaryView } from '../../../domain/schemas/cases.ts';
import { caseReassignedViewSchema, REASSIGN_REASONS, type ReassignCaseInput, type ReassignReason } from '../../../domain/schemas/cases.ts';
import type { ReportView } from '../../../domain/schemas/reports.ts';
import { isApiError, request } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Link } from '../../router.tsx';
import { Select } from '../../ui/fields.tsx';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { casesApi, casesKeys } from '../cases/cases-api.ts';
import { caseStatusLabel, listName } from '../cases/labels.ts';
import { usersApi, usersKeys } from '../identity/identity-api.ts';
import { organisationsApi, organisationsKeys } from '../organisations/organisations-api.ts';
import { formatValue, WITHHELD_TEXT } from './labels.ts';
import { reportsApi, reportsKeys } from './reports-api.ts';

/**
 * The lead's team view (issue 11, workload): each link worker's FTE, active and dormant caseload,
 * new people and contacts per FTE and waiting list, from the workload report (exact for a lead),
 * and from each row the link worker's open cases, any of which the lead can move to another link
 * worker who covers its practice. The server checks everything again; this page offers only what
 * it would allow.
 */

const REASON_LABELS: { readonly [R in ReassignReason]: string } = {
  balance_caseloads: 'Balancing caseloads',
  absence: 'Absence or leave',
  leaving: 'Leaving the team',
  skills_or_language: 'Skills or language',
  person_asked: 'The person asked',
  other: 'Another reason',
};

const reassign = (id: string, body: ReassignCaseInput) =>
  request(caseReassignedViewSchema, `/cases/${encodeURIComponent(id)}/reassign`, { method: 'POST', body });

function FigureText({ f }: { f: ReleasedFigure | undefined }) {
  if (f === undefined) return <>—</>;
  if (f.value === null) {
    // Per-FTE figures of someone with no contracted hours: said briefly, the page's introduction explains.
    const text = f.withheldReason === null ? '—' : f.withheldReason === 'no_denominator' ? 'No hours' : WITHHELD_TEXT[f.withheldReason];
    return <span className="nhsuk-u-secondary-text-colour">{text}</span>;
  }
  return <>{formatValue(f.value, f.unit)}</>;
}

interface TeamRow {
  id: string;
  name: string;
  fte: ReleasedFigure | undefined;
  active: ReleasedFigure | undefined;
  dormant: ReleasedFigure | undefined;
  open: ReleasedFigure | undefined;
  activePerFte: ReleasedFigure | undefined;
  newPerFte: ReleasedFigure | undefined;
  contactsPerFteWeek: ReleasedFigure | undefined;
  waiting: ReleasedFigure | undefined;
}

function teamRows(report: ReportView): TeamRow[] {
  const f = (metric: string, breakdown: string, group: string) =>
    report.figures.find((x) => x.metric === metric && x.breakdown === breakdown && x.group === group);
  const row = (id: string, name: string): TeamRow => ({
    id,
    name,
    fte: f('W4', 'link_worker', id),
    active: f('W1', 'link_worker|state', `${id}|active`),
    dormant: f('W1', 'link_worker|state', `${id}|dormant`),
    open: f('W1', 'link_worker|state', id === 'total' ? 'total' : `${id}|total`),
    activePerFte: f('W1', 'per_fte', id),
    newPerFte: f('W2', 'link_worker', id),
    contactsPerFteWeek: f('W3', 'link_worker', id),
    waiting: f('W3', 'waiting', id),
  });
  return [...report.options.linkWorkers.map((l) => row(l.id, l.name)), row('total', 'The team')];
}

/** The lead's team page: the workload table, and reassigning a case from it. */
export function TeamPage() {
  usePageTitle('Team');
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const report = useQuery({ queryKey: reportsKeys.report('workload', {}), queryFn: ({ signal }) => reportsApi.get('workload', {}, signal) });
  const data = report.data;
  const rows = data === undefined ? [] : teamRows(data);
  const age = (g: string) => data?.figures.find((x) => x.metric === 'W3' && x.breakdown === 'waiting' && x.group === g);
  const notTriaged = data?.figures.find((x) => x.metric === 'W3' && x.breakdown === 'waiting' && x.group === 'not_triaged');

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="team-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      <PageHeading>Team</PageHeading>
      <p className="nhsuk-body">
        Each link worker’s caseload today (active: a successful contact in the last 90 days; dormant: none), new people and contacts per full-time equivalent,
        and who is waiting for a first contact. Per-FTE figures need contracted hours, which an administrator records on the Users page. The full{' '}
        <Link to="/reports/workload">workload report</Link> has every figure with its definition and a CSV download.
      </p>
      {report.isPending ? <Loading what="the team’s workload" /> : null}
      {report.isError ? <LoadFailed message={problemOf(report.error).message} /> : null}
      {data === undefined ? null : (
        <>
          <p className="nhsuk-body" data-testid="team-waiting">
            Waiting for a first contact: <FigureText f={age('total')} />
            {notTriaged === undefined ? null : (
              <>
                {' '}
                (<FigureText f={notTriaged} /> not yet triaged)
              </>
            )}
            ; median wait <FigureText f={age('age_median')} /> days, 90th percentile <FigureText f={age('age_p90')} /> days. Contacts are over{' '}
            {data.period.label}.
          </p>
          <Table
            responsive
            testId="team-table"
            caption="Link workers"
            captionStyle="hidden"
            rows={rows}
            rowKey={(r) => r.id}
            rowAttributes={(r) => ({ 'data-testid': r.id === 'total' ? 'team-total' : 'team-row' })}
            columns={[
              { key: 'name', header: 'Link worker', rowHeader: true, cell: (r) => r.name },
              { key: 'fte', header: 'FTE', numeric: true, cell: (r) => <FigureText f={r.fte} /> },
              { key: 'active', header: 'Active', numeric: true, cell: (r) => <FigureText f={r.active} /> },
              { key: 'dormant', header: 'Dormant', numeric: true, cell: (r) => <FigureText f={r.dormant} /> },
              { key: 'activePerFte', header: 'Active per FTE', numeric: true, cell: (r) => <FigureText f={r.activePerFte} /> },
              { key: 'newPerFte', header: 'New people per FTE (12 months)', numeric: true, cell: (r) => <FigureText f={r.newPerFte} /> },
              { key: 'contacts', header: 'Contacts per FTE a week', numeric: true, cell: (r) => <FigureText f={r.contactsPerFteWeek} /> },
              { key: 'waiting', header: 'Waiting', numeric: true, cell: (r) => <FigureText f={r.waiting} /> },
              {
                key: 'actions',
                header: <span className="nhsuk-u-visually-hidden">Actions</span>,
                heading: 'Actions',
                className: 'lw-nowrap',
                cell: (r) =>
                  r.id === 'total' ? null : (
                    <button
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      type="button"
                      data-testid="reassign-from"
                      onClick={() => {
                        setFlash(null);
                        setChosen({ id: r.id, name: r.name });
                      }}
                    >
                      Reassign a case<span className="nhsuk-u-visually-hidden"> of {r.name}</span>
                    </button>
                  ),
              },
            ]}
          />
          {chosen === null ? null : (
            <OpenCases
              key={chosen.id}
              from={chosen}
              team={data.options.linkWorkers}
              onDone={(message) => {
                setFlash(message);
                setChosen(null);
              }}
            />
          )}
        </>
      )}
    </>
  );
}

/** A link worker's open cases, each of which can be moved. */
function OpenCases({
  from,
  team,
  onDone,
}: {
  from: { id: string; name: string };
  team: readonly { id: string; name: string }[];
  onDone: (message: string) => void;
}) {
  const filters = { linkWorkerId: from.id, status: 'open' as const, sort: 'allocated_at' as const, limit: 100 };
  const cases = useQuery({ queryKey: casesKeys.caseload(filters), queryFn: ({ signal }) => casesApi.caseload(filters, signal) });
  const [moving, setMoving] = useState<CaseSummaryView | null>(null);
  return (
    <section className="nhsuk-u-margin-top-6" aria-labelledby="open-cases-heading" data-testid="open-cases">
      <h2 className="nhsuk-heading-m" id="open-cases-heading" tabIndex={-1}>
        Open cases of {from.name}
      </h2>
      {cases.isPending ? <Loading what="open cases" /> : null}
      {cases.isError ? <LoadFailed message={problemOf(cases.error).message} /> : null}
      {cases.isSuccess && cases.data.cases.length === 0 ? <p className="nhsuk-body">{from.name} has no open cases.</p> : null}
      {cases.isSuccess && cases.data.cases.length > 0 ? (
        <>
          {cases.data.total > cases.data.cases.length ? (
            <p className="nhsuk-body">
              The {cases.data.cases.length} allocated longest ago of {cases.data.total}.
            </p>
          ) : null}
          <Table
            responsive
            caption={`Open cases of ${from.name}`}
            captionStyle="hidden"
            rows={cases.data.cases}
            rowKey={(c) => c.id}
            rowAttributes={(c) => ({ 'data-testid': 'open-case', 'data-reference': c.reference })}
            columns={[
              {
                key: 'person',
                header: 'Person',
                rowHeader: true,
                cell: (c) => (
                  <>
                    <Link to={`/cases/${c.id}`}>{listName(c.person)}</Link>
                    <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{c.reference}</span>
                  </>
                ),
              },
              { key: 'status', header: 'Status', cell: (c) => caseStatusLabel(c.status) },
              { key: 'last', header: 'Last contact', cell: (c) => (c.lastContactAt === null ? 'None yet' : formatDate(c.lastContactAt.slice(0, 10))) },
              {
                key: 'move',
                header: <span className="nhsuk-u-visually-hidden">Move</span>,
                heading: 'Move',
                cell: (c) => (
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" onClick={() => setMoving(c)}>
                    Move<span className="nhsuk-u-visually-hidden"> {c.reference}</span>
                  </button>
                ),
              },
            ]}
          />
        </>
      ) : null}
      {moving === null ? null : <ReassignForm key={moving.id} summary={moving} from={from} team={team} onDone={onDone} onCancel={() => setMoving(null)} />}
    </section>
  );
}

/**
 * Moving one case: the version is the one read when the lead opened this form, so a change made
 * meanwhile (a contact, a status change) answers "stale" rather than being overwritten unseen.
 */
function ReassignForm({
  summary,
  from,
  team,
  onDone,
  onCancel,
}: {
  summary: CaseSummaryView;
  from: { id: string; name: string };
  team: readonly { id: string; name: string }[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const kase = useQuery({ queryKey: casesKeys.detail(summary.id), queryFn: ({ signal }) => casesApi.getCase(summary.id, signal) });
  const users = useQuery({ queryKey: usersKeys.list(), queryFn: ({ signal }) => usersApi.list(signal) });
  const organisations = useQuery({ queryKey: organisationsKeys.list(), queryFn: ({ signal }) => organisationsApi.list(signal) });
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  // Who covers the case's practice (directly or through its PCN), enabled, other than who holds it.
  const practice = organisations.data?.organisations.find((o) => o.id === summary.practiceId);
  const covers = new Set(
    (users.data?.users ?? [])
      .filter((u) => u.role === 'link_worker' && !u.disabled && u.organisationIds.some((o) => o === summary.practiceId || o === practice?.parentId))
      .map((u) => u.id),
  );
  const known = users.isSuccess && organisations.isSuccess;
  const choices = team.filter((l) => l.id !== from.id && (!known || covers.has(l.id)));

  const move = useMutation({
    mutationFn: (version: number) => reassign(summary.id, { linkWorkerId: target, version, ...(reason === '' ? {} : { reason: reason as ReassignReason }) }),
    onSuccess: async (r) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: casesKeys.all }), queryClient.invalidateQueries({ queryKey: reportsKeys.all })]);
      onDone(`${summary.reference} moved from ${from.name} to ${r.linkWorker.displayName}. Both have been notified.`);
    },
    onError: (err) =>
      setProblem(
        isApiError(err)
          ? ((err.details?.['fields'] as Record<string, string> | undefined)?.['linkWorkerId'] ?? err.message)
          : 'Something went wrong. Try again.',
      ),
  });

  const submit = () => {
    setProblem(null);
    if (target === '') return setProblem('Choose who the case moves to');
    if (kase.data === undefined) return setProblem('The case has not loaded yet');
    move.mutate(kase.data.version);
  };

  return (
    <div className="nhsuk-card nhsuk-u-margin-top-4" data-testid="reassign-form">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          Move {listName(summary.person)} ({summary.reference})
        </h3>
        {problem === null ? null : <ErrorSummary errors={[{ id: 'reassign-to', message: problem }]} />}
        {kase.isError ? <LoadFailed message={problemOf(kase.error).message} /> : null}
        {choices.length === 0 ? (
          <p className="nhsuk-body">No other link worker on the team covers this case’s practice.</p>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Select
              id="reassign-to"
              label="Move the case to"
              hint="Link workers who cover the person’s practice"
              value={target}
              onChange={setTarget}
              error={problem ?? undefined}
              options={[{ value: '', label: 'Choose a link worker' }, ...choices.map((l) => ({ value: l.id, label: l.name }))]}
            />
            <Select
              id="reassign-reason"
              label="Why (optional)"
              value={reason}
              onChange={setReason}
              options={[{ value: '', label: 'Not said' }, ...REASSIGN_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))]}
            />
            <div className="nhsuk-button-group">
              <Button busy={move.isPending || kase.isPending}>Move the case</Button>
              <Button type="button" variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
