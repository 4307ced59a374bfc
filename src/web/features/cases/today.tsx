import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DISCHARGE_REASON_LABELS } from '../../../domain/case-lifecycle.ts';
import { todayQuerySchema, type CaseSummaryView, type NotificationView, type TodayView } from '../../../domain/schemas/cases.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { usersApi, usersKeys } from '../identity/identity-api.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { CaseStatusTag } from '../../ui/case-status.tsx';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { SelectField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { listName, notificationConcerns, notificationText } from './labels.ts';

/** One case on a Today list: who, the reference, status, and the fact that put it there. */
function CaseLine({ c, fact }: { c: CaseSummaryView; fact: ReactNode }) {
  return (
    <li className="lw-worklist__item" data-testid="today-item">
      <Link to={`/cases/${c.id}`} className="lw-worklist__name">
        {listName(c.person)}
      </Link>{' '}
      <span className="nhsuk-u-secondary-text-colour lw-nowrap">{c.reference}</span> <CaseStatusTag status={c.status} />
      {c.safeguarding ? (
        <Tag colour="red" className="lw-tag-gap">
          Safeguarding
        </Tag>
      ) : null}
      <span className="lw-block nhsuk-body-s lw-worklist__fact">{fact}</span>
    </li>
  );
}

function WorkList({ id, title, empty, children, count }: { id: string; title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section className="lw-worklist" aria-labelledby={`${id}-heading`} data-testid={`today-${id}`}>
      <h2 className="nhsuk-heading-m" id={`${id}-heading`}>
        {title} <span className="lw-count">{count}</span>
      </h2>
      {count === 0 ? <p className="nhsuk-body nhsuk-u-secondary-text-colour">{empty}</p> : <ul className="nhsuk-list">{children}</ul>}
    </section>
  );
}

const lastContact = (c: CaseSummaryView): string => (c.lastContactAt === null ? 'No contact yet' : `Last contact ${formatDate(c.lastContactAt)}`);

const whoseForm = formSchema(todayQuerySchema, (v: { linkWorkerId: string }) => ({ linkWorkerId: v.linkWorkerId === '' ? undefined : v.linkWorkerId }));

/** The link worker's worklist for today, and their notifications. A lead may look at one of their link workers' Today. */
export function TodayPage() {
  const me = useMe();
  const can = useCan();
  const isLead = can('referral:triage');
  const params = useSearchParams();
  const linkWorkerId = params.get('linkWorkerId') ?? undefined;
  usePageTitle('Today');
  const today = useQuery({ queryKey: casesKeys.today(linkWorkerId), queryFn: ({ signal }) => casesApi.today(linkWorkerId, signal) });
  const team = useQuery({
    queryKey: usersKeys.list(),
    queryFn: ({ signal }) => usersApi.list(signal),
    select: (r) => r.users.filter((u) => u.role === 'link_worker' && !u.disabled),
    enabled: isLead,
  });
  const form = useNhsForm({ schema: whoseForm, defaultValues: { linkWorkerId: linkWorkerId ?? '' }, fieldIds: { linkWorkerId: 'today-link-worker' } });

  const onSubmit = form.submitWith((body) =>
    navigate(body.linkWorkerId === undefined ? '/today' : `/today?linkWorkerId=${encodeURIComponent(body.linkWorkerId)}`),
  );

  const whose =
    linkWorkerId === undefined || linkWorkerId === me.user.id
      ? null
      : team.isSuccess
        ? (team.data.find((u) => u.id === linkWorkerId)?.displayName ?? 'A link worker')
        : 'A link worker';
  return (
    <>
      <PageHeading caption={today.isSuccess ? formatDate(today.data.date) : undefined}>{whose === null ? 'Today' : `Today for ${whose}`}</PageHeading>
      {isLead && team.isSuccess ? (
        <form className="lw-filters" onSubmit={onSubmit} noValidate>
          <SelectField
            control={form.control}
            name="linkWorkerId"
            id="today-link-worker"
            label="Whose Today"
            options={[{ value: '', label: 'Mine' }, ...team.data.map((u) => ({ value: u.id, label: u.displayName }))]}
          />
          <div className="nhsuk-button-group">
            <Button variant="secondary" small>
              Show
            </Button>
          </div>
        </form>
      ) : null}
      {today.isPending ? <Loading what="today’s work" /> : null}
      {today.isError ? <LoadFailed message={problemOf(today.error).message} /> : null}
      {today.isSuccess ? <TodayLists today={today.data} /> : null}
      {linkWorkerId === undefined || linkWorkerId === me.user.id ? <Notifications /> : null}
    </>
  );
}

function TodayLists({ today }: { today: TodayView }) {
  const total =
    today.overdueFollowUps.length +
    today.reviewsDue.length +
    today.newAllocations.length +
    today.unansweredCommunityReferrals.length +
    today.noRecentContact.length +
    today.suggestedDischarges.length +
    today.baselinesMissing.length +
    today.finalsDue.length;
  return (
    <>
      <p className="nhsuk-body-l" data-testid="today-summary">
        {total === 0 ? 'Nothing needs doing today.' : `${total} ${total === 1 ? 'thing needs' : 'things need'} your attention.`}
      </p>
      <WorkList id="overdue" title="Overdue follow-ups" count={today.overdueFollowUps.length} empty="Nothing overdue.">
        {today.overdueFollowUps.map((c) => (
          <CaseLine
            key={c.id}
            c={c}
            fact={<strong className="lw-overdue">Follow-up was due {c.nextReviewOn === null ? '' : formatDate(c.nextReviewOn)}</strong>}
          />
        ))}
      </WorkList>
      <WorkList id="reviews" title="Reviews due this week" count={today.reviewsDue.length} empty="No reviews due in the next 7 days.">
        {today.reviewsDue.map((c) => (
          <CaseLine key={c.id} c={c} fact={`Review due ${c.nextReviewOn === null ? '' : formatDate(c.nextReviewOn)}`} />
        ))}
      </WorkList>
      <WorkList id="new" title="New allocations" count={today.newAllocations.length} empty="No new cases waiting for first contact.">
        {today.newAllocations.map((c) => (
          <CaseLine
            key={c.id}
            c={c}
            fact={`Allocated ${c.allocatedAt === null ? '' : formatDate(c.allocatedAt)}${c.contactAttempts > 0 ? `, ${c.contactAttempts} ${c.contactAttempts === 1 ? 'attempt' : 'attempts'} so far` : ', not contacted yet'}${c.urgency === 'routine' ? '' : ` · ${c.urgency}`}`}
          />
        ))}
      </WorkList>
      <WorkList
        id="unanswered"
        title={`Referrals to services unanswered after ${today.unansweredAfterDays} days`}
        count={today.unansweredCommunityReferrals.length}
        empty={`Every referral to a service has had a reply within ${today.unansweredAfterDays} days.`}
      >
        {today.unansweredCommunityReferrals.map((u) => (
          <CaseLine
            key={u.communityReferralId}
            c={u.case}
            fact={`${u.serviceName}: sent ${formatDate(u.sentAt)}, ${u.daysWaiting} days without a reply${u.status === 'no_response' ? ' (closed as no response: refer elsewhere or follow up)' : ''}`}
          />
        ))}
      </WorkList>
      <WorkList id="no-contact" title="No contact for 21 days" count={today.noRecentContact.length} empty="Everyone has been in touch in the last 21 days.">
        {today.noRecentContact.map((c) => (
          <CaseLine key={c.id} c={c} fact={lastContact(c)} />
        ))}
      </WorkList>
      <WorkList
        id="baselines-missing"
        title="Baseline outcome missing"
        count={today.baselinesMissing.length}
        empty="Everyone accepted over 14 days ago has a baseline outcome."
      >
        {today.baselinesMissing.map((c) => (
          <CaseLine key={c.id} c={c} fact="Accepted over 14 days ago and no baseline wellbeing measure recorded" />
        ))}
      </WorkList>
      <WorkList id="finals-due" title="Final outcome due" count={today.finalsDue.length} empty="No final outcomes due.">
        {today.finalsDue.map((c) => (
          <CaseLine
            key={c.id}
            c={c}
            fact={`Baseline recorded, no final yet: ${c.successfulContacts} successful ${c.successfulContacts === 1 ? 'contact' : 'contacts'} so far. Ask before discharge.`}
          />
        ))}
      </WorkList>
      {today.suggestedDischarges.length === 0 ? null : (
        <WorkList id="suggested-discharges" title="Consider discharging" count={today.suggestedDischarges.length} empty="">
          {today.suggestedDischarges.map((c) => (
            <CaseLine
              key={c.id}
              c={c}
              fact={`${c.contactAttempts} attempts without reaching them: ${c.suggestedDischarge === null ? '' : DISCHARGE_REASON_LABELS[c.suggestedDischarge].toLowerCase()}?`}
            />
          ))}
        </WorkList>
      )}
    </>
  );
}

/** In-app notifications, unread first; each can be marked read. */
function Notifications() {
  const queryClient = useQueryClient();
  const notifications = useQuery({ queryKey: casesKeys.notifications(), queryFn: ({ signal }) => casesApi.notifications(signal) });
  const markRead = useMutation({
    mutationFn: (n: NotificationView) => casesApi.markNotificationRead(n.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: casesKeys.notifications() }),
  });
  const error = markRead.error === null ? null : isApiError(markRead.error) ? markRead.error.message : 'Something went wrong. Try again.';

  const items = [...(notifications.data?.notifications ?? [])].sort(
    (a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || (a.createdAt < b.createdAt ? 1 : -1),
  );
  return (
    <section aria-labelledby="notifications-heading" data-testid="notifications">
      <h2 className="nhsuk-heading-m" id="notifications-heading">
        Notifications {notifications.isSuccess ? <span className="lw-count">{notifications.data.unread} unread</span> : null}
      </h2>
      {error === null ? null : (
        <ErrorSummary errors={[]}>
          <p>{error}</p>
        </ErrorSummary>
      )}
      {notifications.isPending ? <Loading what="notifications" /> : null}
      {notifications.isError ? <LoadFailed message={problemOf(notifications.error).message} /> : null}
      {notifications.isSuccess && items.length === 0 ? <p className="nhsuk-body nhsuk-u-secondary-text-colour">No notifications.</p> : null}
      {items.length > 0 ? (
        <ul className="nhsuk-list lw-notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt === null ? 'lw-notification lw-notification--unread' : 'lw-notification'} data-testid="notification">
              <p className="lw-notification__text">
                {n.readAt === null ? (
                  <Tag colour="blue" className="lw-tag-gap">
                    New
                  </Tag>
                ) : null}
                {n.referralId === null ? notificationText(n.kind) : <Link to={`/cases/${n.referralId}`}>{notificationText(n.kind)}</Link>}
              </p>
              {n.case === null ? null : (
                <p className="nhsuk-body-s lw-notification__case" data-testid="notification-case">
                  {notificationConcerns(n.case)}
                </p>
              )}
              <p className="nhsuk-body-s nhsuk-u-secondary-text-colour lw-notification__when">{formatDateTime(n.createdAt)}</p>
              {n.readAt === null ? (
                <button
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small lw-notification__button"
                  type="button"
                  disabled={markRead.isPending && markRead.variables.id === n.id}
                  onClick={() => markRead.mutate(n)}
                >
                  Mark as read
                  <span className="nhsuk-u-visually-hidden">
                    : {notificationText(n.kind)}
                    {n.case === null ? '' : `, ${notificationConcerns(n.case)}`}, {formatDateTime(n.createdAt)}
                  </span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
