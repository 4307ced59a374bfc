import { BARRIER_LABELS, type BarrierCode } from '../../../domain/barriers.ts';
import { DISCHARGE_REASON_LABELS, type CasePageCommand, type CaseStatus, type DischargeReason, type SharingChoice } from '../../../domain/case-lifecycle.ts';
import {
  COMMUNITY_REFERRAL_STATUS_LABELS,
  DECLINE_REASON_LABELS,
  type CommunityReferralStatus,
  type DeclineReason,
} from '../../../domain/community-referral.ts';
import { CONTACT_TYPE_LABELS, type ContactType } from '../../../domain/contacts.ts';
import { isNeedCode, needLabel } from '../../../domain/needs.ts';
import { GOAL_STATUS_LABELS, type GoalStatus } from '../../../domain/plan.ts';
import { REFERRAL_SOURCE_LABELS, URGENCY_LABELS, type ReferralSource, type Urgency } from '../../../domain/schemas/referrals.ts';
import { CASE_STATUS_LABELS } from '../../ui/case-status.tsx';
import { formatDate } from '../../ui/labels.ts';

/** How casework screens name things for staff (referrers have their own plainer words). */

/** The buttons for the status commands, in the words a link worker would use. */
export const COMMAND_LABELS: { readonly [C in CasePageCommand]: { button: string; hint: string } } = {
  accept: { button: 'They accepted support', hint: 'Writes “Referral to social prescribing service” (871731000000106) for the GP record.' },
  decline: {
    button: 'They declined support',
    hint: 'Writes “Social prescribing declined” (871711000000103) for the GP record. Then discharge with the reason “Declined”.',
  },
  start: { button: 'Start support', hint: 'The case becomes active: conversation, plan and referrals.' },
  hold: { button: 'Put on hold', hint: 'Pauses the case (for example a hospital stay). Today stops chasing it.' },
  resume: { button: 'Resume support', hint: 'The case becomes active again.' },
  discharge: { button: 'Discharge', hint: 'Closes the case with a reason and writes the message back to the GP.' },
};

export const SHARING_CHOICE_LABELS: { readonly [S in SharingChoice]: { label: string; hint: string } } = {
  coded_only: { label: 'Coded events only', hint: 'Dates, the outcome and the codes for the GP record. No needs, goals or words of theirs.' },
  full: { label: 'Full summary', hint: 'Also the needs identified (in their words), the support offered and taken up, and their goals.' },
};

export const dischargeReasonLabel = (r: string | null): string =>
  r !== null && r in DISCHARGE_REASON_LABELS ? DISCHARGE_REASON_LABELS[r as DischargeReason] : 'Not recorded';

export const contactTypeLabel = (t: string): string => (t in CONTACT_TYPE_LABELS ? CONTACT_TYPE_LABELS[t as ContactType] : t);
export const goalStatusLabel = (s: string): string => (s in GOAL_STATUS_LABELS ? GOAL_STATUS_LABELS[s as GoalStatus] : s);
export const barrierLabel = (b: string): string => (b in BARRIER_LABELS ? BARRIER_LABELS[b as BarrierCode] : b);
export const needText = (code: string | null): string => (code === null ? 'No need given' : isNeedCode(code) ? needLabel(code) : code);
export const sourceLabel = (s: string): string => (s in REFERRAL_SOURCE_LABELS ? REFERRAL_SOURCE_LABELS[s as ReferralSource] : s);
export const urgencyLabel = (u: string): string => (u in URGENCY_LABELS ? URGENCY_LABELS[u as Urgency] : u);
export const communityStatusLabel = (s: string): string =>
  s in COMMUNITY_REFERRAL_STATUS_LABELS ? COMMUNITY_REFERRAL_STATUS_LABELS[s as CommunityReferralStatus] : s;
export const declineReasonLabel = (r: string | null): string => (r !== null && r in DECLINE_REASON_LABELS ? DECLINE_REASON_LABELS[r as DeclineReason] : '');
export const caseStatusLabel = (s: string): string => (s in CASE_STATUS_LABELS ? CASE_STATUS_LABELS[s as CaseStatus] : s.replace(/_/g, ' '));

/** In-app notifications: the server sends a kind; the words are ours. */
export const NOTIFICATION_TEXT: Record<string, string> = {
  case_allocated: 'A new case was allocated to you',
  case_reassigned_away: 'A lead moved one of your cases to another link worker',
  community_referral_accepted: 'A provider accepted a referral you sent',
  community_referral_declined: 'A provider declined a referral you sent',
  community_referral_no_response: 'A referral you sent had no reply in 14 days and has expired',
  community_referral_received: 'A new referral arrived for your service',
  outcome_self_completed: 'A person answered the questionnaire you sent them',
  referral_status_changed: 'A referral you made has moved on',
};
export const notificationText = (kind: string): string => NOTIFICATION_TEXT[kind] ?? 'Something changed on a case';

/**
 * Whose case a notification concerns: "SOWERBY, Edna (LW-K7P2QX)" where the server sent the
 * person (the viewer may see the case), else "Case LW-K7P2QX"; null when it is about no case.
 */
export const notificationConcerns = (c: { reference: string; person: { givenName: string; familyName: string } | null } | null): string | null =>
  c === null ? null : c.person === null ? `Case ${c.reference}` : `${listName(c.person)} (${c.reference})`;

/** "Due 7 December 2026" style, or a plain dash. */
export const dateOrDash = (d: string | null): string => (d === null ? '–' : formatDate(d));

/** The person's name as lists show it: FAMILY, Given. */
export const listName = (p: { givenName: string; familyName: string }): string => `${p.familyName.toUpperCase()}, ${p.givenName}`;

/**
 * Why services were left out of a case's list, so none is hidden silently: "3 services not shown:
 * 2 for other ages, 1 too far away (over 30 km)". Undefined when none was. `sex` is the person's
 * recorded sex, which names the other one.
 */
export function leftOutWords(leftOut: { age: number; sex: number; area: number }, sex: string | null, radiusKm: number | undefined): string | undefined {
  const total = leftOut.age + leftOut.sex + leftOut.area;
  if (total === 0) return undefined;
  const other = sex === 'female' ? 'for men only' : sex === 'male' ? 'for women only' : 'for the other sex only';
  const parts = [
    leftOut.age === 0 ? null : `${leftOut.age} for other ages`,
    leftOut.sex === 0 ? null : `${leftOut.sex} ${other}`,
    leftOut.area === 0 ? null : `${leftOut.area} too far away${radiusKm === undefined ? '' : ` (over ${radiusKm} km)`}`,
  ].filter((p): p is string => p !== null);
  return `${total} ${total === 1 ? 'service' : 'services'} not shown: ${parts.join(', ')}`;
}
