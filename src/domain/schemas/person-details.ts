import { z } from 'zod';
import { DUPLICATE_REASONS } from '../duplicates.ts';
import { ETHNIC_CATEGORY_CODES } from '../ethnicity.ts';
import { emailSchema, idSchema, isoDateSchema } from './common.ts';
import { nhsNumberSchema, postcodeSchema } from './person.ts';

/**
 * The person in full (PRSB demographics, DOMAIN.md §4): the shapes the API accepts and answers,
 * shared by the server and the web forms. Field names say what they hold.
 */

/** Recorded sex, as in the NHS Data Dictionary "PERSON STATED GENDER CODE" values. */
export const SEXES = ['female', 'male', 'indeterminate', 'not_known'] as const;
export type Sex = (typeof SEXES)[number];

export const CONTACT_METHODS = ['phone', 'text', 'email', 'letter'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const BEST_CONTACT_TIMES = ['morning', 'afternoon', 'evening', 'any_time'] as const;
export type BestContactTime = (typeof BEST_CONTACT_TIMES)[number];

export const ACCESSIBLE_FORMATS = ['large_print', 'easy_read', 'bsl', 'braille', 'audio'] as const;
export type AccessibleFormat = (typeof ACCESSIBLE_FORMATS)[number];

/** The earliest date of birth accepted (older is a typing slip). The future is checked by the use case. */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** A list of codes with each at most once (repeats are dropped, order kept). */
const uniqueList = <T extends string>(values: readonly [T, ...T[]], max: number) =>
  z
    .array(z.enum(values))
    .max(max)
    .transform((a) => [...new Set(a)]);

const optionalText = (max: number) => z.string().trim().max(max).optional();

export const dateOfBirthSchema = isoDateSchema.refine((d) => d >= EARLIEST_DATE_OF_BIRTH, 'Enter a date of birth after 1900');

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, 'Enter a phone number, like 01422 123456 or 07700 900123');

export const contactPreferencesSchema = z.strictObject({
  /** How the person is happy to be contacted, in order of preference. */
  methods: uniqueList(CONTACT_METHODS, CONTACT_METHODS.length).default([]),
  bestTimes: uniqueList(BEST_CONTACT_TIMES, BEST_CONTACT_TIMES.length).default([]),
  /** E.g. "hard of hearing: text first", "daughter answers the phone". */
  notes: optionalText(500),
});
export type ContactPreferences = z.infer<typeof contactPreferencesSchema>;

export const communicationNeedsSchema = z.strictObject({
  interpreterNeeded: z.boolean().default(false),
  /** The language the person prefers, in words ("Polish", "British Sign Language"). */
  language: optionalText(80),
  accessibleFormats: uniqueList(ACCESSIBLE_FORMATS, ACCESSIBLE_FORMATS.length).default([]),
});
export type CommunicationNeeds = z.infer<typeof communicationNeedsSchema>;

export const addressInputSchema = z.strictObject({
  line1: optionalText(200),
  line2: optionalText(200),
  town: optionalText(100),
  postcode: postcodeSchema,
});
export type AddressInput = z.infer<typeof addressInputSchema>;

/** A person as entered on a referral form (the GP practice comes from the referral). */
export const newPersonSchema = z.strictObject({
  nhsNumber: nhsNumberSchema.optional(),
  givenName: z.string().trim().min(1, 'Enter a first name').max(100),
  familyName: z.string().trim().min(1, 'Enter a last name').max(100),
  dateOfBirth: dateOfBirthSchema,
  sex: z.enum(SEXES).optional(),
  genderIdentity: optionalText(100),
  ethnicCategory: z.enum(ETHNIC_CATEGORY_CODES).optional(),
  address: addressInputSchema.optional(),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  contactPreferences: contactPreferencesSchema.optional(),
  communicationNeeds: communicationNeedsSchema.optional(),
});
export type NewPersonInput = z.infer<typeof newPersonSchema>;

/**
 * A change to a person's record. Only the fields sent change; `null` clears an optional field.
 * `version` is the version the editor started from: a stale one answers 409 `conflict`.
 * An address is either a move (`moved`: the current address is closed on `validFrom` — periods are
 * half-open, [validFrom, validTo) — and kept in the history) or a correction of a typing slip in
 * the current address (`correction`: replaced in place, no history entry).
 */
