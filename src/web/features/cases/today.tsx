import { useState, type FormEvent, type ReactNode } from 'react';
import { DISCHARGE_REASON_LABELS } from '../../../domain/case-lifecycle.ts';
import type { CaseSummaryView, NotificationView, TodayView } from '../../../domain/schemas/cases.ts';
import { isApiError } from '../../api.ts';
import { usersApi } from '../identity/identity-api.ts';
import { casesApi } from './cases-api.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, Select, usePageTitle } from '../../ui/kit.tsx';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { listName, notificationText } from './labels.ts';
import { StatusTag } from './parts.tsx';

/** One case on a Today list: who, the reference, status, and the fact that put it there. */
function CaseLine({ c, fact }: { c: CaseSummaryView; fact: ReactNode }) {
  return (
    <li className="lw-worklist__item" data-testid="today-item">
      <Link to={`/cases/${c.id}`} className="lw-worklist__name">
        {listName(c.person)}
      </Link>{' '}
      <span className="nhsuk-u-secondary-text-colour lw-nowrap">{c.reference}</span> <StatusTag status={c.status} />
      {c.safeguarding ? <strong className="nhsuk-tag nhsuk-tag--red lw-tag-gap">Safeguarding</strong> : null}
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

/** The link worker's worklist for today, and their notifications. A lead may look at one of their link workers' Today. */
export function TodayPage() {
  const me = useMe();
  const can = useCan();
  const isLead = can('referral:triage');
  const params = useSearchParams();
  const linkWorkerId = params.get('linkWorkerId') ?? undefined;
  usePageTitle('Today');
  const [loaded] = useLoad((signal) => casesApi.today(linkWorkerId, signal), [linkWorkerId]);
  const [team] = useLoad(
    async (signal) => (isLead ? (await usersApi.list(signal)).users.filter((u) => u.role === 'link_worker' && !u.disabled) : []),
    [isLead],
  );
  const [chosen, setChosen] = useState(linkWorkerId ?? '');

  const choose = (e: FormEvent) => {
    e.preventDefault();
    navigate(chosen === '' ? '/today' : `/today?linkWorkerId=${encodeURIComponent(chosen)}`);
  };

  const whose =
    linkWorkerId === undefined || linkWorkerId === me.user.id
      ? null
      : team.status === 'ok'
        ? (team.data.find((u) => u.id === linkWorkerId)?.displayName ?? 'A link worker')
        : 'A link worker';
  return (
    <>
      <PageHeading caption={loaded.status === 'ok' ? formatDate(loaded.data.date) : undefined}>{whose === null ? 'Today' : `Today for ${whose}`}</PageHeading>
      {isLead && team.status === 'ok' ? (
        <form className="lw-filters" onSubmit={choose} noValidate>
          <Select
            id="today-link-worker"
            label="Whose Today"
            value={chosen}
            onChange={setChosen}
            options={[{ value: '', label: 'Mine' }, ...team.data.map((u) => ({ value: u.id, label: u.displayName }))]}
          />
          <div className="nhsuk-button-group">
            <Button variant="secondary" small>
              Show
            </Button>
          </div>
        </form>
      ) : null}
      {loaded.status === 'loading' ? <Loading what="today’s work" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? <TodayLists today={loaded.data} /> : null}
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
  const [loaded, reload] = useLoad((signal) => casesApi.notifications(signal), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const markRead = async (n: NotificationView) => {
    setBusy(n.id);
    setError(null);
    try {
      await casesApi.markNotificationRead(n.id);
      reload();
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(null);
    }
  };

  const items =
    loaded.status === 'ok'
      ? [...loaded.data.notifications].sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || (a.createdAt < b.createdAt ? 1 : -1))
      : [];
  return (
    <section aria-labelledby="notifications-heading" data-testid="notifications">
      <h2 className="nhsuk-heading-m" id="notifications-heading">
        Notifications {loaded.status === 'ok' ? <span className="lw-count">{loaded.data.unread} unread</span> : null}
      </h2>
      {error === null ? null : (
        <ErrorSummary errors={[]}>
          <p>{error}</p>
        </ErrorSummary>
      )}
      {loaded.status === 'loading' ? <Loading what="notifications" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' && items.length === 0 ? <p className="nhsuk-body nhsuk-u-secondary-text-colour">No notifications.</p> : null}
      {items.length > 0 ? (
        <ul className="nhsuk-list lw-notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt === null ? 'lw-notification lw-notification--unread' : 'lw-notification'} data-testid="notification">
              <p className="lw-notification__text">
                {n.readAt === null ? <strong className="nhsuk-tag nhsuk-tag--blue lw-tag-gap">New</strong> : null}
                {n.referralId === null ? notificationText(n.kind) : <Link to={`/cases/${n.referralId}`}>{notificationText(n.kind)}</Link>}
              </p>
              <p className="nhsuk-body-s nhsuk-u-secondary-text-colour lw-notification__when">{formatDateTime(n.createdAt)}</p>
              {n.readAt === null ? (
                <button
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small lw-notification__button"
                  type="button"
                  disabled={busy === n.id}
                  onClick={() => void markRead(n)}
                >
                  Mark as read
                  <span className="nhsuk-u-visually-hidden">
                    : {notificationText(n.kind)}, {formatDateTime(n.createdAt)}
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
