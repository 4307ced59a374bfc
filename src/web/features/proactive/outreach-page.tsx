import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { NeedCode } from '../../../domain/needs.ts';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import {
  DECLINE_CODE_LABELS,
  DECLINE_CODES,
  NEXT_ACTION_LABELS,
  NEXT_ACTIONS,
  NOT_SUITABLE_REASON_LABELS,
  NOT_SUITABLE_REASONS,
  OUTREACH_CHANNEL_LABELS,
  OUTREACH_CHANNELS,
  OUTREACH_STATE_LABELS,
  type NextAction,
} from '../../../domain/proactive/outreach.ts';
import { CONTACT_METHODS } from '../../../domain/schemas/person-details.ts';
import { acceptOutreachBodySchema, type OutreachAcceptedView, type OutreachListView, type OutreachView } from '../../../domain/schemas/outreach.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Link, useSearchParams } from '../../router.tsx';
import { useCan } from '../../session.tsx';
import { Checkboxes, Radios, Select, SingleCheckbox, TextInput } from '../../ui/fields.tsx';
import { Button, ErrorSummary, type FieldError, LoadFailed, Loading, NotificationBanner, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { formatDateTime } from '../../ui/labels.ts';
import { NeedCheckboxes } from '../../ui/need-checkboxes.tsx';
import { outreachApi, outreachKeys } from './outreach-api.ts';

/**
 * Proactive outreach (issue 12): the worklist of people found by a cohort run, grouped by what
 * needs doing next — a clinician's safety review, an invitation, a reply — with each step
 * recorded here: the review (GPs and leads), invitations (channel, language, easy read), the reply,
 * then accept (their details, needs and consent: a referral with source "proactive" follows),
 * decline with a reason, or opt out for good. Cards rather than a wide table, so it reads on a
 * phone. The practice data holds no names: people are known here by NHS number, age and sex.
 */

const SEX_WORDS: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };
const METHOD_WORDS: Readonly<Record<(typeof CONTACT_METHODS)[number], string>> = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'E-mail',
  letter: 'Letter',
};

function errorText(err: unknown): string {
  if (isApiError(err)) {
    const first = Object.values(err.fields)[0];
    return first ?? err.message;
  }
  return problemOf(err).message;
}

/** A small action form revealed under its summary (NHS details), so each card stays short. */
function Action({ summary, children, testId }: { summary: string; children: ReactNode; testId: string }) {
  return (
    <details className="nhsuk-details nhsuk-u-margin-bottom-2" data-testid={testId}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

function useStep<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}

function Problem({ error }: { error: unknown }) {
  return error === null || error === undefined ? null : (
    <p className="nhsuk-error-message" role="alert">
      <span className="nhsuk-u-visually-hidden">Error:</span> {errorText(error)}
    </p>
  );
}

function ReviewForm({ o }: { o: OutreachView }) {
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState<string>(NOT_SUITABLE_REASONS[0]);
  const step = useStep(() =>
    outreachApi.review(
      o.id,
      outcome === 'cleared'
        ? { version: o.version, outcome: 'cleared' }
        : { version: o.version, outcome: 'not_suitable', reason: reason as (typeof NOT_SUITABLE_REASONS)[number] },
    ),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (outcome !== '') step.mutate(undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Radios
        id={`review-${o.id}`}
        legend="Is it safe and appropriate to offer this person social prescribing now?"
        small
        value={outcome}
        onChange={setOutcome}
        items={[
          { value: 'cleared', label: 'Yes: cleared to invite' },
          { value: 'not_suitable', label: 'No: not suitable now' },
        ]}
      />
      {outcome === 'not_suitable' ? (
        <Select
          id={`review-reason-${o.id}`}
          label="Why not"
          value={reason}
          onChange={setReason}
          options={NOT_SUITABLE_REASONS.map((r) => ({ value: r, label: NOT_SUITABLE_REASON_LABELS[r] }))}
        />
      ) : null}
      <Problem error={step.error} />
      <Button small busy={step.isPending || outcome === ''}>
        Record review
      </Button>
    </form>
  );
}

function InviteForm({ o }: { o: OutreachView }) {
  const [channel, setChannel] = useState<string>('letter');
  const [language, setLanguage] = useState(o.language ?? 'en');
  const [easyRead, setEasyRead] = useState(o.easyRead);
  const step = useStep(() => outreachApi.invite(o.id, { version: o.version, channel: channel as (typeof OUTREACH_CHANNELS)[number], language, easyRead }));
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate(undefined);
      }}
    >
      <Select
        id={`channel-${o.id}`}
        label="How"
        value={channel}
        onChange={setChannel}
        options={OUTREACH_CHANNELS.map((c) => ({ value: c, label: OUTREACH_CHANNEL_LABELS[c] }))}
      />
      <TextInput id={`language-${o.id}`} label="Language" hint="A language code, like en, pl or ur" width="width-4" value={language} onChange={setLanguage} />
      <Checkboxes
        id={`easy-read-${o.id}`}
        legend="Format"
        small
        items={[{ value: 'easy_read', label: 'Easy read' }]}
        values={easyRead ? ['easy_read'] : []}
        onChange={(v) => setEasyRead(v.includes('easy_read'))}
      />
      <Problem error={step.error} />
      <Button small busy={step.isPending}>
        Record invitation {o.attempts + 1} of {o.maxAttempts}
      </Button>
    </form>
  );
}

