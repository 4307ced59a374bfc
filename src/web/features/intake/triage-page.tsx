import { useState, type FormEvent } from 'react';
import { TRIAGE_REASONS, type TriageReason } from '../../../domain/case-lifecycle.ts';
import { needLabel } from '../../../domain/needs.ts';
import {
  REFERRAL_SOURCE_LABELS,
  TRIAGE_REASON_LABELS,
  type IdentityCheck,
  type TriageDecision,
  type TriageItemView,
} from '../../../domain/schemas/referrals.ts';
import { isApiError } from '../../api.ts';
import { intakeApi } from './intake-api.ts';
import {
  Button,
  ErrorSummary,
  LoadFailed,
  Loading,
  NotificationBanner,
  PageHeading,
  Radios,
  Select,
  SummaryList,
  Tag,
  usePageTitle,
  type FieldError,
} from '../../ui/kit.tsx';
import { daysWaitingText, errorOf, WarningCallout } from './intake-ui.tsx';
import { ageOn, formatDate } from '../../ui/labels.ts';
import { useLoad } from '../../ui/use-load.ts';

/**
 * The lead's triage board: referrals waiting in the PCN, oldest first (as the server sends them),
 * with safeguarding and urgency flags that stand out, days waiting, needs, and the link workers who
 * cover the practice with their open caseloads. Allocate, reject or redirect with a coded reason.
 * What the lead chose is kept per referral across reloads, so a 409 (someone else got there first,
 * or the referral changed) is explained without losing it.
 */

interface Choice {
  linkWorkerId: string;
  reason: TriageReason | '';
}

const NO_CHOICE: Choice = { linkWorkerId: '', reason: '' };

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

