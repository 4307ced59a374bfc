import { needLabel } from '../../../domain/needs.ts';
import { REFERRAL_SOURCE_LABELS, URGENCY_LABELS } from '../../../domain/schemas/referrals.ts';
import { intakeApi } from './intake-api.ts';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { CaseStatusTag } from './intake-ui.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';

/**
 * A referrer's own referrals and where each one is now, in plain words: what they sent, the status,
 * who has it, and a coded reason when it was turned away, passed on or closed. Never the link
 * worker's notes, plans or contacts (the server sends none).
 */
export function MyReferralsPage() {
  usePageTitle('My referrals');
  const can = useCan();
  const [loaded] = useLoad((signal) => intakeApi.myReferrals(signal), []);

  return (
    <>
      <PageHeading>My referrals</PageHeading>
      <p className="nhsuk-body">
        The referrals you made, newest first, and what has happened to each one. Notes about the person’s support stay with their link worker.
      </p>
      {can('referral:create') ? (
        <p className="nhsuk-body">
          <Link className="nhsuk-button nhsuk-button--secondary" to="/refer">
            Make a referral
          </Link>
        </p>
      ) : null}
      {loaded.status === 'loading' ? <Loading what="your referrals" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && loaded.data.referrals.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-referrals">
          You have not made any referrals yet.
        </p>
      ) : null}
      {loaded.status === 'ok' && loaded.data.referrals.length > 0 ? (
        <table className="nhsuk-table-responsive lw-my-referrals" data-testid="my-referrals-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Your referrals</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Person
              </th>
              <th className="nhsuk-table__header" scope="col">
                Sent
              </th>
              <th className="nhsuk-table__header" scope="col">
                Reasons
              </th>
              <th className="nhsuk-table__header" scope="col">
                Where it is now
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {loaded.data.referrals.map((r) => (
              <tr className="nhsuk-table__row" key={r.id} data-testid="my-referral-row" data-reference={r.reference}>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Person{' '}
                  </span>
                  <span className="lw-block">
                    <strong>
                      {r.person.givenName} {r.person.familyName}
                    </strong>
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16">Born {formatDate(r.person.dateOfBirth)}</span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{r.practice.name}</span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Sent{' '}
                  </span>
                  <span className="lw-block">{formatDate(r.createdAt)}</span>
                  <span className="lw-block nhsuk-u-font-size-16 lw-nowrap">{r.reference}</span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
                    {REFERRAL_SOURCE_LABELS[r.source]}
                    {r.urgency === 'routine' ? '' : `, ${URGENCY_LABELS[r.urgency].toLowerCase()}`}
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Reasons{' '}
                  </span>
                  {r.needs.map(needLabel).join(', ')}
                </td>
                <td className="nhsuk-table__cell" data-testid="status">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Where it is now{' '}
                  </span>
                  <span className="lw-block">
                    <CaseStatusTag status={r.status} />
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16">{r.statusInWords}</span>
                  {r.reasonInWords === null ? null : <span className="lw-block nhsuk-u-font-size-16">Reason: {r.reasonInWords}</span>}
                  {r.linkWorkerName === null ? null : (
                    <span className="lw-block nhsuk-u-font-size-16">
                      Link worker: {r.linkWorkerName}
                      {r.allocatedAt === null ? '' : ` (since ${formatDate(r.allocatedAt)})`}
                    </span>
                  )}
                  {r.closedAt === null ? null : <span className="lw-block nhsuk-u-font-size-16">Closed {formatDate(r.closedAt)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
