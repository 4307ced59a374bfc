import { z } from 'zod';
import { NEED_CODES } from '../needs.ts';
import { idSchema } from './common.ts';

// Directory curation and freshness (issue 4 §4–5): one source of truth for the server's request
// validation and response filtering and for the web forms. Views list every field a response may
// carry; nothing else leaves the server.

/** Linkwork's own capacity of a listing: kept current by its owner, straight live. */
export const SERVICE_CAPACITIES = ['open', 'waiting_list', 'closed'] as const;
export type ServiceCapacity = (typeof SERVICE_CAPACITIES)[number];

/** What a link worker can report about a listing in one click. */
export const PROBLEM_KINDS = ['closed', 'wrong_contact', 'wrong_details', 'not_suitable', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const PROBLEM_STATUSES = ['open', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** A held edit: pending until a lead decides; superseded when its author sends a newer one first. */
export const EDIT_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type EditStatus = (typeof EDIT_STATUSES)[number];

/** Who decided a service's needs: the owner (manual), the importer's classifier, or a curator's correction. */
export const NEEDS_SOURCES = ['manual', 'classified', 'corrected'] as const;
export type NeedsSource = (typeof NEEDS_SOURCES)[number];

/** The fields a listing's owner may edit; capacity and waiting time always apply at once. */
export const EDITABLE_FIELDS = [
  'name',
  'description',
  'eligibilityDescription',
  'minimumAge',
  'maximumAge',
  'feesDescription',
  'capacity',
  'waitingWeeks',
  'takesReferrals',
  'needs',
  'email',
  'url',
  'phone',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export const ALWAYS_LIVE_FIELDS: readonly EditableField[] = ['capacity', 'waitingWeeks'];

const needCode = z.enum(NEED_CODES, { message: 'Choose a need from the list' });
const versionSchema = z.number({ message: 'Reload the page and try again' }).int().min(1);
/** Optional free text: an empty string clears the field (stored as missing). */
const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .nullable()
    .transform((v) => (v === null || v === '' ? null : v));
const age = z
  .number({ message: 'Enter an age in whole years' })
  .int('Enter an age in whole years')
  .min(0, 'Enter an age from 0 to 120')
  .max(120, 'Enter an age from 0 to 120')
  .nullable();

export const serviceCapacitySchema = z.enum(SERVICE_CAPACITIES, { message: 'Choose open, waiting list or closed' });
export const problemKindSchema = z.enum(PROBLEM_KINDS, { message: 'Choose what is wrong' });

// ---- requests ----

export const directoryListQuerySchema = z.strictObject({
  /** Words in the name, description or organisation (case does not matter). */
  q: z.string().trim().max(100).optional(),
  need: needCode.optional(),
  capacity: serviceCapacitySchema.optional(),
  /** true: only stale listings; false: only fresh ones. */
  stale: z.enum(['true', 'false']).optional(),
  /** true: only services of the caller's own organisations (providers). */
  mine: z.enum(['true', 'false']).optional(),
  /** true: archived services only (those who manage listings). */
  archived: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DirectoryListQuery = z.infer<typeof directoryListQuerySchema>;

export const updateServiceBodySchema = z
  .strictObject({
    /** The listing's `version` as last read; a stale one answers 409 `conflict`. */
    expectedVersion: versionSchema,
    name: z.string().trim().min(1, 'Enter the name of the service').max(200, 'Use 200 characters or fewer').optional(),
    description: clearableText(4000).optional(),
    eligibilityDescription: clearableText(2000).optional(),
    minimumAge: age.optional(),
    maximumAge: age.optional(),
    feesDescription: clearableText(1000).optional(),
    capacity: serviceCapacitySchema.optional(),
    waitingWeeks: z
      .number({ message: 'Enter the wait in whole weeks' })
      .int('Enter the wait in whole weeks')
      .min(0, 'Enter 0 to 104 weeks')
      .max(104, 'Enter 0 to 104 weeks')
      .nullable()
      .optional(),
    takesReferrals: z.boolean().optional(),
    needs: z.array(needCode).min(1, 'Choose at least one need the service meets').max(NEED_CODES.length).optional(),
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.union([z.literal(''), z.email({ message: 'Enter an email address like name@example.org' })]))
      .nullable()
      .transform((v) => (v === null || v === '' ? null : v.toLowerCase()))
      .optional(),
    url: z
      .string()
      .trim()
      .max(500)
      .pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'Enter a web address starting https://' })]))
      .nullable()
      .transform((v) => (v === null || v === '' ? null : v))
      .optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+() -]*$/, 'Enter a phone number using digits, spaces and +')
      .nullable()
      .transform((v) => (v === null || v === '' ? null : v))
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (EDITABLE_FIELDS.every((f) => v[f] === undefined)) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Change at least one thing' });
    if (v.minimumAge != null && v.maximumAge != null && v.minimumAge > v.maximumAge) {
      ctx.addIssue({ code: 'custom', path: ['maximumAge'], message: 'The oldest age must be the same as or more than the youngest' });
    }
  });
