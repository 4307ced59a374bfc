/**
 * SNOMED CT codes Linkwork writes to the GP record, kept as data in one place (DOMAIN.md §2).
 * "Social prescribing offered" is recommended by NHS England but its id is unconfirmed, so it is
 * not listed until it is.
 */
export const GP_RECORD_CODES = {
  referral_accepted: { code: '871731000000106', description: 'Referral to social prescribing service' },
  declined: { code: '871711000000103', description: 'Social prescribing declined' },
} as const;

export type GpRecordEvent = keyof typeof GP_RECORD_CODES;
