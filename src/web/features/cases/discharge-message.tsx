import { longDate } from '../../../domain/discharge-message.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { PROGRESS_MAX } from '../../../domain/plan.ts';
import type { DischargeMessage, WellbeingOutcome } from '../../../domain/schemas/cases.ts';
import { useQuery } from '@tanstack/react-query';
import { problemOf } from '../../queries.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { BackLink, LoadFailed, Loading, PageHeading, SummaryList, usePageTitle } from '../../ui/kit.tsx';
import { formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { SHARING_CHOICE_LABELS, communityStatusLabel, goalStatusLabel, sourceLabel } from './labels.ts';

const WITHHELD_WORDS: Record<DischargeMessage['withheld'][number], string> = {
  needsIdentified: 'needs identified',
  supportOffered: 'the support offered by name',
  goals: 'their goals',
  summary: 'the written summary',
  wellbeing: 'their wellbeing scores',
};

const CHANGE_WORDS: Record<NonNullable<WellbeingOutcome['change']>, string> = { improved: 'Improved', no_change: 'No change', worsened: 'Worse' };

/** "7 (High), 30 January 2027". */
const scoreText = (p: { score: number; band: string | null; on: string }) => `${p.score}${p.band === null ? '' : ` (${p.band})`}, ${longDate(p.on)}`;

/**
 * The message back to the GP and the referrer when a case closes (PRSB "message back"), printable:
 * who, when, the outcome, the codes for the GP record and — only when the person chose to share the
 * full summary — the needs in their words, the support and the goals.
 */
export function DischargeMessagePage({ id }: { id: string }) {
  const message = useQuery({ queryKey: casesKeys.dischargeMessage(id), queryFn: ({ signal }) => casesApi.dischargeMessage(id, signal) });
  const failure = message.isError ? problemOf(message.error) : null;
  usePageTitle('Message back to the GP');
  return (
    <div className="lw-print-page">
      <div className="lw-no-print">
        <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      </div>
      <PageHeading caption="Social prescribing">Discharge summary for the GP</PageHeading>
      {message.isPending ? <Loading what="the message" /> : null}
      {failure === null ? null : (
        <LoadFailed message={failure.code === 'invalid_transition' ? 'The message back is written when the case is discharged.' : failure.message} />
      )}
      {message.isSuccess ? <MessageBack m={message.data} jsonUrl={`/api/v1/cases/${encodeURIComponent(id)}/discharge-message`} /> : null}
    </div>
  );
}

/**
 * The message back itself, as every reader sees it (the link worker, the referrer in My referrals,
 * the practice in its inbox): printable, with a link to the same message as JSON.
 */
export function MessageBack({ m, jsonUrl }: { m: DischargeMessage; jsonUrl: string }) {
  const d = (iso: string | null) => (iso === null ? 'Not recorded' : longDate(iso));
  return (
    <article data-testid="discharge-message">
      <SummaryList
        rows={[
          { key: 'To', value: `${m.recipients.gpPractice.name}${m.recipients.gpPractice.odsCode === null ? '' : ` (${m.recipients.gpPractice.odsCode})`}` },
          ...(m.recipients.referrer === null
            ? []
            : [{ key: 'Copy to the referrer', value: [m.recipients.referrer.name, m.recipients.referrer.organisation].filter((x) => x !== null).join(', ') }]),
          { key: 'Patient', value: `${m.person.givenName} ${m.person.familyName}` },
          { key: 'NHS number', value: m.person.nhsNumber === null ? 'Not known' : formatNhsNumber(m.person.nhsNumber) },
          { key: 'Date of birth', value: longDate(m.person.dateOfBirth) },
        ]}
      />
      <h2 className="nhsuk-heading-m">The episode</h2>
      <SummaryList
        rows={[
          { key: 'Reference', value: m.episode.reference },
          { key: 'Referred', value: `${d(m.episode.referredOn)} (${sourceLabel(m.episode.source)})` },
          { key: 'First contact', value: d(m.episode.firstContactOn) },
          { key: 'Accepted support', value: d(m.episode.acceptedOn) },
          { key: 'Discharged', value: d(m.episode.dischargedOn) },
          { key: 'Link worker', value: m.episode.linkWorker ?? 'Not recorded' },
        ]}
      />
      <h2 className="nhsuk-heading-m">Outcome</h2>
      <SummaryList
        rows={[
          { key: 'Reason for discharge', value: <span data-testid="message-outcome">{m.outcome.dischargeReasonLabel}</span> },
          ...(m.outcome.goalsAchieved === null
            ? []
            : [{ key: 'Goals achieved', value: `${m.outcome.goalsAchieved.achieved} of ${m.outcome.goalsAchieved.total}` }]),
          {
            key: 'Contacts',
            value: `${m.contacts.successful} successful${m.contacts.attempts === 0 ? '' : `, and ${m.contacts.attempts} ${m.contacts.attempts === 1 ? 'attempt' : 'attempts'} that did not reach them`}`,
          },
          { key: 'Community support', value: `${m.support.offered} offered, ${m.support.takenUp} taken up` },
        ]}
      />
      <h2 className="nhsuk-heading-m">Codes for the GP record</h2>
      {m.gpRecordCodes.length === 0 ? (
        <p className="nhsuk-body">None.</p>
      ) : (
        <Table
          testId="message-codes"
          caption="SNOMED CT codes for the GP record"
          captionStyle="hidden"
          rows={m.gpRecordCodes}
          rowKey={(c) => `${c.code}-${c.recordedOn}`}
          columns={[
            { key: 'code', header: 'SNOMED CT code', className: 'lw-nowrap', cell: (c) => c.code },
            { key: 'term', header: 'Term', cell: (c) => c.display },
            { key: 'date', header: 'Date', cell: (c) => longDate(c.recordedOn) },
          ]}
        />
      )}
      {m.summary === null ? null : (
        <>
          <h2 className="nhsuk-heading-m">Summary</h2>
          <p className="nhsuk-body" data-testid="message-summary">
            {m.summary}
          </p>
        </>
      )}
      {m.needsIdentified === null || m.needsIdentified.length === 0 ? null : (
        <>
          <h2 className="nhsuk-heading-m">Needs identified</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {m.needsIdentified.map((n) => (
              <li key={n.code}>
                {n.label}
                {n.personWords === null ? null : <span className="lw-block lw-quote">In their words: “{n.personWords}”</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {m.supportOffered === null || m.supportOffered.length === 0 ? null : (
        <>
          <h2 className="nhsuk-heading-m">Support offered</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {m.supportOffered.map((s, i) => (
              <li key={i}>
                {s.serviceName}: {s.kind === 'refer' ? `referred, ${communityStatusLabel(s.status).toLowerCase()}` : 'signposted'}
                {s.takenUp === true ? ' (taken up)' : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {m.goals === null || m.goals.length === 0 ? null : (
        <>
          <h2 className="nhsuk-heading-m">Their goals</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {m.goals.map((g, i) => (
              <li key={i}>
                “{g.text}”: {goalStatusLabel(g.status).toLowerCase()}
                {g.progress === null ? '' : `, rated ${g.progress} out of ${PROGRESS_MAX}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {m.wellbeing === null || m.wellbeing.length === 0 ? null : (
        <>
          <h2 className="nhsuk-heading-m">Wellbeing</h2>
          <Table
            responsive
            testId="message-wellbeing"
            caption="Wellbeing scores at the start of support and the latest"
            captionStyle="hidden"
            rows={m.wellbeing}
            rowKey={(w) => `${w.instrument}-${w.measure}`}
            columns={[
              {
                key: 'measure',
                header: 'Measure',
                cell: (w) => (
                  <>
                    <span className="lw-block">{w.instrument}</span>
                    {w.measure === 'Score' ? null : <span className="lw-block nhsuk-u-font-size-16">{w.measure}</span>}
                  </>
                ),
              },
              { key: 'baseline', header: 'At the start', cell: (w) => scoreText(w.baseline) },
              { key: 'latest', header: 'Latest', cell: (w) => (w.latest === null ? 'Not measured again' : scoreText(w.latest)) },
              { key: 'change', header: 'Change', cell: (w) => (w.change === null ? '' : CHANGE_WORDS[w.change]) },
            ]}
          />
        </>
      )}
      {m.withheld.length === 0 ? null : (
        <div className="nhsuk-inset-text" data-testid="message-withheld">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            They chose to share {SHARING_CHOICE_LABELS[m.sharingChoice].label.toLowerCase()} with their GP, so this message leaves out{' '}
            {m.withheld.map((w) => WITHHELD_WORDS[w]).join(', ')}.
          </p>
        </div>
      )}
      <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">Written {formatDateTime(m.generatedAt)} by Linkwork.</p>
      <div className="nhsuk-button-group lw-no-print">
        <button className="nhsuk-button" type="button" onClick={() => window.print()}>
          Print the message
        </button>
        <a className="nhsuk-link" href={jsonUrl} data-testid="message-json">
          The same message as JSON
        </a>
      </div>
    </article>
  );
}