export type UpdateServiceInput = z.infer<typeof updateServiceBodySchema>;
/** The changes of an edit, without the version (what a held edit stores). */
export type ServiceChanges = Partial<Omit<UpdateServiceInput, 'expectedVersion'>>;

export const correctNeedsBodySchema = z.strictObject({
  expectedVersion: versionSchema,
  needs: z.array(needCode).min(1, 'Choose at least one need the service meets').max(NEED_CODES.length),
});
export type CorrectNeedsInput = z.infer<typeof correctNeedsBodySchema>;

export const rejectEditBodySchema = z.strictObject({
  /** Shown to the listing's owner; no personal data. */
  reason: z.string().trim().min(1, 'Say why the change is not accepted').max(500, 'Use 500 characters or fewer'),
});
export type RejectEditInput = z.infer<typeof rejectEditBodySchema>;

export const editListQuerySchema = z.strictObject({ status: z.enum(['pending', 'decided', 'all']).default('pending') });
export type EditListQuery = z.infer<typeof editListQuerySchema>;

export const reportProblemBodySchema = z.strictObject({
  kind: problemKindSchema,
  /** Optional detail for the owner (a new phone number, what is wrong); no personal data. */
  note: z
    .string()
    .trim()
    .max(500, 'Use 500 characters or fewer')
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v)),
});
export type ReportProblemInput = z.infer<typeof reportProblemBodySchema>;

export const problemListQuerySchema = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  serviceId: idSchema.optional(),
});
export type ProblemListQuery = z.infer<typeof problemListQuerySchema>;

// ---- views ----

export const serviceNeedViewSchema = z.object({
  code: needCode,
  /** The classifier's confidence (0–1) for an imported listing; null when a person chose it. */
  confidence: z.number().nullable(),
  /** The words in the listing that suggested this need. */
  terms: z.array(z.string()),
});

export const directoryListItemViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  description: z.string().nullable(),
  needs: z.array(needCode),
  capacity: serviceCapacitySchema,
  waitingWeeks: z.number().nullable(),
  takesReferrals: z.boolean(),
  status: z.string(),
  archived: z.boolean(),
  lastKnownGoodAt: z.string(),
  stale: z.boolean(),
  missingFromSource: z.boolean(),
  openProblems: z.number(),
  pendingEdit: z.boolean(),
});
export type DirectoryListItemView = z.infer<typeof directoryListItemViewSchema>;

export const directoryListViewSchema = z.object({ services: z.array(directoryListItemViewSchema), total: z.number(), staleMonths: z.number() });
export type DirectoryListView = z.infer<typeof directoryListViewSchema>;