export function TriagePage() {
  usePageTitle('Triage');
  const [loaded, reload] = useLoad((signal) => intakeApi.triage({}, signal), []);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const choiceOf = (id: string): Choice => choices[id] ?? NO_CHOICE;
  const choose = (id: string, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [id]: { ...(c[id] ?? NO_CHOICE), ...patch } }));
  const forget = (id: string) =>
    setChoices((c) => {
      const next = { ...c };
      delete next[id];
      return next;
    });

  const failed = (r: TriageItemView, err: unknown) => {
    if (isApiError(err) && err.status === 409) {
      setProblem({ kind: 'conflict', referralId: r.id, reference: r.reference });
      reload();
    } else if (isApiError(err) && err.code === 'invalid_input' && Object.keys(err.fields).length > 0) {
      const [first] = Object.values(err.fields);
      setProblem({ kind: 'fields', errors: [{ id: 'reason' in err.fields ? reasonId(r) : allocateId(r), message: first ?? err.message }] });
    } else {
      setProblem({ kind: 'other', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' });
      if (isApiError(err) && err.status === 404) reload();
    }
  };

  const allocate = async (r: TriageItemView) => {
    setFlash(null);
    const choice = choiceOf(r.id);
    const worker = r.suggestedLinkWorkers.find((w) => w.id === choice.linkWorkerId);
    if (worker === undefined) {
      setProblem({ kind: 'fields', errors: [{ id: allocateId(r), message: `Choose a link worker for ${r.reference}` }] });
      return;
    }
    setBusyId(r.id);
    setProblem(null);
    try {
      const done = await intakeApi.allocate(r.id, { linkWorkerId: worker.id, version: r.version });
      forget(r.id);
      setFlash(`${done.reference} allocated to ${done.linkWorker?.displayName ?? worker.displayName}. They will see it on their Today list.`);
      reload();
    } catch (err) {
      failed(r, err);
    } finally {
      setBusyId(null);
    }
  };

  const decide = async (r: TriageItemView, decision: TriageDecision) => {
    setFlash(null);
    const { reason } = choiceOf(r.id);
    if (reason === '') {
      setProblem({ kind: 'fields', errors: [{ id: reasonId(r), message: `Choose a reason to ${decision} ${r.reference}` }] });
      return;
    }
    setBusyId(r.id);
    setProblem(null);
    try {
      const done = await intakeApi.decide(r.id, decision, { reason, version: r.version });
      forget(r.id);
      setFlash(`${done.reference} ${DECISION_WORDS[decision].done}: ${TRIAGE_REASON_LABELS[reason].toLowerCase()}. The referrer will see the reason.`);
      reload();
    } catch (err) {
      failed(r, err);
    } finally {
      setBusyId(null);
    }
  };

  const stillWaiting = (id: string) => loaded.status === 'ok' && loaded.data.referrals.some((r) => r.id === id);

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
            {loaded.status === 'loading'
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
        New referrals to your PCN, oldest first. Give each to a link worker who covers the person’s practice, or turn it away with a reason the referrer will
        see.
      </p>
      {loaded.status === 'loading' ? <Loading what="referrals waiting" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        <>
          <p className="nhsuk-body lw-triage-counts" data-testid="triage-counts">
            <strong>{loaded.data.counts.waiting}</strong> waiting
            {loaded.data.counts.urgent > 0 ? (
              <>
                , <strong>{loaded.data.counts.urgent}</strong> urgent
              </>
            ) : null}
            {loaded.data.counts.safeguarding > 0 ? (
              <>
                , <strong>{loaded.data.counts.safeguarding}</strong> with a safeguarding concern
              </>
            ) : null}
          </p>
          {loaded.data.referrals.length === 0 ? (
            <p className="nhsuk-body" data-testid="triage-empty">
              No referrals are waiting. New ones appear here as soon as they are sent.
            </p>
          ) : (
            <ol className="nhsuk-list lw-triage-list" data-testid="triage-list">
              {loaded.data.referrals.map((r) => (
                <li key={r.id}>
                  <TriageCard
                    r={r}
                    choice={choiceOf(r.id)}
                    busy={busyId === r.id}
                    errors={problem?.kind === 'fields' ? problem.errors : []}
                    onChoose={(patch) => choose(r.id, patch)}
                    onAllocate={() => void allocate(r)}
                    onDecide={(d) => void decide(r, d)}
                  />
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
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

function TriageCard({
  r,
  choice,
  busy,
  errors,
  onChoose,
  onAllocate,
  onDecide,
}: {
  r: TriageItemView;
  choice: Choice;
  busy: boolean;
  errors: FieldError[];
  onChoose: (patch: Partial<Choice>) => void;
  onAllocate: () => void;
  onDecide: (d: TriageDecision) => void;
}) {
  const age = ageOn(r.person.dateOfBirth, new Date());
  const referrer = [r.referrer.name, r.referrer.organisationName].filter((s) => s !== null).join(', ');
  const onAllocateSubmit = (e: FormEvent) => {
    e.preventDefault();
    onAllocate();
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
        <form onSubmit={onAllocateSubmit} noValidate className="lw-triage-allocate">
          {r.suggestedLinkWorkers.length === 0 ? (
            <p className="nhsuk-body" id={allocateId(r)} tabIndex={-1}>
              No enabled link worker covers {r.practice.name}. Ask your administrator to add the practice to a link worker’s account, or turn the referral away.
            </p>
          ) : (
            <>
              <Radios
                id={allocateId(r)}
                legend="Allocate to a link worker"
                hint="Link workers who cover this practice, fewest open cases first."
                small
                value={choice.linkWorkerId}
                onChange={(linkWorkerId) => onChoose({ linkWorkerId })}
                error={errorOf(errors, allocateId(r))}
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
          <Select
            id={reasonId(r)}
            label="Or turn it away, with a reason the referrer will see"
            hint="Reject: social prescribing is not right for them. Redirect: another service is better suited."
            value={choice.reason}
            onChange={(v) => onChoose({ reason: (TRIAGE_REASONS as readonly string[]).includes(v) ? (v as TriageReason) : '' })}
            error={errorOf(errors, reasonId(r))}
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
