/**
 * Contacts with the person (DOMAIN.md §2 step 7): the kinds link workers log, and the national
 * guidance of about 6–12 contacts over roughly three months, against which a case shows its count.
 */
export const CONTACT_TYPES = ['phone', 'face_to_face', 'home_visit', 'video', 'text', 'email', 'accompanied_visit'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const CONTACT_TYPE_LABELS: { readonly [T in ContactType]: string } = {
  phone: 'Phone call',
  face_to_face: 'Face to face',
  home_visit: 'Home visit',
  video: 'Video call',
  text: 'Text message',
  email: 'Email',
  accompanied_visit: 'Accompanied visit',
};

/** Typical number of successful contacts in an episode (NHS England guidance). */
export const CONTACT_GUIDANCE = { min: 6, max: 12 } as const;

export type ContactGuidanceBand = 'below' | 'within' | 'above';

/** Where a count of successful contacts sits against the 6–12 guidance. */
export function contactGuidanceBand(successfulContacts: number): ContactGuidanceBand {
  if (successfulContacts < CONTACT_GUIDANCE.min) return 'below';
  if (successfulContacts > CONTACT_GUIDANCE.max) return 'above';
  return 'within';
}