const changesViewSchema = z.object({
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  eligibilityDescription: z.string().nullable().optional(),
  minimumAge: z.number().nullable().optional(),
  maximumAge: z.number().nullable().optional(),
  feesDescription: z.string().nullable().optional(),
  capacity: serviceCapacitySchema.optional(),
  waitingWeeks: z.number().nullable().optional(),
  takesReferrals: z.boolean().optional(),
  needs: z.array(needCode).optional(),
  email: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});

export const serviceEditViewSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  organisationName: z.string(),
  status: z.enum(EDIT_STATUSES),
  baseVersion: z.number(),
  /** The listing's version now: a pending edit whose base is older cannot be approved as it is. */
  serviceVersion: z.number(),
  changes: changesViewSchema,
  /** The values now live, for the fields the edit changes (so a reviewer sees before and after). */
  current: changesViewSchema,
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type ServiceEditView = z.infer<typeof serviceEditViewSchema>;

export const serviceProblemViewSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  organisationName: z.string(),
  kind: problemKindSchema,
  note: z.string().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  reportedBy: z.string().nullable(),
  reportedAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ServiceProblemView = z.infer<typeof serviceProblemViewSchema>;

export const serviceDetailViewSchema = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  organisation: z.object({ id: z.string(), name: z.string(), website: z.string().nullable() }),
  description: z.string().nullable(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  phones: z.array(z.object({ number: z.string(), description: z.string().nullable() })),
  eligibilityDescription: z.string().nullable(),
  minimumAge: z.number().nullable(),
  maximumAge: z.number().nullable(),
  feesDescription: z.string().nullable(),
  applicationProcess: z.string().nullable(),
  costs: z.array(
    z.object({ option: z.string().nullable(), amount: z.number().nullable(), currency: z.string().nullable(), amountDescription: z.string().nullable() }),
  ),
  locations: z.array(
    z.object({ name: z.string().nullable(), address: z.string().nullable(), postcode: z.string().nullable(), accessibility: z.array(z.string()) }),
  ),
  schedules: z.array(
    z.object({ description: z.string().nullable(), byday: z.string().nullable(), opensAt: z.string().nullable(), closesAt: z.string().nullable() }),
  ),
  languages: z.array(z.string()),
  /** ORUK status: active | inactive | defunct | temporarily closed. */
  status: z.string(),
  capacity: serviceCapacitySchema,
  waitingWeeks: z.number().nullable(),
  takesReferrals: z.boolean(),
  archived: z.boolean(),
  lastVerifiedAt: z.string().nullable(),
  lastVerifiedBy: z.string().nullable(),
  /** Verified, else the feed's assured date, else when it was added. */
  lastKnownGoodAt: z.string(),
  stale: z.boolean(),
  staleMonths: z.number(),
  needs: z.array(serviceNeedViewSchema),
  needsSource: z.enum(NEEDS_SOURCES),
  openProblems: z.number(),
  /** The edit waiting for a lead (shown to those who may manage or approve the listing). */
  pendingEdit: serviceEditViewSchema.nullable(),
  /** The latest decided edit (approved or rejected, with the lead's reason), for the owner and approvers. */
  lastDecidedEdit: serviceEditViewSchema.nullable(),
  source: z.string().nullable(),
  externalId: z.string().nullable(),
  missingFromSource: z.boolean(),
  missingFromSourceAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What this viewer may do here (the server checks again). */
  mayManage: z.boolean(),
  mayReport: z.boolean(),
  editsNeedApproval: z.boolean(),
});
export type ServiceDetailView = z.infer<typeof serviceDetailViewSchema>;

export const updateServiceResultViewSchema = z.object({
  /** applied: live now; pending: held for a lead's approval (capacity and waiting time applied anyway). */
  outcome: z.enum(['applied', 'pending']),
  service: serviceDetailViewSchema,
  edit: serviceEditViewSchema.nullable(),
});
export type UpdateServiceResultView = z.infer<typeof updateServiceResultViewSchema>;
