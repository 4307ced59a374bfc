/**
 * Community referrals, the closed loop of DOMAIN.md §2 step 6: a pure state machine.
 *
 *   sent ─accept→ accepted ─start→ started ─mark_attended→ attended ─complete→ completed
 *    │  ─decline→ declined (coded reason)  │ ─mark_did_not_attend→ did_not_attend ─start→ started (rebooked)
 *    │  ─expire→  no_response (the job, after COMMUNITY_REFERRAL_EXPIRY_DAYS)
 *    └─ cancel → cancelled (the link worker; also from accepted)
 *   a signpost is recorded as `signposted` and never moves.
 *
 * Every change goes through `nextCommunityStatus`; anything it does not allow is an
 * `invalid_transition`. Who may issue a command (provider, link worker, the expiry job) is data too.
 */

export const COMMUNITY_REFERRAL_KINDS = ['refer', 'signpost'] as const;
export type CommunityReferralKind = (typeof COMMUNITY_REFERRAL_KINDS)[number];

export const COMMUNITY_REFERRAL_STATUSES = [
  'sent',
  'accepted',
  'declined',
  'no_response',
  'started',
  'attended',
  'did_not_attend',
  'completed',
  'cancelled',
  'signposted',
] as const;
export type CommunityReferralStatus = (typeof COMMUNITY_REFERRAL_STATUSES)[number];

export const COMMUNITY_REFERRAL_COMMANDS = ['accept', 'decline', 'start', 'mark_attended', 'mark_did_not_attend', 'complete', 'cancel', 'expire'] as const;
export type CommunityReferralCommand = (typeof COMMUNITY_REFERRAL_COMMANDS)[number];

/** What the provider may do from the inbox. */
export const PROVIDER_COMMANDS = [
  'accept',
  'decline',
  'start',
  'mark_attended',
  'mark_did_not_attend',
  'complete',
] as const satisfies readonly CommunityReferralCommand[];
export type ProviderCommand = (typeof PROVIDER_COMMANDS)[number];

/** What the link worker may do to a referral they sent. */
export const LINK_WORKER_COMMANDS = ['cancel'] as const satisfies readonly CommunityReferralCommand[];
export type LinkWorkerCommand = (typeof LINK_WORKER_COMMANDS)[number];

