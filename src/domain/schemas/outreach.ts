import { z } from 'zod';
import { NEED_CODES } from '../needs.ts';
import { DECLINE_CODES, NEXT_ACTIONS, NOT_SUITABLE_REASONS, OUTREACH_CHANNELS, OUTREACH_STATES, REVIEW_OUTCOMES } from '../proactive/outreach.ts';
import { emailSchema, idSchema } from './common.ts';
import { addressInputSchema, communicationNeedsSchema, contactPreferencesSchema, phoneSchema } from './person-details.ts';
import { URGENCIES } from './referrals.ts';

/**
 * Proactive outreach (issue 12 item 4): the worklist's requests and views, shared by the API and
 * the web page. Every change carries the `version` the worker saw (a stale one answers 409
 * `conflict`, reason `stale_version`).
 */

const version = z.number().int().min(1);

/** Start outreach for a cohort run (`POST /api/v1/proactive/outreach/start`). */
export const startOutreachBodySchema = z.strictObject({ runId: idSchema });
export type StartOutreachInput = z.infer<typeof startOutreachBodySchema>;

export const outreachStartedViewSchema = z.object({
  runId: z.string(),
  started: z.number(),
  skipped: z.object({ optedOut: z.number(), doNotContact: z.number(), inAnotherRun: z.number(), alreadyStarted: z.number() }),
});
export type OutreachStartedView = z.infer<typeof outreachStartedViewSchema>;

/** The clinician's safety review: cleared, or not suitable with a coded reason. */
export const reviewOutreachBodySchema = z
  .strictObject({ version, outcome: z.enum(REVIEW_OUTCOMES), reason: z.enum(NOT_SUITABLE_REASONS).optional() })
  .superRefine((v, ctx) => {
    if (v.outcome === 'not_suitable' && v.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why this person is not suitable' });
    if (v.outcome === 'cleared' && v.reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A reason is only for “not suitable”' });
  });
export type ReviewOutreachInput = z.infer<typeof reviewOutreachBodySchema>;

/** A language code as entered: 'en', 'pl', 'ur', 'pt-BR'. */
export const languageCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Enter a language code, like en, pl or ur')
  .transform((v) => v.toLowerCase());

/** One invitation: how it was sent, in which language, easy read or not. */
export const recordInvitationBodySchema = z.strictObject({
  version,
  channel: z.enum(OUTREACH_CHANNELS),
  language: languageCodeSchema.default('en'),
  easyRead: z.boolean().default(false),
});
export type RecordInvitationInput = z.infer<typeof recordInvitationBodySchema>;

export const OUTREACH_RESPONSES = ['responded', 'no_response'] as const;
/** The person replied, or (after the last attempt) did not. */
export const recordResponseBodySchema = z.strictObject({ version, outcome: z.enum(OUTREACH_RESPONSES) });
export type RecordResponseInput = z.infer<typeof recordResponseBodySchema>;

/**
 * The person accepted: who they are (the practice extract has no names), how to reach them, what
 * they would like help with, and their consent to the referral (required).
 */
export const acceptOutreachBodySchema = z.strictObject({
  version,
  givenName: z.string().trim().min(1, 'Enter a first name').max(100),
  familyName: z.string().trim().min(1, 'Enter a last name').max(100),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  /** The postcode is prefilled from the practice data; the rest of the address is optional. */
  address: addressInputSchema.optional(),
  contactPreferences: contactPreferencesSchema.optional(),
  communicationNeeds: communicationNeedsSchema.optional(),
  needs: z
    .array(z.enum(NEED_CODES))
    .max(12)
    .transform((a) => [...new Set(a)])
    .refine((a) => a.length > 0, 'Choose at least one thing they would like help with'),
  reasonText: z.string().trim().max(2000).optional(),
  urgency: z.enum(URGENCIES).default('routine'),
  consentGiven: z.literal(true, { message: 'Record that the person agreed to be referred. Do not refer without their consent' }),
  confirmNotDuplicate: z.boolean().default(false),
});
export type AcceptOutreachInput = z.infer<typeof acceptOutreachBodySchema>;

export const declineOutreachBodySchema = z.strictObject({ version, code: z.enum(DECLINE_CODES) });
export type DeclineOutreachInput = z.infer<typeof declineOutreachBodySchema>;

export const optOutBodySchema = z.strictObject({ version });
export type OptOutInput = z.infer<typeof optOutBodySchema>;

/** The worklist (`GET /api/v1/proactive/outreach`): by run and state, what needs doing next first. */
export const listOutreachQuerySchema = z.strictObject({
  run: idSchema.optional(),
  state: z.enum(OUTREACH_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type ListOutreachQuery = z.infer<typeof listOutreachQuerySchema>;

export const outreachViewSchema = z.object({
  id: z.string(),
  runId: z.string(),
  practice: z.object({ id: z.string(), name: z.string(), odsCode: z.string().nullable() }),
  nhsNumber: z.string(),
  /** From the practice data, to prefill the accept form. */
  dateOfBirth: z.string().nullable(),
  age: z.number().nullable(),
  sex: z.string().nullable(),
  postcode: z.string().nullable(),
  /** The cohort rules that found this person, and the score. */
  rules: z.array(z.string()),
  score: z.number(),
  state: z.enum(OUTREACH_STATES),
  nextAction: z.enum(NEXT_ACTIONS),
  reviewOutcome: z.enum(REVIEW_OUTCOMES).nullable(),
  reviewReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  attempts: z.number(),
  maxAttempts: z.number(),
  canInvite: z.boolean(),
  lastAttemptAt: z.string().nullable(),
  channel: z.string().nullable(),
  language: z.string().nullable(),
  easyRead: z.boolean(),
  respondedAt: z.string().nullable(),
  declineCode: z.string().nullable(),
  referral: z.object({ id: z.string(), reference: z.string().nullable() }).nullable(),
  version: z.number(),
});
export type OutreachView = z.infer<typeof outreachViewSchema>;

export const outreachListViewSchema = z.object({
  items: z.array(outreachViewSchema),
  counts: z.object({ review: z.number(), invite: z.number(), await_reply: z.number(), done: z.number() }),
  total: z.number(),
  maxAttempts: z.number(),
});
export type OutreachListView = z.infer<typeof outreachListViewSchema>;

export const outreachAcceptedViewSchema = z.object({
  outreach: outreachViewSchema,
  referral: z.object({ id: z.string(), reference: z.string() }),
  personId: z.string(),
  personMatch: z.enum(['new', 'nhs_number', 'existing']),
});
export type OutreachAcceptedView = z.infer<typeof outreachAcceptedViewSchema>;