export const updatePersonBodySchema = z.strictObject({
  version: z.number().int().min(1),
  nhsNumber: nhsNumberSchema.optional(),
  givenName: z.string().trim().min(1, 'Enter a first name').max(100).optional(),
  familyName: z.string().trim().min(1, 'Enter a last name').max(100).optional(),
  dateOfBirth: dateOfBirthSchema.optional(),
  sex: z.enum(SEXES).nullable().optional(),
  genderIdentity: z.string().trim().max(100).nullable().optional(),
  ethnicCategory: z.enum(ETHNIC_CATEGORY_CODES).nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  contactPreferences: contactPreferencesSchema.nullable().optional(),
  communicationNeeds: communicationNeedsSchema.nullable().optional(),
  practiceId: idSchema.optional(),
  address: addressInputSchema
    .extend({
      change: z.enum(['moved', 'correction']),
      /** The day the person moved in (moves only); today when not given. */
      validFrom: isoDateSchema.optional(),
    })
    .optional(),
});
export type UpdatePersonInput = z.infer<typeof updatePersonBodySchema>;

/** The person fields an update can change, as named in audit summaries. */
export const PERSON_FIELDS = [
  'nhsNumber',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'genderIdentity',
  'ethnicCategory',
  'phone',
  'email',
  'contactPreferences',
  'communicationNeeds',
  'practiceId',
  'address',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export const addressViewSchema = z.object({
  id: z.string(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  town: z.string().nullable(),
  postcode: z.string(),
  validFrom: z.string(),
  /** null for the current address. */
  validTo: z.string().nullable(),
});
export type AddressView = z.infer<typeof addressViewSchema>;

/** The full person record for link workers and leads (never for referrers or providers). */
export const personDetailsViewSchema = z.object({
  id: z.string(),
  nhsNumber: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(SEXES).nullable(),
  genderIdentity: z.string().nullable(),
  ethnicCategory: z.enum(ETHNIC_CATEGORY_CODES).nullable(),
  ethnicCategoryLabel: z.string().nullable(),
  postcode: z.string().nullable(),
  lsoa: z.string().nullable(),
  imdDecile: z.number().nullable(),
  practice: z.object({ id: z.string(), name: z.string() }),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  contactPreferences: z
    .object({ methods: z.array(z.enum(CONTACT_METHODS)), bestTimes: z.array(z.enum(BEST_CONTACT_TIMES)), notes: z.string().optional() })
    .nullable(),
  communicationNeeds: z
    .object({ interpreterNeeded: z.boolean(), language: z.string().optional(), accessibleFormats: z.array(z.enum(ACCESSIBLE_FORMATS)) })
    .nullable(),
  /** Newest first; the current address (validTo null) leads. */
  addresses: z.array(addressViewSchema),
  /** Set when this record was merged into another: open that one instead. */
  mergedIntoId: z.string().nullable(),
  version: z.number(),
});
export type PersonDetailsView = z.infer<typeof personDetailsViewSchema>;

/**
 * A possible duplicate, for staff whose scope covers it: enough to tell two records apart, never
 * the full record (no NHS number, no address lines, no contact details).
 */
export const duplicateCandidateViewSchema = z.object({
  personId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  postcode: z.string().nullable(),
  hasNhsNumber: z.boolean(),
  practice: z.object({ id: z.string(), name: z.string() }),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
  version: z.number(),
});
export type DuplicateCandidateView = z.infer<typeof duplicateCandidateViewSchema>;

export const duplicateListViewSchema = z.object({ candidates: z.array(duplicateCandidateViewSchema) });
export type DuplicateListView = z.infer<typeof duplicateListViewSchema>;

/** Merge `mergePersonId` into the person in the path; both versions guard against stale screens. */
export const mergePersonsBodySchema = z.strictObject({
  mergePersonId: idSchema,
  version: z.number().int().min(1),
  mergePersonVersion: z.number().int().min(1),
});
export type MergePersonsInput = z.infer<typeof mergePersonsBodySchema>;

export const mergeResultViewSchema = z.object({
  person: personDetailsViewSchema,
  mergedPersonId: z.string(),
  referralsMoved: z.number(),
});
export type MergeResultView = z.infer<typeof mergeResultViewSchema>;
