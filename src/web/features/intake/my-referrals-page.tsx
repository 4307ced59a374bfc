import { needLabel } from '../../../domain/needs.ts';
import { REFERRAL_SOURCE_LABELS, URGENCY_LABELS } from '../../../domain/schemas/referrals.ts';
import { useQuery } from '@tanstack/react-query';
import { problemOf } from '../../queries.ts';
import { intakeApi, intakeKeys } from './intake-api.ts';
import { CaseStatusTag } from '../../ui/case-status.tsx';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link } from '../../router.tsx';
import { useCan } from '../../session.tsx';

/**
 * A referrer's own referrals and where each one is now, in plain words: what they sent, the status,
 * who has it, and a coded reason when it was turned away, passed on or closed. Never the link
 * worker's notes, plans or contacts (the server sends none).
 */
export function MyReferralsPage() {
  usePageTitle('My referrals');
  const can = useCan();
  const referrals = useQuery({ queryKey: intakeKeys.myReferrals(), queryFn: ({ signal }) => intakeApi.myReferrals(signal) });

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
      {referrals.isPending ? <Loading what="your referrals" /> : null}
      {referrals.isError ? <LoadFailed message={problemOf(referrals.error).message} /> : null}
      {referrals.isSuccess && referrals.data.referrals.length === 0 ? (
        <p className="nhsuk-body" data-testid="no-referrals">
          You have not made any referrals yet.
        </p>
      ) : null}
      {referrals.isSuccess && referrals.data.referrals.length > 0 ? (
        <Table
          responsive
          className="lw-my-referrals"
          testId="my-referrals-table"
          caption="Your referrals"
          captionStyle="hidden"
          rows={referrals.data.referrals}
          rowKey={(r) => r.id}
          rowAttributes={(r) => ({ 'data-testid': 'my-referral-row', 'data-reference': r.reference })}
          columns={[
            {
              key: 'person',
              header: 'Person',
              cell: (r) => (
                <>
                  <span className="lw-block">
                    <strong>
                      {r.person.givenName} {r.person.familyName}
                    </strong>
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16">Born {formatDate(r.person.dateOfBirth)}</span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">{r.practice.name}</span>
                </>
              ),
            },
            {
              key: 'sent',
              header: 'Sent',
              cell: (r) => (
                <>
                  <span className="lw-block">{formatDate(r.createdAt)}</span>
                  <span className="lw-block nhsuk-u-font-size-16 lw-nowrap">{r.reference}</span>
                  <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
                    {REFERRAL_SOURCE_LABELS[r.source]}
                    {r.urgency === 'routine' ? '' : `, ${URGENCY_LABELS[r.urgency].toLowerCase()}`}
                  </span>
                </>
              ),
            },
            { key: 'reasons', header: 'Reasons', cell: (r) => r.needs.map(needLabel).join(', ') },
            {
              key: 'status',
              header: 'Where it is now',
              cellTestId: 'status',
              cell: (r) => (
                <>
                  <span className="lw-block">
                    <CaseStatusTag status={r.status} words="referrer" />
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
                </>
              ),
            },
          ]}
        />
      ) : null}
    </>
  );
}
