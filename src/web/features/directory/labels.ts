import { isNeedCode, needLabel } from '../../../domain/needs.ts';
import type { EditableField, NeedsSource, ProblemKind, ServiceCapacity } from '../../../domain/schemas/directory.ts';
import type { TagColour } from '../../ui/kit.tsx';

/** Words for the directory's codes (the codes themselves live in the domain). */

export const CAPACITY_LABELS: { readonly [C in ServiceCapacity]: { label: string; colour: TagColour } } = {
  open: { label: 'Open', colour: 'green' },
  waiting_list: { label: 'Waiting list', colour: 'yellow' },
  closed: { label: 'Closed to new people', colour: 'red' },
};

/** "Open", "Waiting list, about 3 weeks", "Closed to new people". */
export function capacityText(capacity: string | null | undefined, waitingWeeks: number | null | undefined): string {
  const c = capacity !== null && capacity !== undefined && capacity in CAPACITY_LABELS ? CAPACITY_LABELS[capacity as ServiceCapacity].label : 'Open';
  if (capacity !== 'waiting_list' || waitingWeeks === null || waitingWeeks === undefined) return c;
  return `${c}, about ${waitingWeeks} ${waitingWeeks === 1 ? 'week' : 'weeks'}`;
}

export const capacityColour = (capacity: string | null | undefined): TagColour =>
  capacity !== null && capacity !== undefined && capacity in CAPACITY_LABELS ? CAPACITY_LABELS[capacity as ServiceCapacity].colour : 'green';

export const PROBLEM_KIND_LABELS: { readonly [K in ProblemKind]: { label: string; hint: string } } = {
  closed: { label: 'It has closed or stopped running', hint: 'The service no longer runs, or not at this place or time' },
  wrong_contact: { label: 'The contact details are wrong', hint: 'Phone, email or web address does not work or reaches the wrong place' },
  wrong_details: { label: 'Other details are wrong', hint: 'Times, place, who it is for, costs' },
  not_suitable: { label: 'It was not suitable for the person', hint: 'It is not what the listing says, or it did not fit their needs' },
  other: { label: 'Something else', hint: 'Say what in the note' },
};
export const problemKindLabel = (k: string): string => (k in PROBLEM_KIND_LABELS ? PROBLEM_KIND_LABELS[k as ProblemKind].label : k);

export const NEEDS_SOURCE_LABELS: { readonly [S in NeedsSource]: string } = {
  manual: 'Chosen when the service was added',
  classified: 'Suggested by Linkwork from the listing’s words',
  corrected: 'Checked and corrected by a person',
};

export const FIELD_LABELS: { readonly [F in EditableField]: string } = {
  name: 'Name',
  description: 'What it offers',
  eligibilityDescription: 'Who it is for',
  minimumAge: 'Youngest age',
  maximumAge: 'Oldest age',
  feesDescription: 'Costs',
  capacity: 'Capacity',
  waitingWeeks: 'Waiting time (weeks)',
  takesReferrals: 'Takes referrals',
  needs: 'Helps with',
  email: 'Email',
  url: 'Website',
  phone: 'Phone',
};

export const needWords = (code: string): string => (isNeedCode(code) ? needLabel(code) : code.replace(/_/g, ' '));

/** A stored value as a reviewer reads it. */
export function valueText(field: EditableField, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not given';
  if (field === 'capacity' && typeof value === 'string') return capacityText(value, null);
  if (field === 'takesReferrals') return value === true ? 'Yes' : 'No, signpost only';
  if (field === 'needs' && Array.isArray(value)) return value.map((v) => needWords(String(v))).join(', ');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
