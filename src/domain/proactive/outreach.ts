import { AppError } from '../errors.ts';

/**
 * Proactive outreach (issue 12, INSIGHT.md "Proactive identification"): the worklist that turns a
 * cohort run into invitations. A person found by a cohort run is `identified`; a clinician reviews
 * them for safety (`cleared`, or `not_suitable` with a coded reason); a link worker invites them
 * (each attempt recorded: channel, language, easy read); they respond, and accept (a referral with
 * source `proactive` follows) or decline (coded); or there is no response after the configured
 * number of attempts; or they opt out, which is honoured in every later run (by NHS number and
 * practice). Pure: the transition rules, the words, the order of the worklist.
 */

export const OUTREACH_STATES = ['identified', 'cleared', 'not_suitable', 'invited', 'responded', 'accepted', 'declined', 'no_response', 'opted_out'] as const;
export type OutreachState = (typeof OUTREACH_STATES)[number];

/** States no action leaves (except opting out of a decline or no response: see `nextOutreachState`). */
export const CLOSED_OUTREACH_STATES: readonly OutreachState[] = ['not_suitable', 'accepted', 'declined', 'no_response', 'opted_out'];

export const OUTREACH_STATE_LABELS: { readonly [S in OutreachState]: string } = {
  identified: 'Identified: waiting for a safety review',
  cleared: 'Cleared: ready to invite',
  not_suitable: 'Not suitable to contact',
  invited: 'Invited: awaiting a reply',
  responded: 'Responded',
  accepted: 'Accepted: referred',
  declined: 'Declined',
  no_response: 'No response',
  opted_out: 'Opted out',
};

