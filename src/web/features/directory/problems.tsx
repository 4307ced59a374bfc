import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ServiceProblemView } from '../../../domain/schemas/directory.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { directoryApi, directoryKeys } from './directory-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link, useSearchParams } from '../../router.tsx';
import { useMe } from '../../session.tsx';
import { problemKindLabel } from './labels.ts';

/**
 * Problems link workers reported with listings: a provider's own services', or all of them for
 * leads and administrators. Open ones oldest first; fix the listing, then mark the problem resolved.
 */
export function ServiceProblemsPage() {
  usePageTitle('Reported problems');
  const me = useMe();
  const params = useSearchParams();
  const status = params.get('status') === 'resolved' ? 'resolved' : 'open';
  const queryClient = useQueryClient();
  const problems = useQuery({ queryKey: directoryKeys.problems(status), queryFn: ({ signal }) => directoryApi.problems({ status }, signal) });
  const [flash, setFlash] = useState<string | null>(null);
  const resolve = useMutation({
    mutationFn: (p: ServiceProblemView) => directoryApi.resolveProblem(p.id),
    // The list shows the change before the banner says it happened.
    onSuccess: async (_, p) => {
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      setFlash(`Marked resolved: the problem with ${p.serviceName}.`);
    },
  });
  const error = resolve.error === null ? null : isApiError(resolve.error) ? resolve.error.message : 'Something went wrong. Try again.';

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="problems-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {error === null ? null : <ErrorSummary errors={[{ id: 'problems-table', message: error }]} />}
      <PageHeading>Reported problems</PageHeading>
      <p className="nhsuk-body">
        {me.user.role === 'provider' ? 'Problems link workers found with your organisation’s listings.' : 'Problems link workers found with listings.'} Put the
        listing right, then mark the problem resolved.
      </p>
      <nav className="nhsuk-body" aria-label="Open or resolved problems">
        {status === 'open' ? (
          <Link to="/reported-problems?status=resolved" onClick={() => setFlash(null)}>
            Show resolved problems
          </Link>
        ) : (
          <Link to="/reported-problems" onClick={() => setFlash(null)}>
            Show open problems
          </Link>
        )}
      </nav>
      {problems.isPending ? <Loading what="problems" /> : null}
      {problems.isError ? <LoadFailed message={problemOf(problems.error).message} /> : null}
      {problems.isSuccess && problems.data.problems.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-problems">
          {status === 'open' ? 'No open problems.' : 'No resolved problems yet.'}
        </p>
      ) : null}
      {problems.isSuccess && problems.data.problems.length > 0 ? (
        <Table
          responsive
          testId="problems-table"
          id="problems-table"
          caption={status === 'open' ? 'Open problems' : 'Resolved problems'}
          captionStyle="hidden"
          rows={problems.data.problems}
          rowKey={(p) => p.id}
          rowAttributes={() => ({ 'data-testid': 'problem-row' })}
          columns={[
            {
              key: 'service',
              header: 'Service',
              cell: (p) => (
                <span className="lw-cell">
                  <Link to={`/directory/services/${p.serviceId}`}>{p.serviceName}</Link>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{p.organisationName}</span>
                </span>
              ),
            },
            {
              key: 'problem',
              header: 'Problem',
              cell: (p) => (
                <span className="lw-cell">
                  <strong className="lw-block">{problemKindLabel(p.kind)}</strong>
                  {p.note === null ? null : <span className="lw-block lw-pre-wrap">“{p.note}”</span>}
                </span>
              ),
            },
            {
              key: 'reported',
              header: 'Reported',
              cell: (p) => (
                <span className="lw-cell">
                  {formatDateTime(p.reportedAt)}
                  {p.reportedBy === null ? null : <span className="lw-block nhsuk-u-font-size-16">{p.reportedBy}</span>}
                </span>
              ),
            },
            {
              key: 'action',
              header: status === 'open' ? 'Action' : 'Resolved',
              cell: (p) =>
                p.status === 'open' ? (
                  <span className="lw-cell">
                    <Link className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" to={`/directory/services/${p.serviceId}/edit`}>
                      Fix the listing<span className="nhsuk-u-visually-hidden"> {p.serviceName}</span>
                    </Link>
                    <Button type="button" small busy={resolve.isPending} onClick={() => resolve.mutate(p)}>
                      Mark resolved
                      <span className="nhsuk-u-visually-hidden">
                        : {problemKindLabel(p.kind)} at {p.serviceName}
                      </span>
                    </Button>
                  </span>
                ) : (
                  <span className="lw-cell">
                    {p.resolvedAt === null ? '' : formatDateTime(p.resolvedAt)}
                    {p.resolvedBy === null ? null : <span className="lw-block nhsuk-u-font-size-16">{p.resolvedBy}</span>}
                  </span>
                ),
            },
          ]}
        />
      ) : null}
    </>
  );
}
