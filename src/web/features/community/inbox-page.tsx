import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  COMMUNITY_REFERRAL_STATUS_LABELS,
  DECLINE_REASON_LABELS,
  DECLINE_REASONS,
  type CommunityReferralStatus,
  type ProviderCommand,
} from '../../../domain/community-referral.ts';
import { needLabel } from '../../../domain/needs.ts';
import { respondCommunityReferralBodySchema, type InboxItemView } from '../../../domain/schemas/community.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { intakeApi, intakeKeys, type RespondBody } from '../intake/intake-api.ts';
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
  type FieldError,
  type TagColour,
} from '../../ui/kit.tsx';
import { SelectField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Link, useSearchParams } from '../../router.tsx';

/**
 * The provider's inbox: referrals to their organisation's services with the minimum necessary
 * about each person (name, contact, reason, consent: what the server sends and nothing more).
 * Accept, decline with a coded reason, then record started, attended or did not attend, completed.
 * Only the buttons the closed loop allows now are offered (the server says which).
 */

const STATES = [
  { value: 'open', label: 'To do' },
  { value: 'closed', label: 'Finished' },
  { value: 'all', label: 'All' },
] as const;
type InboxState = (typeof STATES)[number]['value'];

const COMMAND_WORDS: { readonly [C in ProviderCommand]: { button: string; done: string } } = {
  accept: { button: 'Accept', done: 'Accepted' },
  decline: { button: 'Decline', done: 'Declined' },
  start: { button: 'Mark as started', done: 'Marked as started' },
  mark_attended: { button: 'Mark as attended', done: 'Marked as attended' },
  mark_did_not_attend: { button: 'Mark as did not attend', done: 'Marked as did not attend' },
  complete: { button: 'Mark as completed', done: 'Marked as completed' },
};

const STATUS_COLOURS: { readonly [S in CommunityReferralStatus]: TagColour } = {
  sent: 'blue',
  accepted: 'aqua-green',
  declined: 'grey',
  no_response: 'grey',
  started: 'green',
  attended: 'green',
  did_not_attend: 'orange',
  completed: 'grey',
  cancelled: 'grey',
  signposted: 'white',
};

const CONTACT_METHOD_WORDS: Readonly<Record<string, string>> = { phone: 'Phone', text: 'Text message', email: 'Email', letter: 'Letter' };

const declineId = (item: { id: string }) => `decline-${item.id}`;

type Problem = { kind: 'fields'; errors: FieldError[] } | { kind: 'message'; title: string; message: string };

interface Respond {
  item: InboxItemView;
  body: RespondBody;
}

