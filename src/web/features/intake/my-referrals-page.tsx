import { needLabel } from '../../../domain/needs.ts';
import { REFERRAL_SOURCE_LABELS, URGENCY_LABELS } from '../../../domain/schemas/referrals.ts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { DISCHARGE_REASON_LABELS } from '../../../domain/case-lifecycle.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { problemOf } from '../../queries.ts';
import { intakeApi, intakeKeys } from './intake-api.ts';
import { casesApi, casesKeys } from '../cases/cases-api.ts';
import { MessageBack } from '../cases/discharge-message.tsx';
import { CaseStatusTag } from '../../ui/case-status.tsx';
import { Button, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link } from '../../router.tsx';
import { useCan } from '../../session.tsx';

/**
 * A referrer's own referrals and where each one is now, in plain words: what they sent, the status,
 * who has it, and a coded reason when it was turned away, passed on or closed. Never the link
 * worker's notes, plans or contacts (the server sends none). Once support has finished, the
 * message back can be read here; GP practice staff also see the practice inbox: the messages back
 * for everyone discharged at their practice.
 */
export function MyReferralsPage() {
  usePageTitle('My referrals');
  const can = useCan();
  const referrals = useQuery({ queryKey: intakeKeys.myReferrals(), queryFn: ({ signal }) => intakeApi.myReferrals(signal) });
  const [reading, setReading] = useState<Reading | null>(null);

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
                  {r.status === 'discharged' ? (
                    <Button
                      type="button"
                      small
                      variant="secondary"
                      onClick={() => setReading({ from: 'mine', id: r.id, name: `${r.person.givenName} ${r.person.familyName}` })}
                    >
                      Read the message back<span className="nhsuk-u-visually-hidden"> for {`${r.person.givenName} ${r.person.familyName}`}</span>
                    </Button>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
      {reading === null ? null : <ReadMessage key={`${reading.from}-${reading.id}`} reading={reading} onClose={() => setReading(null)} />}
      {can('discharge_message:read') ? <PracticeInbox onRead={setReading} /> : null}
    </>
  );
}

interface Reading {
  from: 'mine' | 'practice';
  id: string;
  name: string;
}

/** One message back, from My referrals or the practice inbox, under the lists; focused when opened. */
function ReadMessage({ reading, onClose }: { reading: Reading; onClose: () => void }) {
  const message = useQuery({
    queryKey: reading.from === 'mine' ? intakeKeys.myReferralMessage(reading.id) : casesKeys.practiceMessage(reading.id),
    queryFn: ({ signal }) => (reading.from === 'mine' ? intakeApi.myReferralMessage(reading.id, signal) : casesApi.practiceMessage(reading.id, signal)),
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const jsonUrl =
    reading.from === 'mine' ? `/api/v1/my-referrals/${encodeURIComponent(reading.id)}/message` : `/api/v1/practice-messages/${encodeURIComponent(reading.id)}`;
  return (
    <section className="lw-message-back" aria-labelledby="message-back-heading" data-testid="message-back">
      <h2 className="nhsuk-heading-l" id="message-back-heading" ref={heading} tabIndex={-1}>
        Message back: {reading.name}
      </h2>
      {message.isPending ? <Loading what="the message" /> : null}
      {message.isError ? <LoadFailed message={problemOf(message.error).message} /> : null}
      {message.isSuccess ? <MessageBack m={message.data} jsonUrl={jsonUrl} /> : null}
      <p className="nhsuk-body">
        <Button type="button" variant="secondary" small onClick={onClose}>
          Close the message
        </Button>
      </p>
    </section>
  );
}

/** The practice inbox: messages back for everyone discharged at the user's practice, newest first. */
function PracticeInbox({ onRead }: { onRead: (r: Reading) => void }) {
  const messages = useQuery({ queryKey: casesKeys.practiceMessages(), queryFn: ({ signal }) => casesApi.practiceMessages(signal) });
  return (
    <section aria-labelledby="practice-inbox-heading" data-testid="practice-inbox">
      <h2 className="nhsuk-heading-l" id="practice-inbox-heading">
        Messages back to your practice
      </h2>
      <p className="nhsuk-body">
        When social prescribing support finishes for someone at your practice, the link worker’s message back arrives here, as the person chose to share it.
      </p>
      {messages.isPending ? <Loading what="the messages" /> : null}
      {messages.isError ? <LoadFailed message={problemOf(messages.error).message} /> : null}
      {messages.isSuccess && messages.data.messages.length === 0 ? <p className="nhsuk-body">No messages yet.</p> : null}
      {messages.isSuccess && messages.data.messages.length > 0 ? (
        <Table
          responsive
          testId="practice-messages"
          caption="Messages back to your practice"
          captionStyle="hidden"
          rows={messages.data.messages}
          rowKey={(m) => m.id}
          rowAttributes={(m) => ({ 'data-testid': 'practice-message-row', 'data-reference': m.reference })}
          columns={[
            {
              key: 'person',
              header: 'Patient',
              cell: (m) => (
                <>
                  <span className="lw-block">
                    <strong>
                      {m.person.givenName} {m.person.familyName}
                    </strong>
                  </span>
                  <span className="lw-block nhsuk-u-font-size-16">
                    {m.person.nhsNumber === null ? `Born ${formatDate(m.person.dateOfBirth)}` : `NHS ${formatNhsNumber(m.person.nhsNumber)}`}
                  </span>
                </>
              ),
            },
            {
              key: 'closed',
              header: 'Support finished',
              cell: (m) => `${formatDate(m.dischargedOn)}: ${DISCHARGE_REASON_LABELS[m.dischargeReason].toLowerCase()}`,
            },
            { key: 'shared', header: 'Shared', cell: (m) => (m.sharingChoice === 'full' ? 'The full summary' : 'Coded events only') },
            {
              key: 'read',
              header: 'Message',
              cell: (m) => (
                <Button
                  type="button"
                  small
                  variant="secondary"
                  onClick={() => onRead({ from: 'practice', id: m.id, name: `${m.person.givenName} ${m.person.familyName}` })}
                >
                  Read<span className="nhsuk-u-visually-hidden"> the message back for {`${m.person.givenName} ${m.person.familyName}`}</span>
                </Button>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
