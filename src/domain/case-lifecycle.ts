/**
 * The case lifecycle (DOMAIN.md §2): a pure state machine. Every change to a case's status goes
 * through `nextStatus`; anything it does not allow is an `invalid_transition`.
 *
 *   referred → allocated → contacting → accepted → active ⇄ on_hold → discharged
 *                  │            │    ↘ declined → discharged
 *                  │            └→ discharged (unable to contact, after N attempts)
 *   referred → rejected | redirected (at triage)
 */
export const CASE_STATUSES = [
  'referred',
  'allocated',
  'contacting',
  'accepted',
  'declined',
  'active',
  'on_hold',
  'discharged',
  'rejected',
  'redirected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_COMMANDS = ['allocate', 'log_attempt', 'accept', 'decline', 'start', 'hold', 'resume', 'discharge', 'reject', 'redirect'] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];

export const DISCHARGE_REASONS = ['goals_met', 'declined', 'unable_to_contact', 'moved_away', 'referred_elsewhere', 'died', 'other'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const TRIAGE_REASONS = ['not_eligible', 'needs_clinical_service', 'duplicate', 'out_of_area', 'better_served_elsewhere', 'other'] as const;
export type TriageReason = (typeof TRIAGE_REASONS)[number];

const TABLE: { readonly [S in CaseStatus]: Partial<Record<CaseCommand, CaseStatus>> } = {
  referred: { allocate: 'allocated', reject: 'rejected', redirect: 'redirected' },
  allocated: { allocate: 'allocated', log_attempt: 'contacting', accept: 'accepted', decline: 'declined', discharge: 'discharged' },
  contacting: { log_attempt: 'contacting', accept: 'accepted', decline: 'declined', discharge: 'discharged', allocate: 'contacting' },
  accepted: { start: 'active', hold: 'on_hold', discharge: 'discharged', allocate: 'accepted' },
  declined: { discharge: 'discharged' },
  active: { hold: 'on_hold', discharge: 'discharged', allocate: 'active' },
  on_hold: { resume: 'active', discharge: 'discharged', allocate: 'on_hold' },
  discharged: {},
  rejected: {},
  redirected: {},
};

/** The status after a command, or null when the lifecycle does not allow it. */
export function nextStatus(from: CaseStatus, command: CaseCommand): CaseStatus | null {
  return TABLE[from][command] ?? null;
}

/** Commands allowed from a status (for showing only the buttons that will work). */
export function allowedCommands(from: CaseStatus): CaseCommand[] {
  return CASE_COMMANDS.filter((c) => TABLE[from][c] !== undefined);
}

/** Open cases count towards a link worker's caseload. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['allocated', 'contacting', 'accepted', 'active', 'on_hold'];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const DISCHARGE_REASON_LABELS: { readonly [R in DischargeReason]: string } = {
  goals_met: 'Goals met',
  declined: 'Declined',
  unable_to_contact: 'Unable to contact',
  moved_away: 'Moved away',
  referred_elsewhere: 'Referred elsewhere',
  died: 'Died',
  other: 'Other',
};

/**
 * After this many failed first-contact attempts (with no successful contact yet) the case suggests
 * discharge as "unable to contact". A constant for now: ServiceConfig belongs to the foundation,
 * and making it a deployment setting is a one-line change there when someone needs it.
 */
export const UNABLE_TO_CONTACT_AFTER = 3;

/** The status commands a link worker or lead gives on the case page (triage commands live with referrals). */
export const CASE_PAGE_COMMANDS = ['accept', 'decline', 'start', 'hold', 'resume', 'discharge'] as const satisfies readonly CaseCommand[];
export type CasePageCommand = (typeof CASE_PAGE_COMMANDS)[number];

/** What the person chose to share with the GP record at discharge (PRSB: full summary, or coded events only). */
export const SHARING_CHOICES = ['full', 'coded_only'] as const;
export type SharingChoice = (typeof SHARING_CHOICES)[number];

/**
 * Accepting support needs the person's consent on record. Professional and self-referrals record
 * it at referral; proactive outreach asks at first contact, so accepting such a case must record
 * it (`invalid_input`, reason `consent_required`, otherwise).
 */
export function consentNeededToAccept(c: { consentGiven: boolean }, consentGivenNow: boolean | undefined): boolean {
  return !c.consentGiven && consentGivenNow !== true;
}

/**
 * "Goals met" with a plan in which no goal is marked achieved (or no plan at all) is probably a
 * slip: the discharge must then be confirmed (`conflict`, reason `goals_not_achieved`, otherwise).
 */
export function goalsMetNeedsConfirmation(reason: DischargeReason, goals: readonly { status: string }[] | null): boolean {
  return reason === 'goals_met' && !(goals ?? []).some((g) => g.status === 'achieved');
}

/** The GP-record event a command writes (snomed.ts holds the codes), if any. */
export function gpRecordEventFor(command: CaseCommand): 'referral_accepted' | 'declined' | null {
  if (command === 'accept') return 'referral_accepted';
  if (command === 'decline') return 'declined';
  return null;
}

/**
 * The discharge the case suggests, if any: "unable to contact" once `unableToContactAfter` (the
 * deployment's setting, UNABLE_TO_CONTACT_AFTER by default) first-contact attempts have failed and nobody has reached the person yet.
 */
export function suggestedDischarge(
  c: { status: CaseStatus; contactAttempts: number; firstContactAt: string | null },
  unableToContactAfter: number = UNABLE_TO_CONTACT_AFTER,
): DischargeReason | null {
  if ((c.status === 'allocated' || c.status === 'contacting') && c.firstContactAt === null && c.contactAttempts >= unableToContactAfter) {
    return 'unable_to_contact';
  }
  return null;
}

/** Things recorded on a case besides status changes. */
export type CaseActivity = 'contact' | 'conversation' | 'plan' | 'unmet_need';

const ACTIVITY_STATUSES: { readonly [A in CaseActivity]: readonly CaseStatus[] } = {
  // Contacts: from allocation (first-contact attempts) until discharge; a declined case may still
  // have a closing call before it is discharged.
  contact: ['allocated', 'contacting', 'accepted', 'active', 'on_hold', 'declined'],
  // The conversation and plan are co-produced with a person who has accepted the service.
  conversation: ['accepted', 'active', 'on_hold'],
  plan: ['accepted', 'active', 'on_hold'],
  // An unmet need can surface at any point while the case is open.
  unmet_need: ['allocated', 'contacting', 'accepted', 'active', 'on_hold'],
};

/** True when the activity may be recorded on a case in this status (otherwise `invalid_transition`). */
export function canRecord(status: CaseStatus, activity: CaseActivity): boolean {
  return ACTIVITY_STATUSES[activity].includes(status);
}

/**
 * What logging a contact does to the status: a failed attempt before first contact is the
 * `log_attempt` command (allocated/contacting → contacting); anything else leaves it alone.
 */
export function statusAfterContact(status: CaseStatus, successful: boolean): { status: CaseStatus; countsAsAttempt: boolean } {
  if (!successful && (status === 'allocated' || status === 'contacting')) {
    return { status: nextStatus(status, 'log_attempt') ?? status, countsAsAttempt: true };
  }
  return { status, countsAsAttempt: false };
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}