export function InboxPage() {
  usePageTitle('Referral inbox');
  const queryClient = useQueryClient();
  const asked = useSearchParams().get('state');
  const state: InboxState = STATES.some((s) => s.value === asked) ? (asked as InboxState) : 'open';
  const inbox = useQuery({ queryKey: intakeKeys.inbox(state), queryFn: ({ signal }) => intakeApi.inbox(state, signal) });
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: intakeKeys.all });

  const respond = useMutation({
    mutationFn: ({ item, body }: Respond) => intakeApi.respond(item.id, body),
    onMutate: () => {
      setFlash(null);
      setProblem(null);
    },
    // The inbox shows the change before the banner says it happened.
    onSuccess: async (done, { body }) => {
      await reload();
      setFlash(`${COMMAND_WORDS[body.command].done}: ${done.person.givenName} ${done.person.familyName}, ${done.serviceName}.`);
    },
    onError: async (err, { item }) => {
      if (isApiError(err) && err.status === 409) {
        setProblem({
          kind: 'message',
          title: 'Nothing was saved',
          message: `The referral for ${item.person.givenName} ${item.person.familyName} changed since you opened the inbox (the link worker may have withdrawn it, or a colleague answered it). The inbox now shows the latest: check it and try again if you still need to.`,
        });
        await reload();
      } else if (isApiError(err) && err.code === 'invalid_input') {
        setProblem({ kind: 'fields', errors: [{ id: declineId(item), message: Object.values(err.fields)[0] ?? err.message }] });
      } else {
        setProblem({ kind: 'message', title: 'There is a problem', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' });
      }
    },
  });
  const send = (r: Respond) => respond.mutateAsync(r).catch(() => undefined);
  const fields = problem?.kind === 'fields' ? problem.errors : [];

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="inbox-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {problem?.kind === 'fields' ? <ErrorSummary errors={problem.errors} /> : null}
      {problem?.kind === 'message' ? (
        <ErrorSummary errors={[]} title={problem.title}>
          <p data-testid="inbox-problem">{problem.message}</p>
        </ErrorSummary>
      ) : null}
      <PageHeading>Referral inbox</PageHeading>
      <p className="nhsuk-body">
        People referred to your services by link workers. Please reply within 14 days: unanswered referrals close as “no response” and the link worker is told.
      </p>
      <nav aria-label="Inbox views" className="lw-views">
        <ul className="lw-views__list">
          {STATES.map((s) => (
            <li key={s.value} className="lw-views__item">
              <Link
                to={s.value === 'open' ? '/inbox' : `/inbox?state=${s.value}`}
                aria-current={s.value === state ? 'page' : undefined}
                className={s.value === state ? 'lw-views__link lw-views__link--current' : 'lw-views__link'}
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {inbox.isPending ? <Loading what="your inbox" /> : null}
      {inbox.isError && inbox.data === undefined ? <LoadFailed message={problemOf(inbox.error).message} /> : null}
      {inbox.data?.items.length === 0 ? (
        <p className="nhsuk-body" data-testid="inbox-empty">
          {state === 'open' ? 'Nothing needs your attention.' : 'There is nothing here yet.'}
        </p>
      ) : null}
      {inbox.data !== undefined && inbox.data.items.length > 0 ? (
        <ol className="nhsuk-list lw-triage-list" data-testid="inbox-list">
          {inbox.data.items.map((item) => (
            <li key={item.id}>
              <InboxCard
                item={item}
                busy={respond.isPending && respond.variables.item.id === item.id}
                error={errorFor(fields, declineId(item))}
                onFail={(errors) => {
                  setFlash(null);
                  setProblem({ kind: 'fields', errors });
                }}
                onRespond={(body) => send({ item, body })}
              />
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

/** Declining needs a coded reason the link worker will see. */
const declineForm = (name: string, version: number) =>
  formSchema(respondCommunityReferralBodySchema, (v: { reason: string }, problem) => {
    if (v.reason === '') problem('declineReason', `Choose a reason for declining the referral for ${name}`);
    return { command: 'decline', declineReason: v.reason || undefined, version };
  });

function InboxCard({
  item,
  busy,
  error,
  onFail,
  onRespond,
}: {
  item: InboxItemView;
  busy: boolean;
  error: string | undefined;
  onFail: (errors: FieldError[]) => void;
  onRespond: (body: RespondBody) => Promise<unknown>;
}) {
  const name = `${item.person.givenName} ${item.person.familyName}`;
  const others = item.allowedCommands.filter((c) => c !== 'decline');
  const canDecline = item.allowedCommands.includes('decline');
  const methods = item.person.contactMethods.map((m) => CONTACT_METHOD_WORDS[m] ?? m).join(', ');
  const decline = useNhsForm({
    schema: declineForm(name, item.version),
    defaultValues: { reason: '' },
    fieldIds: { declineReason: declineId(item), command: declineId(item), version: declineId(item) },
    report: onFail,
  });
  const onDecline = decline.submitWith(async (body) => {
    await onRespond(body);
  });
  return (
    <section className="nhsuk-card lw-triage-card" data-testid="inbox-item" data-status={item.status} aria-labelledby={`heading-${item.id}`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`heading-${item.id}`}>
          <span className="nhsuk-caption-m">
            {item.serviceName}
            <span className="nhsuk-u-visually-hidden"> – </span>
          </span>
          {name}
        </h2>
        <p className="lw-flags">
          <Tag colour={STATUS_COLOURS[item.status]}>{COMMUNITY_REFERRAL_STATUS_LABELS[item.status]}</Tag>
          {item.status === 'sent' && item.expiresAt !== null ? <strong className="lw-days">Reply by {formatDate(item.expiresAt)}</strong> : null}
          {item.declineReason === null ? null : <span>{DECLINE_REASON_LABELS[item.declineReason]}</span>}
        </p>
        <SummaryList
          rows={[
            { key: 'Help with', value: item.need === null ? 'Not given' : needLabel(item.need) },
            ...(item.reasonText === null ? [] : [{ key: 'From the link worker', value: <span className="lw-pre-wrap">{item.reasonText}</span> }]),
            { key: 'Referred', value: `${formatDate(item.sentAt)}${item.referredBy === null ? '' : ` by ${item.referredBy}`}` },
            { key: 'Phone', value: item.person.phone ?? 'Not given' },
            { key: 'Email', value: item.person.email === null ? 'Not given' : <span className="lw-break">{item.person.email}</span> },
            ...(methods === '' ? [] : [{ key: 'Prefers', value: methods }]),
            ...(item.person.contactNotes === null ? [] : [{ key: 'Contact notes', value: item.person.contactNotes }]),
            {
              key: 'Consent',
              value: item.consent.given
                ? `Agreed to be referred${item.consent.recordedAt === null ? '' : ` (recorded ${formatDate(item.consent.recordedAt)})`}`
                : 'Not recorded: check with the link worker before contacting them',
            },
          ]}
        />
        {others.length === 0 && !canDecline ? null : (
          <div className="nhsuk-button-group" data-testid="inbox-actions">
            {others.map((c) => (
              <Button
                key={c}
                type="button"
                variant={c === 'accept' ? undefined : 'secondary'}
                busy={busy}
                onClick={() => void onRespond({ command: c, version: item.version })}
              >
                {COMMAND_WORDS[c].button}
                <span className="nhsuk-u-visually-hidden">
                  {c === 'accept' ? ' the referral' : ''} for {name}
                </span>
              </Button>
            ))}
          </div>
        )}
        {canDecline ? (
          <div className="lw-triage-decide">
            <SelectField
              control={decline.control}
              name="reason"
              id={declineId(item)}
              label="Or decline, with a reason the link worker will see"
              error={error}
              options={[{ value: '', label: 'Choose a reason' }, ...DECLINE_REASONS.map((r) => ({ value: r, label: DECLINE_REASON_LABELS[r] }))]}
            />
            <Button type="button" variant="secondary" small busy={busy || decline.formState.isSubmitting} onClick={() => onDecline()}>
              Decline<span className="nhsuk-u-visually-hidden"> the referral for {name}</span>
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
