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
  'referred', 'allocated', 'contacting', 'accepted', 'declined', 'active', 'on_hold', 'discharged', 'rejected', 'redirected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_COMMANDS = [
  'allocate', 'log_attempt', 'accept', 'decline', 'start', 'hold', 'resume', 'discharge', 'reject', 'redirect',
] as const;
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
