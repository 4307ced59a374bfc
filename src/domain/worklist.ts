import { suggestedDischarge, UNABLE_TO_CONTACT_AFTER, type CaseStatus } from './case-lifecycle.ts';

/**
 * The rules behind a link worker's Today page (DOMAIN.md §2 steps 6–7), as data and pure date
 * arithmetic so the SQL and the tests agree on what "overdue" and "this week" mean.
 */
export const TODAY_RULES = {
  /** A review due within this many days from today (today included) is "due this week". */
  reviewsDueWithinDays: 7,
  /** A community referral still `sent` after this many days has had no answer (DOMAIN.md §8). */
  communityReferralUnansweredDays: 14,
  /** An open case with no successful contact for this many days needs a call. */
  noContactDays: 21,
  /** Accepted this many days ago with no baseline outcome recorded: the baseline is missing (issue 5). */
  baselineMissingAfterDays: 14,
  /** A final outcome is due once the person has had this many successful contacts (DOMAIN.md §2: 6–12)… */
  finalDueAfterSuccessfulContacts: 6,
  /** …or this many days after acceptance (about three months of support), whichever comes first. */
  finalDueAfterDays: 84,
} as const;

/**
 * The calendar date in England for an instant, `YYYY-MM-DD`. Link workers work in UK time: at
 * 00:30 BST it is already tomorrow for them, though still today in UTC.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export function londonDate(at: Date): string {
  // One formatter for the process: building an Intl.DateTimeFormat costs far more than using it.
  const parts = LONDON_DAY.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A `YYYY-MM-DD` date moved by whole days (calendar arithmetic in UTC, so no DST surprises). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one `YYYY-MM-DD` date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / 86_400_000);
}

/** The cut-offs Today compares against, from the current instant. */
export interface TodayWindow {
  today: string;
  reviewsDueBy: string;
  noContactBefore: string;
  unansweredSentBefore: string;
  unableToContactAfter: number;
  /** Accepted before this instant and no baseline yet: the baseline is missing. */
  baselineMissingAcceptedBefore: string;
  /** Accepted before this instant (with a baseline and no final): the final is due. */
  finalDueAcceptedBefore: string;
}

/** The deployment's settings Today follows (LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS, LINKWORK_UNABLE_TO_CONTACT_AFTER). */
export interface TodaySettings {
  communityReferralUnansweredDays: number;
  unableToContactAfter: number;
}

export function todayWindow(
  now: Date,
  settings: TodaySettings = { communityReferralUnansweredDays: TODAY_RULES.communityReferralUnansweredDays, unableToContactAfter: UNABLE_TO_CONTACT_AFTER },
): TodayWindow {
  const today = londonDate(now);
  return {
    today,
    unableToContactAfter: settings.unableToContactAfter,
    // Reviews due "this week": from today to six days ahead (seven days in all).
    reviewsDueBy: addDays(today, TODAY_RULES.reviewsDueWithinDays - 1),
    noContactBefore: new Date(now.getTime() - TODAY_RULES.noContactDays * 86_400_000).toISOString(),
    unansweredSentBefore: new Date(now.getTime() - settings.communityReferralUnansweredDays * 86_400_000).toISOString(),
    baselineMissingAcceptedBefore: new Date(now.getTime() - TODAY_RULES.baselineMissingAfterDays * 86_400_000).toISOString(),
    finalDueAcceptedBefore: new Date(now.getTime() - TODAY_RULES.finalDueAfterDays * 86_400_000).toISOString(),
  };
}

/** What Today needs to know of an open case. */
export interface WorklistCase {
  id: string;
  status: CaseStatus;
  nextReviewOn: string | null;
  allocatedAt: string | null;
  firstContactAt: string | null;
  lastContactAt: string | null;
  createdAt: string;
  contactAttempts: number;
}

export interface Worklist<T> {
  overdueFollowUps: T[];
  reviewsDue: T[];
  newAllocations: T[];
  noRecentContact: T[];
  suggestedDischarges: T[];
}

const byThenId =
  <T extends { id: string }>(key: (c: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);

/**
 * Sorts a link worker's open cases into Today's lists (each capped, most urgent first): overdue
 * follow-ups (review date before today), reviews due this week, new allocations nobody has reached
 * yet, cases with no successful contact since the cut-off (on hold is paused on purpose, so not
 * listed), and cases suggesting "unable to contact".
 */
export function buildWorklist<T extends WorklistCase>(open: readonly T[], w: TodayWindow, cap: number): Worklist<T> {
  const review = (c: T) => c.nextReviewOn ?? '';
  const heard = (c: T) => c.lastContactAt ?? c.allocatedAt ?? c.createdAt;
  const allocated = (c: T) => c.allocatedAt ?? c.createdAt;
  const take = (items: T[], order: (a: T, b: T) => number) => items.sort(order).slice(0, cap);
  return {
    overdueFollowUps: take(
      open.filter((c) => c.nextReviewOn !== null && c.nextReviewOn < w.today),
      byThenId(review),
    ),
    reviewsDue: take(
      open.filter((c) => c.nextReviewOn !== null && c.nextReviewOn >= w.today && c.nextReviewOn <= w.reviewsDueBy),
      byThenId(review),
    ),
    newAllocations: take(
      open.filter((c) => c.status === 'allocated' && c.firstContactAt === null),
      byThenId(allocated),
    ),
    noRecentContact: take(
      open.filter((c) => c.status !== 'on_hold' && heard(c) < w.noContactBefore),
      byThenId(heard),
    ),
    suggestedDischarges: take(
      open.filter((c) => suggestedDischarge(c, w.unableToContactAfter) !== null),
      byThenId(allocated),
    ),
  };
}

/** What Today needs to know of an open case's outcomes. */
export interface OutcomeFacts {
  acceptedAt: string | null;
  hasBaseline: boolean;
  hasFinal: boolean;
}

export interface OutcomeWorklist<T> {
  baselinesMissing: T[];
  finalsDue: T[];
}

/**
 * Today's outcome lists (issue 5): open cases accepted more than 14 days ago with no baseline
 * administration of any instrument; and open cases with a baseline but no final once the person
 * has had 6 successful contacts or 12 weeks have passed since acceptance — the point a discharge
 * is near, so the final is asked before the person leaves. Oldest acceptance first.
 */
export function buildOutcomeWorklist<T extends { id: string; successfulContacts: number }>(
  open: readonly T[],
  facts: ReadonlyMap<string, OutcomeFacts>,
  w: Pick<TodayWindow, 'baselineMissingAcceptedBefore' | 'finalDueAcceptedBefore'>,
  cap: number,
): OutcomeWorklist<T> {
  const accepted = (c: T) => facts.get(c.id)?.acceptedAt ?? '';
  const order = byThenId(accepted);
  const withFacts = open.filter((c) => facts.get(c.id)?.acceptedAt != null);
  return {
    baselinesMissing: withFacts
      .filter((c) => accepted(c) < w.baselineMissingAcceptedBefore && facts.get(c.id)?.hasBaseline !== true)
      .sort(order)
      .slice(0, cap),
    finalsDue: withFacts
      .filter((c) => {
        const f = facts.get(c.id);
        if (f === undefined || !f.hasBaseline || f.hasFinal) return false;
        return c.successfulContacts >= TODAY_RULES.finalDueAfterSuccessfulContacts || accepted(c) < w.finalDueAcceptedBefore;
      })
      .sort(order)
      .slice(0, cap),
  };
}
