import { z } from 'zod';
import { CASE_STATUSES, DISCHARGE_REASONS, TRIAGE_REASONS, type CaseStatus, type DischargeReason, type TriageReason } from '../case-lifecycle.ts';
import { NEED_CODES } from '../needs.ts';
import { ETHNIC_CATEGORY_CODES } from '../ethnicity.ts';
import { emailSchema, idSchema } from './common.ts';
import { nhsNumberSchema, postcodeSchema } from './person.ts';
import { ACCESSIBLE_FORMATS, BEST_CONTACT_TIMES, CONTACT_METHODS, dateOfBirthSchema, newPersonSchema, phoneSchema, SEXES } from './person-details.ts';

/**
 * Referral intake, triage and the referrer's view: the single source of truth for the API and the
 * web forms. Codes are data; words for people are here too, so every screen says the same thing.
 */

/** Where a referral came from (DOMAIN.md §2): GP, other clinician, partner, the person, or proactive outreach. */
export const REFERRAL_SOURCES = ['gp', 'clinician', 'partner', 'self', 'proactive'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const REFERRAL_SOURCE_LABELS: { readonly [S in ReferralSource]: string } = {
  gp: 'GP',
  clinician: 'Nurse or other clinician',
  partner: 'Partner organisation',
  self: 'Self-referral',
  proactive: 'Proactive outreach',
};

export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const URGENCY_LABELS: { readonly [U in Urgency]: string } = {
  routine: 'Routine',
  soon: 'Soon (within a week)',
  urgent: 'Urgent (within 2 working days)',
};

/** A case's status in plain words, for referrers and the person (no jargon, no notes). */
export const STATUS_IN_WORDS: { readonly [S in CaseStatus]: string } = {
  referred: 'Received: waiting to be given to a link worker',
  allocated: 'Given to a link worker, who will be in touch',
  contacting: 'The link worker is trying to get in touch',
  accepted: 'Agreed to have support',
  declined: 'Decided not to have support',
  active: 'Being supported by a link worker',
  on_hold: 'Support is paused for now',
  discharged: 'Support has finished',
  rejected: 'Not taken on by the social prescribing service',
  redirected: 'Passed to a service better suited to help',
};

export const TRIAGE_REASON_LABELS: { readonly [R in TriageReason]: string } = {
  not_eligible: 'Not eligible for social prescribing',
  needs_clinical_service: 'Needs a clinical service instead',
  duplicate: 'Duplicate of another referral',
  out_of_area: 'Outside the area we cover',
  better_served_elsewhere: 'Better served by another service',
  other: 'Other reason',
};

// Referrer-facing words for a closed case (the case page has its own, more clinical labels).
const DISCHARGE_REASON_WORDS: { readonly [R in DischargeReason]: string } = {
  goals_met: 'Goals met',
  declined: 'Decided not to continue',
  unable_to_contact: 'Could not be contacted',
  moved_away: 'Moved away',
  referred_elsewhere: 'Referred to another service',
  died: 'Died',
  other: 'Other reason',
};

const needsSchema = z
  .array(z.enum(NEED_CODES))
  .max(12)
  .transform((a) => [...new Set(a)]);

/**
 * The professional "one-minute" referral form (`POST /api/v1/referrals`), for referrers (GPs,
 * clinicians), partner referrers and link workers/leads. Either `personId` (someone already known,
 * in the caller's scope) or `person` (details; an existing record with the same NHS number and date
 * of birth is reused, never duplicated). `source` defaults by role: referrers `gp`, partners
 * `partner`; link workers and leads must say (`proactive` for outreach, or the source of a referral
 * they are keying in). Consent is required except for proactive outreach, where it is sought at first
 * contact. A possible duplicate answers 409 `conflict` unless `confirmNotDuplicate` is true.
 */
export const createReferralBodySchema = z
  .strictObject({
    source: z.enum(REFERRAL_SOURCES).optional(),
    /** The GP practice: a referrer's own practice (optional when they cover one), any practice for partners, one in scope for staff. */
    practiceId: idSchema.optional(),
    personId: idSchema.optional(),
    person: newPersonSchema.optional(),
    confirmNotDuplicate: z.boolean().default(false),
    needs: needsSchema.refine((a) => a.length > 0, 'Choose at least one reason for the referral'),
    /** The reason in the referrer's words. */
    reasonText: z.string().trim().max(2000).optional(),
    urgency: z.enum(URGENCIES).default('routine'),
    /** The person agreed to be referred (required, except for proactive outreach). */
    consentGiven: z.boolean(),
    safeguardingConcern: z.boolean().default(false),
    /** Risks to the person or to a visiting link worker; required with a safeguarding concern. */
    riskDetails: z.string().trim().max(2000).optional(),
    /** How best to reach the person for this referral ("ring after 2pm; daughter Jane is main contact"). */
    contactNotes: z.string().trim().max(1000).optional(),
    /** How the link worker can reach the referrer (phone, extension, secure e-mail). */
    referrerContact: z.string().trim().max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.personId === undefined) === (v.person === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Give the person’s details, or choose someone already known' });
    }
    if (v.source !== 'proactive' && !v.consentGiven) {
      ctx.addIssue({ code: 'custom', path: ['consentGiven'], message: 'Record that the person agreed to be referred. Do not refer without their consent' });
    }
    if (v.safeguardingConcern && (v.riskDetails === undefined || v.riskDetails === '')) {
      ctx.addIssue({ code: 'custom', path: ['riskDetails'], message: 'Say what the safeguarding concern is' });
    }
  });
