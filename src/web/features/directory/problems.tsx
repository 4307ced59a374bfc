import { useState } from 'react';
import { isApiError } from '../../api.ts';
import { directoryApi } from './directory-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { formatDateTime } from '../../ui/labels.ts';
import { Link, useSearchParams } from '../../router.tsx';
import { useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
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
  const [loaded, reload] = useLoad((signal) => directoryApi.problems({ status }, signal), [status]);
  const [flash, setFlash] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const resolve = async (id: string, serviceName: string) => {
    setBusy(id);
    setError(null);
    try {
      await directoryApi.resolveProblem(id);
      setFlash(`Marked resolved: the problem with ${serviceName}.`);
      reload();
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(null);
    }
  };

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
      {loaded.status === 'loading' ? <Loading what="problems" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && loaded.data.problems.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-problems">
          {status === 'open' ? 'No open problems.' : 'No resolved problems yet.'}
        </p>
      ) : null}
      {loaded.status === 'ok' && loaded.data.problems.length > 0 ? (
        <table className="nhsuk-table-responsive" data-testid="problems-table" id="problems-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{status === 'open' ? 'Open problems' : 'Resolved problems'}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Service
              </th>
              <th className="nhsuk-table__header" scope="col">
                Problem
              </th>
              <th className="nhsuk-table__header" scope="col">
                Reported
              </th>
              <th className="nhsuk-table__header" scope="col">
                {status === 'open' ? 'Action' : 'Resolved'}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {loaded.data.problems.map((p) => (
              <tr className="nhsuk-table__row" key={p.id} data-testid="problem-row">
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Service{' '}
                  </span>
                  <span className="lw-cell">
                    <Link to={`/directory/services/${p.serviceId}`}>{p.serviceName}</Link>
                    <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{p.organisationName}</span>
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Problem{' '}
                  </span>
                  <span className="lw-cell">
                    <strong className="lw-block">{problemKindLabel(p.kind)}</strong>
                    {p.note === null ? null : <span className="lw-block lw-pre-wrap">“{p.note}”</span>}
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Reported{' '}
                  </span>
                  <span className="lw-cell">
                    {formatDateTime(p.reportedAt)}
                    {p.reportedBy === null ? null : <span className="lw-block nhsuk-u-font-size-16">{p.reportedBy}</span>}
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    {status === 'open' ? 'Action ' : 'Resolved '}
                  </span>
                  {p.status === 'open' ? (
                    <span className="lw-cell">
                      <Link className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" to={`/directory/services/${p.serviceId}/edit`}>
                        Fix the listing<span className="nhsuk-u-visually-hidden"> {p.serviceName}</span>
                      </Link>
                      <Button type="button" small busy={busy !== null} onClick={() => void resolve(p.id, p.serviceName)}>
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