export const DECLINE_REASONS = ['full', 'ineligible', 'unsuitable', 'no_response', 'person_declined', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const DECLINE_REASON_LABELS: { readonly [R in DeclineReason]: string } = {
  full: 'Service is full',
  ineligible: 'Person is not eligible',
  unsuitable: 'Service is not suitable for the person',
  no_response: 'No response',
  person_declined: 'Person declined',
  other: 'Other reason',
};

export const COMMUNITY_REFERRAL_STATUS_LABELS: { readonly [S in CommunityReferralStatus]: string } = {
  sent: 'Sent, awaiting reply',
  accepted: 'Accepted',
  declined: 'Declined',
  no_response: 'No response',
  started: 'Started',
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  completed: 'Completed',
  cancelled: 'Cancelled',
  signposted: 'Signposted',
};

/** Unanswered referrals expire to `no_response` this many days after they were sent. */
export const COMMUNITY_REFERRAL_EXPIRY_DAYS = 14;

const TABLE: { readonly [S in CommunityReferralStatus]: Partial<Record<CommunityReferralCommand, CommunityReferralStatus>> } = {
  sent: { accept: 'accepted', decline: 'declined', expire: 'no_response', cancel: 'cancelled' },
  accepted: { start: 'started', cancel: 'cancelled' },
  started: { mark_attended: 'attended', mark_did_not_attend: 'did_not_attend' },
  did_not_attend: { start: 'started' },
  attended: { complete: 'completed' },
  declined: {},
  no_response: {},
  completed: {},
  cancelled: {},
  signposted: {},
};

/** The status after a command, or null when the closed loop does not allow it. */
export function nextCommunityStatus(from: CommunityReferralStatus, command: CommunityReferralCommand): CommunityReferralStatus | null {
  return TABLE[from][command] ?? null;
}

/** Commands allowed from a status (for showing only the buttons that will work). */
export function allowedCommunityCommands(from: CommunityReferralStatus): CommunityReferralCommand[] {
  return COMMUNITY_REFERRAL_COMMANDS.filter((c) => TABLE[from][c] !== undefined);
}

/** The provider's commands allowed from a status. */
export function allowedProviderCommands(from: CommunityReferralStatus): ProviderCommand[] {
  return PROVIDER_COMMANDS.filter((c) => TABLE[from][c] !== undefined);
}

/** The link worker's commands allowed from a status. */
export function allowedLinkWorkerCommands(from: CommunityReferralStatus): LinkWorkerCommand[] {
  return LINK_WORKER_COMMANDS.filter((c) => TABLE[from][c] !== undefined);
}

/** Statuses in which the provider still has work to do (the inbox's default view). */
export const OPEN_COMMUNITY_STATUSES: readonly CommunityReferralStatus[] = ['sent', 'accepted', 'started', 'did_not_attend', 'attended'];

/** Statuses in which the provider never took the person on: their contact details are withheld. */
export const NOT_TAKEN_UP_STATUSES: readonly CommunityReferralStatus[] = ['declined', 'no_response', 'cancelled'];

export function isCommunityReferralStatus(value: string): value is CommunityReferralStatus {
  return (COMMUNITY_REFERRAL_STATUSES as readonly string[]).includes(value);
}

/**
 * FHIR R4 Task status (HL7 Gravity SDOH referral pattern) for each status, as data. `statusReason`
 * carries the coded decline reason; `businessStatus` the finer state the Task status cannot say.
 */
export type FhirTaskStatus = 'requested' | 'accepted' | 'rejected' | 'in-progress' | 'completed' | 'cancelled' | 'failed' | 'on-hold';

export const FHIR_TASK_STATUS: { readonly [S in CommunityReferralStatus]: { status: FhirTaskStatus; businessStatus: string } } = {
  sent: { status: 'requested', businessStatus: 'sent' },
  accepted: { status: 'accepted', businessStatus: 'accepted' },
  declined: { status: 'rejected', businessStatus: 'declined' },
  // The performer never answered and the requester withdrew the request: cancelled, not rejected.
  no_response: { status: 'cancelled', businessStatus: 'no-response' },
  started: { status: 'in-progress', businessStatus: 'started' },
  attended: { status: 'in-progress', businessStatus: 'attended' },
  // Still in progress: the provider may rebook (did_not_attend → started).
  did_not_attend: { status: 'in-progress', businessStatus: 'did-not-attend' },
  completed: { status: 'completed', businessStatus: 'completed' },
  cancelled: { status: 'cancelled', businessStatus: 'cancelled' },
  // Signposting asks nothing of a performer; recorded as a completed Task for the timeline.
  signposted: { status: 'completed', businessStatus: 'signposted' },
};

/** When an unanswered referral sent at `sentAt` expires. */
export function communityReferralExpiry(sentAt: Date, days: number = COMMUNITY_REFERRAL_EXPIRY_DAYS): Date {
  return new Date(sentAt.getTime() + days * 86_400_000);
}

/**
 * The median of a list of numbers (the mean of the middle two for an even count), or null when
 * empty. Done in code, not SQL, so it is identical on every database.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** The statuses a referral (kind `refer`) can be in: all but `signposted`. */
export const REFER_STATUSES = COMMUNITY_REFERRAL_STATUSES.filter((s): s is Exclude<CommunityReferralStatus, 'signposted'> => s !== 'signposted');
export type ReferStatus = Exclude<CommunityReferralStatus, 'signposted'>;

/** Per-service figures from its community referrals; pure so both databases agree exactly. */
export interface ServiceFigures {
  /** Referrals (kind `refer`) the service received. */
  received: number;
  /** Referrals the provider answered (accepted or declined). */
  answered: number;
  acceptedOrLater: number;
  /** accepted-or-later / answered (0–1), null when nothing has been answered yet. */
  acceptanceRate: number | null;
  /** Median of (responded_at − sent_at) in hours over answered referrals, null when none. */
  medianResponseHours: number | null;
  /** Referrals (kind `refer`) in each status now. */
  byStatus: Record<ReferStatus, number>;
  /** Times people were signposted to the service (no provider involvement). */
  signposted: number;
}

/**
 * A referral is answered when the provider responded (accepted or declined: `respondedAt` is
 * set, and the expiry job never sets it). Everything answered but not declined was accepted
 * first, whatever happened after (a later cancellation included).
 */
export function computeServiceFigures(
  rows: readonly { kind: CommunityReferralKind; status: CommunityReferralStatus; sentAt: string; respondedAt: string | null }[],
): ServiceFigures {
  const byStatus = Object.fromEntries(REFER_STATUSES.map((s) => [s, 0])) as Record<ReferStatus, number>;
  const durations: number[] = [];
  let received = 0;
  let signposted = 0;
  let acceptedOrLater = 0;
  for (const r of rows) {
    if (r.kind === 'signpost' || r.status === 'signposted') {
      signposted += 1;
      continue;
    }
    received += 1;
    byStatus[r.status] += 1;
    if (r.respondedAt === null) continue;
    durations.push((Date.parse(r.respondedAt) - Date.parse(r.sentAt)) / 3_600_000);
    if (r.status !== 'declined') acceptedOrLater += 1;
  }
  return {
    received,
    answered: durations.length,
    acceptedOrLater,
    acceptanceRate: durations.length === 0 ? null : acceptedOrLater / durations.length,
    medianResponseHours: median(durations),
    byStatus,
    signposted,
  };
}

/**
 * The need a referral to a service is filed under, which the provider is told: the one the link
 * worker chose; else, for a service chosen from a search, the first need of that search the
 * service meets (a search for loneliness and debt that leads to a debt service is about debt);
 * else none. Never simply the search's first need.
 */
export function needForReferral<N extends string>(chosen: N | undefined, searchedNeeds: readonly N[], serviceNeeds: readonly N[]): N | null {
  if (chosen !== undefined) return chosen;
  return searchedNeeds.find((n) => serviceNeeds.includes(n)) ?? null;
}