export type CreateReferralInput = z.infer<typeof createReferralBodySchema>;

/**
 * The public self-referral form (`POST /api/v1/public/self-referrals`), in plain words. No sign-in.
 * `website` is a honeypot: people never see it, robots fill it in.
 */
export const selfReferralBodySchema = z
  .strictObject({
    firstName: z.string().trim().min(1, 'Enter your first name').max(100),
    lastName: z.string().trim().min(1, 'Enter your last name').max(100),
    dateOfBirth: dateOfBirthSchema,
    nhsNumber: nhsNumberSchema.optional(),
    addressLine1: z.string().trim().max(200).optional(),
    addressLine2: z.string().trim().max(200).optional(),
    town: z.string().trim().max(100).optional(),
    postcode: postcodeSchema.optional(),
    phone: phoneSchema.optional(),
    email: emailSchema.optional(),
    howToContactYou: z
      .array(z.enum(CONTACT_METHODS))
      .max(CONTACT_METHODS.length)
      .transform((a) => [...new Set(a)])
      .default([]),
    bestTimesToContact: z
      .array(z.enum(BEST_CONTACT_TIMES))
      .max(BEST_CONTACT_TIMES.length)
      .transform((a) => [...new Set(a)])
      .default([]),
    /** From `GET /api/v1/public/practices`. */
    gpPracticeId: idSchema,
    /** What you would like help with (need codes; the form shows their labels). */
    whatWouldHelp: needsSchema.default([]),
    inYourOwnWords: z.string().trim().max(2000).optional(),
    needAnInterpreter: z.boolean().default(false),
    language: z.string().trim().max(80).optional(),
    accessibleFormats: z
      .array(z.enum(ACCESSIBLE_FORMATS))
      .max(ACCESSIBLE_FORMATS.length)
      .transform((a) => [...new Set(a)])
      .default([]),
    sex: z.enum(SEXES).optional(),
    ethnicCategory: z.enum(ETHNIC_CATEGORY_CODES).optional(),
    /** "I agree to the social prescribing team contacting me and seeing what I have written". */
    consent: z.literal(true, { message: 'Tick the box to say you agree, so that we can contact you' }),
    website: z.string().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.whatWouldHelp.length === 0 && (v.inYourOwnWords ?? '') === '') {
      ctx.addIssue({ code: 'custom', path: ['whatWouldHelp'], message: 'Choose something you would like help with, or tell us in your own words' });
    }
    if (v.phone === undefined && v.email === undefined && (v.addressLine1 === undefined || v.postcode === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Give a phone number, an email address or your address, so that we can contact you' });
    }
    const needs: [ReadonlyArray<string>, 'phone' | 'email' | 'postcode', string][] = [
      [['phone', 'text'], 'phone', 'Give a phone number, or choose another way to contact you'],
      [['email'], 'email', 'Give an email address, or choose another way to contact you'],
      [['letter'], 'postcode', 'Give your address, or choose another way to contact you'],
    ];
    for (const [methods, field, message] of needs) {
      if (v.howToContactYou.some((m) => methods.includes(m)) && v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    }
    if (v.addressLine1 !== undefined && v.postcode === undefined) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'Enter your postcode' });
  });
export type SelfReferralInput = z.infer<typeof selfReferralBodySchema>;

export const selfReferralResultViewSchema = z.object({ reference: z.string() });

export const publicPracticesViewSchema = z.object({ practices: z.array(z.object({ id: z.string(), name: z.string() })) });
export type PublicPracticesView = z.infer<typeof publicPracticesViewSchema>;

