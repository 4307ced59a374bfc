import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TRIAGE_REASONS } from '../../../domain/case-lifecycle.ts';
import { needLabel } from '../../../domain/needs.ts';
import {
  allocateReferralBodySchema,
  REFERRAL_SOURCE_LABELS,
  TRIAGE_REASON_LABELS,
  triageDecisionBodySchema,
  type IdentityCheck,
  type TriageDecision,
  type TriageItemView,
} from '../../../domain/schemas/referrals.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { intakeApi, intakeKeys } from './intake-api.ts';
import {
  Button,
  ErrorSummary,
  LoadFailed,
  Loading,
  NotificationBanner,
  PageHeading,
  SummaryList,
  Tag,
  usePageTitle,
  WarningCallout,
  type FieldError,
} from '../../ui/kit.tsx';
import { RadiosField, SelectField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { daysWaitingText } from './labels.ts';
import { ageOn, formatDate } from '../../ui/labels.ts';

/**
 * The lead's triage board: referrals waiting in the PCN, most pressing first (as the server sends them),
 * with safeguarding and urgency flags that stand out, days waiting, needs, and the link workers who
 * cover the practice with their open caseloads. Allocate, reject or redirect with a coded reason.
 * What the lead chose is kept per referral across reloads, so a 409 (someone else got there first,
 * or the referral changed) is explained without losing it.
 */

const IDENTITY_CHECK_WORDS: { readonly [C in IdentityCheck]: string } = {
  possible_duplicate: 'Someone with similar details is already known: check this is not the same person',
  nhs_number_not_matched: 'The NHS number given belongs to someone with another date of birth, so it was not recorded',
  details_differ_from_record: 'The details given differ from the record with this NHS number',
};

const DECISION_WORDS: { readonly [D in TriageDecision]: { button: string; done: string } } = {
  reject: { button: 'Reject', done: 'rejected' },
  redirect: { button: 'Redirect', done: 'redirected' },
};

const allocateId = (r: { id: string }) => `allocate-${r.id}`;
const reasonId = (r: { id: string }) => `reason-${r.id}`;

type Problem = { kind: 'fields'; errors: FieldError[] } | { kind: 'conflict'; referralId: string; reference: string } | { kind: 'other'; message: string };

/** What each card reports to the board: problems for the one summary at the top, a refusal, or a success to announce. */
interface Board {
  errors: readonly FieldError[];
  fail: (errors: FieldError[]) => void;
  failed: (r: TriageItemView, err: unknown) => Promise<void>;
  done: (message: string) => Promise<void>;
}

export function TriagePage() {
  usePageTitle('Triage');
  const queryClient = useQueryClient();
  const triage = useQuery({ queryKey: intakeKeys.triage(), queryFn: ({ signal }) => intakeApi.triage({}, signal) });
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: intakeKeys.triage() });

  const board: Board = {
    errors: problem?.kind === 'fields' ? problem.errors : [],
    fail: (errors) => {
      setFlash(null);
      setProblem({ kind: 'fields', errors });
    },
    failed: async (r, err) => {
      setFlash(null);
      if (isApiError(err) && err.status === 409) {
        setProblem({ kind: 'conflict', referralId: r.id, reference: r.reference });
        await reload();
      } else if (isApiError(err) && err.code === 'invalid_input' && Object.keys(err.fields).length > 0) {
        const [first] = Object.values(err.fields);
        setProblem({ kind: 'fields', errors: [{ id: 'reason' in err.fields ? reasonId(r) : allocateId(r), message: first ?? err.message }] });
      } else {
        setProblem({ kind: 'other', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' });
        if (isApiError(err) && err.status === 404) await reload();
      }
    },
    // The board shows the change before the banner says it happened.
    done: async (message) => {
      setProblem(null);
      await reload();
      setFlash(message);
    },
  };

  const stillWaiting = (id: string) => triage.data?.referrals.some((r) => r.id === id) === true;

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="triage-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {problem?.kind === 'fields' ? <ErrorSummary errors={problem.errors} /> : null}
      {problem?.kind === 'conflict' ? (
        <ErrorSummary errors={[]} title="Nothing was saved">
          <p data-testid="triage-conflict">
            Someone else changed {problem.reference} while you were looking at it, so your choice was not saved. The board now shows the latest.{' '}
            {triage.isFetching
              ? null
              : stillWaiting(problem.referralId)
                ? 'It is still waiting, and what you chose is still selected: check it and try again.'
                : 'It is no longer waiting for triage: someone else has dealt with it.'}
          </p>
        </ErrorSummary>
      ) : null}
      {problem?.kind === 'other' ? (
        <ErrorSummary errors={[]}>
          <p>{problem.message}</p>
        </ErrorSummary>
      ) : null}
      <PageHeading>Triage</PageHeading>
      <p className="nhsuk-body">
        New referrals to your PCN: urgent ones and safeguarding concerns first, then those wanted soon, then routine ones, oldest first within each. Give each
        to a link worker who covers the person’s practice, or turn it away with a reason the referrer will see.
      </p>
      {triage.isPending ? <Loading what="referrals waiting" /> : null}
      {triage.isError && triage.data === undefined ? <LoadFailed message={problemOf(triage.error).message} /> : null}
      {triage.data === undefined ? null : (
        <>
          <p className="nhsuk-body lw-triage-counts" data-testid="triage-counts">
            <strong>{triage.data.counts.waiting}</strong> waiting
            {triage.data.counts.urgent > 0 ? (
              <>
                , <strong>{triage.data.counts.urgent}</strong> urgent
              </>
            ) : null}
            {triage.data.counts.safeguarding > 0 ? (
              <>
                , <strong>{triage.data.counts.safeguarding}</strong> with a safeguarding concern
              </>
            ) : null}
          </p>
          {triage.data.referrals.length === 0 ? (
            <p className="nhsuk-body" data-testid="triage-empty">
              No referrals are waiting. New ones appear here as soon as they are sent.
            </p>
          ) : (
            <ol className="nhsuk-list lw-triage-list" data-testid="triage-list">
              {triage.data.referrals.map((r) => (
                <li key={r.id}>
                  <TriageCard r={r} board={board} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}

function Flags({ r }: { r: TriageItemView }) {
  return (
    <p className="lw-flags" data-testid="flags">
      {r.safeguarding ? <Tag colour="red">Safeguarding concern</Tag> : null}
      {r.urgency === 'urgent' ? <Tag colour="orange">Urgent</Tag> : null}
      {r.urgency === 'soon' ? <Tag colour="yellow">Soon</Tag> : null}
      {r.urgency === 'routine' ? <Tag colour="grey">Routine</Tag> : null}
      {r.identityChecks.length > 0 ? <Tag colour="purple">Check identity</Tag> : null}
      <strong className="lw-days" data-testid="days-waiting">
        {daysWaitingText(r.daysWaiting)}
      </strong>
    </p>
  );
}

/** Allocate: a link worker who covers the practice, for the version the lead is looking at. */
const allocateForm = (r: TriageItemView) =>
  formSchema(allocateReferralBodySchema, (v: { linkWorkerId: string }, problem) => {
    if (!r.suggestedLinkWorkers.some((w) => w.id === v.linkWorkerId)) problem('linkWorkerId', `Choose a link worker for ${r.reference}`);
    return { linkWorkerId: v.linkWorkerId, version: r.version };
  });

/** Reject or redirect (the button pressed): a coded reason the referrer will see. */
const decideForm = (r: TriageItemView) =>
  formSchema(triageDecisionBodySchema, (v: { reason: string; decision: TriageDecision }, problem) => {
    if (v.reason === '') problem('reason', `Choose a reason to ${v.decision} ${r.reference}`);
    return { reason: v.reason || undefined, version: r.version };
  });

function TriageCard({ r, board }: { r: TriageItemView; board: Board }) {
  const age = ageOn(r.person.dateOfBirth, new Date());
  const referrer = [r.referrer.name, r.referrer.organisationName].filter((s) => s !== null).join(', ');
  // What the lead chose stays chosen while the board re-reads (after a conflict, say).
  const allocate = useNhsForm({
    schema: allocateForm(r),
    defaultValues: { linkWorkerId: '' },
    fieldIds: { linkWorkerId: allocateId(r), version: allocateId(r) },
    report: board.fail,
  });
  const decide = useNhsForm({
    schema: decideForm(r),
    defaultValues: { reason: '', decision: 'reject' },
    fieldIds: { reason: reasonId(r), version: reasonId(r) },
    report: board.fail,
  });
  const busy = allocate.formState.isSubmitting || decide.formState.isSubmitting;

  const onAllocate = allocate.submitWith(async (body) => {
    try {
      const done = await intakeApi.allocate(r.id, body);
      const worker = r.suggestedLinkWorkers.find((w) => w.id === body.linkWorkerId);
      await board.done(
        `${done.reference} allocated to ${done.linkWorker?.displayName ?? worker?.displayName ?? 'a link worker'}. They will see it on their Today list.`,
      );
    } catch (err) {
      await board.failed(r, err);
    }
  });
  const onDecide = (decision: TriageDecision) => {
    decide.setValue('decision', decision);
    decide.submitWith(async (body) => {
      try {
        const done = await intakeApi.decide(r.id, decision, body);
        await board.done(
          `${done.reference} ${DECISION_WORDS[decision].done}: ${TRIAGE_REASON_LABELS[body.reason].toLowerCase()}. The referrer will see the reason.`,
        );
      } catch (err) {
        await board.failed(r, err);
      }
    })();
  };

  const flagClass = r.safeguarding ? ' lw-triage-card--safeguarding' : r.urgency === 'urgent' ? ' lw-triage-card--urgent' : '';
  return (
    <section className={`nhsuk-card lw-triage-card${flagClass}`} data-testid="triage-item" data-reference={r.reference} aria-labelledby={`heading-${r.id}`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`heading-${r.id}`}>
          <span className="nhsuk-caption-m">
            {r.reference}
            <span className="nhsuk-u-visually-hidden"> – </span>
          </span>
          {r.person.familyName.toUpperCase()}, {r.person.givenName}
        </h2>
        <Flags r={r} />
        {r.safeguarding ? (
          <WarningCallout label="Safeguarding concern" testId="risk-details">
            <p>{r.riskDetails ?? 'Flagged because of the reasons for referral. No details were given: ask the referrer before allocating.'}</p>
          </WarningCallout>
        ) : null}
        {r.identityChecks.length > 0 ? (
          <div className="nhsuk-inset-text" data-testid="identity-checks">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>Check who this is before allocating:</p>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {r.identityChecks.map((c) => (
                <li key={c}>{IDENTITY_CHECK_WORDS[c]}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <SummaryList
          rows={[
            { key: 'Reasons', value: r.needs.map(needLabel).join(', ') },
            ...(r.reasonText === null ? [] : [{ key: 'In the referrer’s words', value: <span className="lw-pre-wrap">{r.reasonText}</span> }]),
            { key: 'Born', value: `${formatDate(r.person.dateOfBirth)}${age === null ? '' : ` (${age})`}` },
            { key: 'GP practice', value: r.practice.name },
            { key: 'Postcode', value: r.person.postcode ?? 'Not given' },
            { key: 'NHS number', value: r.person.hasNhsNumber ? 'Recorded' : 'Not known yet' },
            {
              key: 'Referred',
              value: `${formatDate(r.createdAt)} by ${referrer === '' ? REFERRAL_SOURCE_LABELS[r.source] : `${referrer} (${REFERRAL_SOURCE_LABELS[r.source]})`}`,
            },
            ...(r.referrer.contact === null ? [] : [{ key: 'Referrer’s contact', value: r.referrer.contact }]),
            ...(r.contactNotes === null ? [] : [{ key: 'How to contact them', value: <span className="lw-pre-wrap">{r.contactNotes}</span> }]),
            { key: 'Consent', value: r.consentGiven ? 'Agreed to be referred' : 'Not yet asked (ask at first contact)' },
          ]}
        />
        <form onSubmit={onAllocate} noValidate className="lw-triage-allocate">
          {r.suggestedLinkWorkers.length === 0 ? (
            <p className="nhsuk-body" id={allocateId(r)} tabIndex={-1}>
              No enabled link worker covers {r.practice.name}. Ask your administrator to add the practice to a link worker’s account, or turn the referral away.
            </p>
          ) : (
            <>
              <RadiosField
                control={allocate.control}
                name="linkWorkerId"
                id={allocateId(r)}
                legend="Allocate to a link worker"
                hint="Link workers who cover this practice, fewest open cases first."
                small
                error={errorFor(board.errors, allocateId(r))}
                items={r.suggestedLinkWorkers.map((w) => ({
                  value: w.id,
                  label: w.displayName,
                  hint: `${w.openCaseload} open ${w.openCaseload === 1 ? 'case' : 'cases'}`,
                }))}
              />
              <Button busy={busy}>
                Allocate<span className="nhsuk-u-visually-hidden"> {r.reference}</span>
              </Button>
            </>
          )}
        </form>
        <div className="lw-triage-decide">
          <SelectField
            control={decide.control}
            name="reason"
            id={reasonId(r)}
            label="Or turn it away, with a reason the referrer will see"
            hint="Reject: social prescribing is not right for them. Redirect: another service is better suited."
            error={errorFor(board.errors, reasonId(r))}
            options={[{ value: '', label: 'Choose a reason' }, ...TRIAGE_REASONS.map((t) => ({ value: t, label: TRIAGE_REASON_LABELS[t] }))]}
          />
          <div className="nhsuk-button-group">
            {(['reject', 'redirect'] as const).map((d) => (
              <Button key={d} type="button" variant="secondary" small busy={busy} onClick={() => onDecide(d)}>
                {DECISION_WORDS[d].button}
                <span className="nhsuk-u-visually-hidden"> {r.reference}</span>
              </Button>
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