function DeclineForm({ o }: { o: OutreachView }) {
  const [code, setCode] = useState<string>(DECLINE_CODES[0]);
  const step = useStep(() => outreachApi.decline(o.id, { version: o.version, code: code as (typeof DECLINE_CODES)[number] }));
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate(undefined);
      }}
    >
      <Select
        id={`decline-${o.id}`}
        label="Reason"
        value={code}
        onChange={setCode}
        options={DECLINE_CODES.map((c) => ({ value: c, label: DECLINE_CODE_LABELS[c] }))}
      />
      <Problem error={step.error} />
      <Button small variant="secondary" busy={step.isPending}>
        Record decline
      </Button>
    </form>
  );
}

function AcceptForm({ o, onAccepted }: { o: OutreachView; onAccepted: (a: OutreachAcceptedView) => void }) {
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [methods, setMethods] = useState<string[]>([]);
  const [needs, setNeeds] = useState<NeedCode[]>([]);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const queryClient = useQueryClient();
  const step = useMutation({
    mutationFn: (body: Parameters<typeof outreachApi.accept>[1]) => outreachApi.accept(o.id, body),
    onSuccess: (a) => {
      onAccepted(a);
      void queryClient.invalidateQueries({ queryKey: outreachKeys.all });
    },
  });
  const id = (f: string) => `accept-${f}-${o.id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      version: o.version,
      givenName,
      familyName,
      ...(phone.trim() === '' ? {} : { phone }),
      ...(email.trim() === '' ? {} : { email }),
      ...(methods.length === 0 ? {} : { contactPreferences: { methods } }),
      ...(o.postcode === null ? {} : { address: { postcode: o.postcode } }),
      needs,
      consentGiven: consent,
    };
    const parsed = acceptOutreachBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => ({ id: id(String(i.path[0] ?? 'givenName')), message: i.message })));
      return;
    }
    setErrors([]);
    step.mutate(body as Parameters<typeof outreachApi.accept>[1]);
  };
  const fieldError = (f: string) => errors.find((e) => e.id === id(f))?.message;
  return (
    <form onSubmit={submit} noValidate>
      {errors.length > 0 ? <ErrorSummary errors={errors} /> : null}
      <p className="nhsuk-body-s">
        Date of birth{o.postcode === null ? '' : ', postcode'} and sex come from the practice record. Ask for their name and how they would like to be
        contacted.
      </p>
      <TextInput id={id('givenName')} label="First name" value={givenName} onChange={setGivenName} autoComplete="off" error={fieldError('givenName')} />
      <TextInput id={id('familyName')} label="Last name" value={familyName} onChange={setFamilyName} autoComplete="off" error={fieldError('familyName')} />
      <TextInput id={id('phone')} label="Phone (optional)" value={phone} onChange={setPhone} width="width-20" error={fieldError('phone')} />
      <TextInput id={id('email')} label="E-mail (optional)" type="email" value={email} onChange={setEmail} error={fieldError('email')} />
      <Checkboxes
        id={id('contactPreferences')}
        legend="How they are happy to be contacted"
        small
        items={CONTACT_METHODS.map((m) => ({ value: m, label: METHOD_WORDS[m] }))}
        values={methods}
        onChange={setMethods}
      />
      <NeedCheckboxes id={id('needs')} legend="What they would like help with" values={needs} onChange={setNeeds} error={fieldError('needs')} />
      <SingleCheckbox
        id={id('consentGiven')}
        legend="Consent"
        label="They agreed to be referred to social prescribing"
        checked={consent}
        onChange={setConsent}
        error={fieldError('consentGiven')}
      />
      <Problem error={step.error} />
      <Button busy={step.isPending}>Accept and refer</Button>
    </form>
  );
}

function OutreachCard({
  o,
  manage,
  review,
  accepted,
  onAccepted,
}: {
  o: OutreachView;
  manage: boolean;
  review: boolean;
  /** The acceptance just made on this page (kept by the page: the card moves group and remounts). */
  accepted: OutreachAcceptedView | null;
  onAccepted: (a: OutreachAcceptedView) => void;
}) {
  const respond = useStep((outcome: 'responded' | 'no_response') => outreachApi.respond(o.id, { version: o.version, outcome }));
  const optOut = useStep(() => outreachApi.optOut(o.id, o.version));
  const open = o.state === 'invited' || o.state === 'responded';
  return (
    <li className="nhsuk-card nhsuk-u-margin-bottom-3" data-testid="outreach-item" data-state={o.state}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          <span className="lw-nowrap">{formatNhsNumber(o.nhsNumber)}</span>
        </h3>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
          {o.age === null ? 'Age not known' : `${o.age} years`} · {SEX_WORDS[o.sex ?? 'unknown'] ?? 'Not known'} · {o.practice.name}
        </p>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
          Found by{' '}
          {o.rules.map((r) => (
            <Tag key={r} colour="blue" className="lw-tag-gap">
              {r}
            </Tag>
          ))}
        </p>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2" data-testid="outreach-state">
          <Tag colour={o.nextAction === 'done' ? 'grey' : 'white'}>{OUTREACH_STATE_LABELS[o.state]}</Tag>
          {o.attempts > 0 ? ` · invitations ${o.attempts} of ${o.maxAttempts}` : ''}
          {o.lastAttemptAt !== null ? ` · last ${formatDateTime(o.lastAttemptAt)}` : ''}
          {o.declineCode !== null ? ` · ${DECLINE_CODE_LABELS[o.declineCode as (typeof DECLINE_CODES)[number]] ?? o.declineCode}` : ''}
          {o.reviewReason !== null ? ` · ${NOT_SUITABLE_REASON_LABELS[o.reviewReason as (typeof NOT_SUITABLE_REASONS)[number]] ?? o.reviewReason}` : ''}
        </p>
        {accepted !== null ? (
          <NotificationBanner success title="Referred" testId="outreach-accepted">
            <p>
              Referral {accepted.referral.reference} is waiting for triage. <Link to={`/cases/${accepted.referral.id}`}>Open the referral</Link>
            </p>
          </NotificationBanner>
        ) : o.referral !== null ? (
          <p className="nhsuk-body-s">
            <Link to={`/cases/${o.referral.id}`}>Referral {o.referral.reference ?? ''}</Link>
          </p>
        ) : null}
        {o.nextAction === 'review' && review ? (
          <Action summary="Record the safety review" testId="action-review">
            <ReviewForm o={o} />
          </Action>
        ) : null}
        {manage && o.canInvite ? (
          <Action summary={o.attempts === 0 ? 'Record an invitation' : 'Record another invitation'} testId="action-invite">
            <InviteForm o={o} />
          </Action>
        ) : null}
        {manage && open && accepted === null ? (
          <>
            {o.state === 'invited' ? (
              <div className="nhsuk-button-group">
                <Button small variant="secondary" type="button" busy={respond.isPending} onClick={() => respond.mutate('responded')}>
                  They replied
                </Button>
                {o.attempts >= o.maxAttempts ? (
                  <Button small variant="secondary" type="button" busy={respond.isPending} onClick={() => respond.mutate('no_response')}>
                    No response
                  </Button>
                ) : null}
              </div>
            ) : null}
            <Problem error={respond.error} />
            <Action summary="They accepted: refer them" testId="action-accept">
              <AcceptForm o={o} onAccepted={onAccepted} />
            </Action>
            <Action summary="They declined" testId="action-decline">
              <DeclineForm o={o} />
            </Action>
          </>
        ) : null}
        {manage && o.state !== 'accepted' && o.state !== 'opted_out' && accepted === null ? (
          <Action summary="They asked never to be contacted again" testId="action-opt-out">
            <p className="nhsuk-body-s">They will not be invited again from any later cohort at this practice.</p>
            <Problem error={optOut.error} />
            <Button small variant="warning" type="button" busy={optOut.isPending} onClick={() => optOut.mutate(undefined)}>
              Record opt-out
            </Button>
          </Action>
        ) : null}
      </div>
    </li>
  );
}

function StartPanel({ runId }: { runId: string }) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => outreachApi.start(runId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.all }),
  });
  return (
    <div className="nhsuk-inset-text" data-testid="start-outreach">
      <p>Nobody from this cohort is in outreach yet.</p>
      {start.data !== undefined ? (
        <p>
          {start.data.started} started; skipped {start.data.skipped.optedOut} opted out, {start.data.skipped.doNotContact} marked do-not-contact and{' '}
          {start.data.skipped.inAnotherRun} already in outreach.
        </p>
      ) : null}
      <Problem error={start.error} />
      <Button type="button" busy={start.isPending} onClick={() => start.mutate()}>
        Start outreach for this cohort
      </Button>
    </div>
  );
}

const GROUP_HINTS: { readonly [A in NextAction]: string } = {
  review: 'A GP or the lead checks it is safe and appropriate to contact each person.',
  invite: 'Cleared: invite them, in the way and language that suits them.',
  await_reply: 'Invited: record their reply, or no response after the last invitation.',
  done: 'Accepted, declined, not suitable, no response or opted out.',
};

/**
 * The outreach worklist (`/proactive/outreach`, link workers and leads) and the clinicians' safety
 * reviews (`/proactive/reviews`, GPs and leads); `?run=<id>` shows one cohort run.
 */
export function OutreachPage({ view }: { view: 'worklist' | 'reviews' }) {
  const can = useCan();
  const manage = view === 'worklist' && can('outreach:manage');
  const review = can('outreach:review');
  const run = useSearchParams().get('run');
  usePageTitle(view === 'worklist' ? 'Outreach' : 'Safety reviews');
  const [accepted, setAccepted] = useState<Readonly<Record<string, OutreachAcceptedView>>>({});
  const list = useQuery<OutreachListView>({
    queryKey: outreachKeys.list(view, run),
    queryFn: ({ signal }) => (manage ? outreachApi.worklist(run, signal) : outreachApi.reviews(run, signal)),
  });
  return (
    <>
      <PageHeading caption="Proactive social prescribing">{manage ? 'Outreach' : 'Safety reviews'}</PageHeading>
      <p className="nhsuk-body">
        {manage
          ? 'People found by a cohort at your practices, what needs doing next first. Each invitation records the offer of social prescribing.'
          : 'People at your practice found by a cohort search. Before anyone is invited, check it is safe and appropriate to offer them social prescribing now.'}
      </p>
      {run !== null ? (
        <p className="nhsuk-body-s">
          One cohort run only. <Link to={view === 'worklist' ? '/proactive/outreach' : '/proactive/reviews'}>Show everyone</Link>
        </p>
      ) : null}
      {list.isPending ? (
        <Loading what="the outreach worklist" />
      ) : list.isError ? (
        <LoadFailed message={problemOf(list.error).message} />
      ) : (
        <>
          {run !== null && manage && list.data.total === 0 ? <StartPanel runId={run} /> : null}
          {list.data.total === 0 && run === null ? (
            <p className="nhsuk-body">{manage ? 'Nobody is in outreach at your practices.' : 'Nobody is waiting for a safety review.'}</p>
          ) : null}
          {NEXT_ACTIONS.map((a) => {
            const items = list.data.items.filter((i) => i.nextAction === a);
            if (items.length === 0) return null;
            return (
              <section key={a} aria-labelledby={`group-${a}`} data-testid={`group-${a}`}>
                <h2 className="nhsuk-heading-m" id={`group-${a}`}>
                  {NEXT_ACTION_LABELS[a]} <span className="lw-count">{list.data.counts[a]}</span>
                </h2>
                <p className="nhsuk-body-s">{GROUP_HINTS[a]}</p>
                <ul className="nhsuk-list">
                  {items.map((o) => (
                    <OutreachCard
                      key={o.id}
                      o={o}
                      manage={manage}
                      review={review}
                      accepted={accepted[o.id] ?? null}
                      onAccepted={(a) => setAccepted((m) => ({ ...m, [o.id]: a }))}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
          {list.data.items.length < list.data.total ? (
            <p className="nhsuk-body-s">
              Showing the first {list.data.items.length} of {list.data.total}.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