/** What a creation answers: enough to show "Referral LW-7KQ3-9FXA sent". */
export const referralCreatedViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  source: z.enum(REFERRAL_SOURCES),
  urgency: z.enum(URGENCIES),
  safeguarding: z.boolean(),
  personId: z.string(),
  createdAt: z.string(),
});
export type ReferralCreatedView = z.infer<typeof referralCreatedViewSchema>;

export const triageQuerySchema = z.strictObject({
  practiceId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TriageQuery = z.infer<typeof triageQuerySchema>;

/** Checks a lead should make before allocating (wrong-person hazard H-002). */
export const IDENTITY_CHECKS = ['possible_duplicate', 'nhs_number_not_matched', 'details_differ_from_record'] as const;
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number];

export const suggestedLinkWorkerViewSchema = z.object({ id: z.string(), displayName: z.string(), openCaseload: z.number() });
export type SuggestedLinkWorkerView = z.infer<typeof suggestedLinkWorkerViewSchema>;

export const triageItemViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  createdAt: z.string(),
  /** Whole days from the referral to now. */
  daysWaiting: z.number(),
  source: z.enum(REFERRAL_SOURCES),
  urgency: z.enum(URGENCIES),
  safeguarding: z.boolean(),
  needs: z.array(z.enum(NEED_CODES)),
  reasonText: z.string().nullable(),
  riskDetails: z.string().nullable(),
  contactNotes: z.string().nullable(),
  consentGiven: z.boolean(),
  practice: z.object({ id: z.string(), name: z.string() }),
  person: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string(),
    postcode: z.string().nullable(),
    hasNhsNumber: z.boolean(),
  }),
  referrer: z.object({ name: z.string().nullable(), organisationName: z.string().nullable(), contact: z.string().nullable() }),
  identityChecks: z.array(z.enum(IDENTITY_CHECKS)),
  /** Link workers covering the practice, fewest open cases first. */
  suggestedLinkWorkers: z.array(suggestedLinkWorkerViewSchema),
  version: z.number(),
});
export type TriageItemView = z.infer<typeof triageItemViewSchema>;

export const triageListViewSchema = z.object({
  /** Oldest first. */
  referrals: z.array(triageItemViewSchema),
  counts: z.object({ waiting: z.number(), urgent: z.number(), safeguarding: z.number() }),
});
export type TriageListView = z.infer<typeof triageListViewSchema>;

export const allocateReferralBodySchema = z.strictObject({
  linkWorkerId: idSchema,
  /** The referral's version the lead saw. */
  version: z.number().int().min(1),
});
export type AllocateReferralInput = z.infer<typeof allocateReferralBodySchema>;

export const TRIAGE_DECISIONS = ['reject', 'redirect'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

export const triageDecisionBodySchema = z.strictObject({
  reason: z.enum(TRIAGE_REASONS),
  version: z.number().int().min(1),
});
export type TriageDecisionInput = z.infer<typeof triageDecisionBodySchema>;

/** A referral after a triage step. */
export const triagedReferralViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  statusReason: z.string().nullable(),
  linkWorker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  allocatedAt: z.string().nullable(),
  version: z.number(),
});
export type TriagedReferralView = z.infer<typeof triagedReferralViewSchema>;

/**
 * A referral as its referrer sees it: what they sent, where it is, who has it. Never conversation
 * notes, plans, contacts or anything the link worker learns later.
 */
export const myReferralViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  createdAt: z.string(),
  source: z.enum(REFERRAL_SOURCES),
  urgency: z.enum(URGENCIES),
  needs: z.array(z.enum(NEED_CODES)),
  /** The person they referred (they know them). */
  person: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() }),
  practice: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(CASE_STATUSES),
  statusInWords: z.string(),
  /** Why it was turned away, passed on or closed, in words (coded reasons only). */
  reasonInWords: z.string().nullable(),
  linkWorkerName: z.string().nullable(),
  allocatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type MyReferralView = z.infer<typeof myReferralViewSchema>;

export const myReferralsQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const myReferralsViewSchema = z.object({ referrals: z.array(myReferralViewSchema) });
export type MyReferralsView = z.infer<typeof myReferralsViewSchema>;

/** The plain-words reason for a coded status reason, if it is one the referrer may see. */
export function reasonInWords(code: string | null): string | null {
  if (code === null) return null;
  if ((TRIAGE_REASONS as readonly string[]).includes(code)) return TRIAGE_REASON_LABELS[code as TriageReason];
  if ((DISCHARGE_REASONS as readonly string[]).includes(code)) return DISCHARGE_REASON_WORDS[code as DischargeReason];
  return null;
}
