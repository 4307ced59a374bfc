import type { CaseStatus } from '../../domain/case-lifecycle.ts';
import { Tag, type TagColour } from './kit.tsx';

/**
 * The one case-status tag. Staff and referrers read different words for the same status (a
 * referrer is told "Being supported", a link worker "Active"), but a status has one colour
 * everywhere, so a colour means the same thing on every screen.
 */

/** How casework screens name a status. */
export const CASE_STATUS_LABELS: { readonly [S in CaseStatus]: string } = {
  referred: 'Referred',
  allocated: 'Allocated',
  contacting: 'Contacting',
  accepted: 'Accepted',
  declined: 'Declined',
  active: 'Active',
  on_hold: 'On hold',
  discharged: 'Discharged',
  rejected: 'Rejected',
  redirected: 'Redirected',
};

/** How a referrer's own list names a status (the long plain-words line comes from the server). */
export const REFERRER_STATUS_LABELS: { readonly [S in CaseStatus]: string } = {
  referred: 'Waiting to be allocated',
  allocated: 'Allocated to a link worker',
  contacting: 'Contacting the person',
  accepted: 'Accepted support',
  declined: 'Declined support',
  active: 'Being supported',
  on_hold: 'On hold',
  discharged: 'Support finished',
  rejected: 'Not accepted',
  redirected: 'Redirected',
};

/**
 * One colour per status: each stage of an open case its own (so a caseload can be scanned), orange
 * for a decline that still needs discharging, red for a referral turned away, grey once it is over.
 */
export const CASE_STATUS_COLOURS: { readonly [S in CaseStatus]: TagColour } = {
  referred: 'grey',
  allocated: 'blue',
  contacting: 'purple',
  accepted: 'aqua-green',
  declined: 'orange',
  active: 'green',
  on_hold: 'yellow',
  discharged: 'grey',
  rejected: 'red',
  redirected: 'grey',
};

export function CaseStatusTag({ status, words = 'staff' }: { status: CaseStatus; words?: 'staff' | 'referrer' }) {
  return <Tag colour={CASE_STATUS_COLOURS[status]}>{(words === 'staff' ? CASE_STATUS_LABELS : REFERRER_STATUS_LABELS)[status]}</Tag>;
}