/** The clinician's safety review. */
export const REVIEW_OUTCOMES = ['cleared', 'not_suitable'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Why a clinician judged a person not suitable to contact now (coded; never free text). */
export const NOT_SUITABLE_REASONS = [
  'clinically_unstable',
  'end_of_life',
  'safeguarding_concern',
  'recent_bereavement',
  'lacks_capacity',
  'already_supported',
  'other',
] as const;
export type NotSuitableReason = (typeof NOT_SUITABLE_REASONS)[number];

export const NOT_SUITABLE_REASON_LABELS: { readonly [R in NotSuitableReason]: string } = {
  clinically_unstable: 'Clinically unstable or acutely unwell',
  end_of_life: 'Nearing the end of life',
  safeguarding_concern: 'Safeguarding concern: contact could put them at risk',
  recent_bereavement: 'Recently bereaved',
  lacks_capacity: 'May lack capacity to decide: approach through their carer',
  already_supported: 'Already supported by another service',
  other: 'Other clinical reason',
};

export const OUTREACH_CHANNELS = ['letter', 'sms', 'phone', 'email', 'in_person'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];

export const OUTREACH_CHANNEL_LABELS: { readonly [C in OutreachChannel]: string } = {
  letter: 'Letter',
  sms: 'Text message',
  phone: 'Phone call',
  email: 'E-mail',
  in_person: 'In person',
};

export const DECLINE_CODES = ['not_interested', 'already_supported', 'not_now', 'prefers_other_help', 'other'] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

export const DECLINE_CODE_LABELS: { readonly [D in DeclineCode]: string } = {
  not_interested: 'Not interested',
  already_supported: 'Already has the support they need',
  not_now: 'Not now: maybe later',
  prefers_other_help: 'Prefers other help',
  other: 'Other reason',
};

/** How many invitations before outreach stops with `no_response`, unless configured otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * The offer, recorded with every invitation (INSIGHT.md: "the offer itself is recorded; keep codes
 * as data"). NHS England recommends a "social prescribing offered" SNOMED CT concept, but its id is
 * unconfirmed (as src/domain/snomed.ts says), so `snomed` stays null until it is; the key is what
 * is stored.
 */
export const OUTREACH_OFFER = { key: 'social_prescribing_offered', snomed: null, description: 'Social prescribing offered' } as const;

export type OutreachCommand =
  | { kind: 'review'; outcome: ReviewOutcome }
  | { kind: 'invite' }
  | { kind: 'respond' }
  | { kind: 'no_response' }
  | { kind: 'accept' }
  | { kind: 'decline' }
  | { kind: 'opt_out' };

export type OutreachCommandKind = OutreachCommand['kind'];

/** What the transition rules need to know about an outreach. */
export interface OutreachPosition {
  state: OutreachState;
  attempts: number;
}

function refuse(from: OutreachState, command: OutreachCommandKind, message: string, extra: Record<string, unknown> = {}): AppError<'invalid_transition'> {
  return new AppError('invalid_transition', message, { from, command, ...extra });
}

/**
 * The state after a command, or `invalid_transition` (details: `from`, `command`) when the
 * command is not allowed now:
 * - review: only from `identified` (a review is not re-done; a not-suitable person is left alone);
 * - invite: from `cleared` or `invited` (another attempt), never before a `cleared` review and
 *   never once `maxAttempts` invitations have been recorded;
 * - respond: from `invited`; no_response: from `invited` once `maxAttempts` have been made;
 * - accept, decline: from `invited` or `responded` (a reply to the invitation is a response);
 * - opt out: from anything but `accepted` and `opted_out` — a person may say "never contact me
 *   again" at any point, even after declining, and that is always honoured.
 */
export function nextOutreachState(at: OutreachPosition, command: OutreachCommand, maxAttempts: number = DEFAULT_MAX_ATTEMPTS): OutreachState {
  const { state, attempts } = at;
  switch (command.kind) {
    case 'review':
      if (state !== 'identified') throw refuse(state, 'review', 'This person’s safety review has already been recorded');
      return command.outcome;
    case 'invite':
      if (state === 'identified') throw refuse(state, 'invite', 'A clinician must clear this person before they are invited');
      if (state !== 'cleared' && state !== 'invited') throw refuse(state, 'invite', 'This person cannot be invited now');
      if (attempts >= maxAttempts)
        throw refuse(state, 'invite', `The maximum of ${maxAttempts} invitations has been reached: record no response instead`, { attempts, maxAttempts });
      return 'invited';
    case 'respond':
      if (state !== 'invited') throw refuse(state, 'respond', 'Only an invited person can respond');
      return 'responded';
    case 'no_response':
      if (state !== 'invited') throw refuse(state, 'no_response', 'Only an invited person can be marked as not responding');
      if (attempts < maxAttempts)
        throw refuse(state, 'no_response', `Make all ${maxAttempts} invitations before recording no response`, { attempts, maxAttempts });
      return 'no_response';
    case 'accept':
    case 'decline':
      if (state !== 'invited' && state !== 'responded')
        throw refuse(state, command.kind, command.kind === 'accept' ? 'Only an invited person can accept' : 'Only an invited person can decline');
      return command.kind === 'accept' ? 'accepted' : 'declined';
    case 'opt_out':
      if (state === 'accepted' || state === 'opted_out') throw refuse(state, 'opt_out', 'This person can no longer opt out of outreach here');
      return 'opted_out';
  }
}

/** What the worklist groups by: what needs doing next. */
export const NEXT_ACTIONS = ['review', 'invite', 'await_reply', 'done'] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

export const NEXT_ACTION_LABELS: { readonly [A in NextAction]: string } = {
  review: 'To review',
  invite: 'To invite',
  await_reply: 'Awaiting a reply',
  done: 'Accepted, declined or closed',
};

/** The next action on an outreach: a review, an invitation (or the next attempt), a reply, or nothing. */
export function nextActionOf(at: Pick<OutreachPosition, 'state'>): NextAction {
  switch (at.state) {
    case 'identified':
      return 'review';
    case 'cleared':
      return 'invite';
    case 'invited':
    case 'responded':
      return 'await_reply';
    case 'not_suitable':
    case 'accepted':
    case 'declined':
    case 'no_response':
    case 'opted_out':
      return 'done';
  }
}

/** Whether another invitation may be recorded. */
export function canInviteAgain(at: OutreachPosition, maxAttempts: number = DEFAULT_MAX_ATTEMPTS): boolean {
  return (at.state === 'cleared' || at.state === 'invited') && at.attempts < maxAttempts;
}

/** Whether an outreach is still open (its person is "in outreach" and is not picked up by another run). */
export function isOpenOutreach(state: OutreachState): boolean {
  return !CLOSED_OUTREACH_STATES.includes(state);
}

export interface WorklistOrderItem extends OutreachPosition {
  score: number;
  /** The last invitation (ISO), null before any. */
  lastAttemptAt: string | null;
  createdAt: string;
  id: string;
}

/**
 * The worklist order: what needs doing next comes first — reviews, then invitations, then replies
 * awaited (longest-waiting first), then the closed; within reviews and invitations the highest
 * cohort score first, then the oldest; ties by id so the order is stable.
 */
export function compareWorklist(a: WorklistOrderItem, b: WorklistOrderItem): number {
  const ra = NEXT_ACTIONS.indexOf(nextActionOf(a));
  const rb = NEXT_ACTIONS.indexOf(nextActionOf(b));
  if (ra !== rb) return ra - rb;
  if (ra === NEXT_ACTIONS.indexOf('await_reply')) {
    const la = a.lastAttemptAt ?? a.createdAt;
    const lb = b.lastAttemptAt ?? b.createdAt;
    if (la !== lb) return la < lb ? -1 : 1;
  } else if (b.score !== a.score) return b.score - a.score;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Stage reached by an outreach, for the P1 funnel (each stage counts those that reached at least it). */
export const OUTREACH_FUNNEL_STAGES = ['identified', 'reviewed', 'cleared', 'invited', 'responded', 'accepted', 'first_contact', 'engaged'] as const;
export type OutreachFunnelStage = (typeof OUTREACH_FUNNEL_STAGES)[number];

/** The funnel stages an outreach reached from its own record (first contact and engaged come from the referral). */
export function outreachStagesReached(o: {
  state: OutreachState;
  reviewOutcome: ReviewOutcome | null;
  attempts: number;
  respondedAt: string | null;
}): Set<OutreachFunnelStage> {
  const s = new Set<OutreachFunnelStage>(['identified']);
  if (o.reviewOutcome !== null) s.add('reviewed');
  if (o.reviewOutcome === 'cleared') s.add('cleared');
  if (o.attempts > 0) s.add('invited');
  if (o.respondedAt !== null || o.state === 'responded' || o.state === 'accepted' || o.state === 'declined') s.add('responded');
  if (o.state === 'accepted') s.add('accepted');
  return s;
}
