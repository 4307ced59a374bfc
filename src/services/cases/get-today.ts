import { OPEN_STATUSES } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { daysBetween, londonDate, todayWindow } from '../../domain/worklist.ts';
import { countUnreadNotifications } from '../../db/repositories/notifications/notifications.ts';
import { listToday, type TodayRecords } from '../../db/repositories/cases/caseload.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { summarise, type CaseSummary } from './shared/case-summary.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Each list on Today holds at most this many (a caseload is about 40 open cases). */
const TODAY_CAP = 200;

type Lists = 'overdueFollowUps' | 'reviewsDue' | 'newAllocations' | 'noRecentContact' | 'suggestedDischarges' | 'baselinesMissing' | 'finalsDue';

export interface Today extends Omit<TodayRecords, 'unansweredCommunityReferrals' | Lists> {
  date: string;
  linkWorkerId: string;
  overdueFollowUps: CaseSummary[];
  reviewsDue: CaseSummary[];
  newAllocations: CaseSummary[];
  noRecentContact: CaseSummary[];
  suggestedDischarges: CaseSummary[];
  baselinesMissing: CaseSummary[];
  finalsDue: CaseSummary[];
  unansweredCommunityReferrals: {
    case: CaseSummary;
    communityReferralId: string;
    serviceName: string;
    sentAt: string;
    status: 'sent' | 'no_response';
    daysWaiting: number;
  }[];
  unreadNotifications: number;
  unansweredAfterDays: number;
}

/**
 * A link worker's worklist for today: overdue follow-ups, reviews due this week, new allocations
 * not yet contacted, community referrals unanswered after 14 days, cases with no contact for 21
 * days, cases suggesting "unable to contact", and the unread notification count. A lead may look
 * at one of their link workers' Today.
 */
export async function getToday(deps: ServiceDeps, actor: Actor, q: { linkWorkerId?: string | undefined }): Promise<Today> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.today_viewed',
    entityType: 'case',
    work: async (tx, access) => {
      const linkWorkerId = q.linkWorkerId ?? (actor.kind === 'user' ? actor.userId : null);
      if (linkWorkerId === null) throw new AppError('invalid_input', 'Say whose Today to show', { fields: { linkWorkerId: 'Choose a link worker' } });
      if (actor.kind === 'user' && actor.role === 'link_worker' && linkWorkerId !== actor.userId) {
        throw new AppError('forbidden', "Only a lead may look at another link worker's Today");
      }
      const now = deps.clock.now();
      const w = todayWindow(now, {
        communityReferralUnansweredDays: deps.config.communityReferralExpiryDays,
        unableToContactAfter: deps.config.unableToContactAfter,
      });
      const rows = await listToday(tx, { viewer: access.referrals, linkWorkerId, openStatuses: OPEN_STATUSES, window: w, cap: TODAY_CAP });
      const unread = actor.kind === 'user' ? await countUnreadNotifications(tx, actor.userId) : 0;
      const s = summarise(deps);
      return {
        ...rows,
        overdueFollowUps: rows.overdueFollowUps.map(s),
        reviewsDue: rows.reviewsDue.map(s),
        newAllocations: rows.newAllocations.map(s),
        noRecentContact: rows.noRecentContact.map(s),
        suggestedDischarges: rows.suggestedDischarges.map(s),
        baselinesMissing: rows.baselinesMissing.map(s),
        finalsDue: rows.finalsDue.map(s),
        date: w.today,
        linkWorkerId,
        unansweredCommunityReferrals: rows.unansweredCommunityReferrals.map((u) => ({
          ...u,
          case: s(u.case),
          daysWaiting: daysBetween(londonDate(new Date(u.sentAt)), w.today),
        })),
        unreadNotifications: unread,
        unansweredAfterDays: deps.config.communityReferralExpiryDays,
      };
    },
    audit: (t) => ({
      summary: {
        linkWorkerId: t.linkWorkerId,
        overdue: t.overdueFollowUps.length,
        reviewsDue: t.reviewsDue.length,
        newAllocations: t.newAllocations.length,
        unanswered: t.unansweredCommunityReferrals.length,
        noRecentContact: t.noRecentContact.length,
        suggestedDischarges: t.suggestedDischarges.length,
        baselinesMissing: t.baselinesMissing.length,
        finalsDue: t.finalsDue.length,
      },
      shownPersonIds: [
        ...[t.overdueFollowUps, t.reviewsDue, t.newAllocations, t.noRecentContact, t.suggestedDischarges, t.baselinesMissing, t.finalsDue].flat(),
        ...t.unansweredCommunityReferrals.map((u) => u.case),
      ].map((c) => c.person.id),
    }),
  });
}
