import type { DuplicateReason } from '../../../domain/duplicates.ts';
import type { Sex } from '../../../domain/schemas/person-details.ts';

/** Words the intake pages share for codes the domain keeps as data. */

export const SEX_LABELS: { readonly [S in Sex]: string } = {
  female: 'Female',
  male: 'Male',
  indeterminate: 'Indeterminate (unable to be classified as male or female)',
  not_known: 'Not known',
};

/** "Received today", "Waiting 1 day", "Waiting 12 days". */
export function daysWaitingText(days: number): string {
  if (days <= 0) return 'Received today';
  return `Waiting ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "" → undefined, so optional fields the user left empty are not sent. */
export const orUndefined = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/** Why a record was offered as a possible duplicate, in words. */
export const DUPLICATE_REASON_WORDS: { readonly [R in DuplicateReason]: string } = {
  same_date_of_birth: 'same date of birth',
  same_postcode: 'same postcode',
  similar_name: 'similar name',
  same_initial_and_family_name: 'same first initial and last name',
  names_swapped: 'first and last names swapped',
  shared_family_name: 'same last name',
};
