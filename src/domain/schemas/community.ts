import { z } from 'zod';
import {
  COMMUNITY_REFERRAL_COMMANDS,
  COMMUNITY_REFERRAL_KINDS,
  COMMUNITY_REFERRAL_STATUSES,
  DECLINE_REASONS,
  LINK_WORKER_COMMANDS,
  PROVIDER_COMMANDS,
  REFER_STATUSES,
} from '../community-referral.ts';
import { BARRIER_CODES } from '../barriers.ts';
import { WEEKDAYS, type Weekday } from '../matching/types.ts';
import { NEED_CODES } from '../needs.ts';
import { idSchema } from './common.ts';

// The community-referral API's shapes: one source of truth for the server (request validation and
// response filtering) and the web forms. Views list every field a response may carry.

export const needCodeSchema = z.enum(NEED_CODES, { message: 'Choose a need from the list' });
export const declineReasonSchema = z.enum(DECLINE_REASONS, { message: 'Choose a reason for declining' });
export const communityReferralStatusSchema = z.enum(COMMUNITY_REFERRAL_STATUSES);
export const communityReferralKindSchema = z.enum(COMMUNITY_REFERRAL_KINDS, { message: 'Choose refer or signpost' });
const versionSchema = z.number().int().min(1);

// ---- services (minimal, until the directory issue lands) ----

export const createServiceBodySchema = z.strictObject({
  organisationId: idSchema,
  name: z.string().trim().min(1, 'Enter the name of the service').max(200),
  description: z.string().trim().max(2000).optional(),
  needs: z.array(needCodeSchema).min(1, 'Choose at least one need the service meets').max(NEED_CODES.length),
  /** false: signpost-only (people are given the details; the service takes no referrals). */
  takesReferrals: z.boolean(),
});
export type CreateServiceInput = z.infer<typeof createServiceBodySchema>;

export const serviceListQuerySchema = z.strictObject({
  need: needCodeSchema.optional(),
  organisationId: idSchema.optional(),
  takesReferrals: z.enum(['true', 'false']).optional(),
  /** From a case (in the caller's scope): leave out services that do not suit the person (age, sex, area), nearest first. */
  caseId: idSchema.optional(),
});
export type ServiceListQuery = z.infer<typeof serviceListQuerySchema>;

export const serviceViewSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  needs: z.array(needCodeSchema),
  takesReferrals: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;

/** How many services were left out of a case's list, by the first reason that applied. */
export const leftOutCountsSchema = z.object({ age: z.number(), sex: z.number(), area: z.number() });
export type LeftOutCountsView = z.infer<typeof leftOutCountsSchema>;

/**
 * GET /services. Without caseId: `services` only, as ever. With caseId: each service's distance from
 * the person (km to its nearest location; null when either is not known), how many were left out
 * and why, whether the list is nearest first, and the radius used for "too far away".
 */
export const serviceListViewSchema = z.object({
  services: z.array(serviceViewSchema.extend({ distanceKm: z.number().nullable().optional() })),
  leftOut: leftOutCountsSchema.optional(),
  byDistance: z.boolean().optional(),
  radiusKm: z.number().optional(),
});
export type ServiceListView = z.infer<typeof serviceListViewSchema>;
export type ServiceListItemView = ServiceListView['services'][number];

export const serviceStatsViewSchema = z.object({
  serviceId: z.string(),
  received: z.number(),
  answered: z.number(),
  acceptedOrLater: z.number(),
  /** 0–1; null until something has been answered. */
  acceptanceRate: z.number().nullable(),
  medianResponseHours: z.number().nullable(),
  byStatus: z.record(z.enum(REFER_STATUSES), z.number()),
  signposted: z.number(),
});
export type ServiceStatsView = z.infer<typeof serviceStatsViewSchema>;

// ---- matching: "what would help this person?" ----

const DAY_CODES: Readonly<Record<string, Weekday>> = {
  MO: 'monday',
  TU: 'tuesday',
  WE: 'wednesday',
  TH: 'thursday',
  FR: 'friday',
  SA: 'saturday',
  SU: 'sunday',
};
/** A day as a name ("tuesday", any case) or an iCalendar code ("TU"). */
export const weekdaySchema = z
  .string()
  .trim()
  .transform((d, ctx): Weekday => {
    const lower = d.toLowerCase();
    const day = (WEEKDAYS as readonly string[]).includes(lower) ? (lower as Weekday) : DAY_CODES[d.toUpperCase()];
    if (day === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Choose days of the week' });
      return z.NEVER;
    }
    return day;
  });

export const serviceMatchBodySchema = z
  .strictObject({
    /** The need in the link worker's words (never stored or logged). */
    text: z.string().trim().max(2000, 'Describe the need in under 2,000 characters').optional(),
    needs: z.array(needCodeSchema).max(NEED_CODES.length).optional(),
    /** The case the search is made from: must be in the caller's scope; the run is then recorded. */
    referralId: idSchema.optional(),
    /** A full postcode, or its first half ("HX1") when only that is known. */
    postcode: z.string().trim().min(2).max(10).optional(),
    age: z.number().int().min(0, 'Enter an age from 0 to 120').max(120, 'Enter an age from 0 to 120').optional(),
    barriers: z
      .array(z.enum(BARRIER_CODES, { message: 'Choose barriers from the list' }))
      .max(BARRIER_CODES.length)
      .optional(),
    days: z.array(weekdaySchema).max(7).optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.text === undefined || v.text === '') && (v.needs === undefined || v.needs.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'Describe the need or choose at least one need' });
    }
  });
export type ServiceMatchInput = z.infer<typeof serviceMatchBodySchema>;

export const understoodNeedViewSchema = z.object({
  need: needCodeSchema,
  label: z.string(),
  confidence: z.number(),
  terms: z.array(z.string()),
  source: z.enum(['coded', 'text']),
});

export const serviceMatchResultViewSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  organisationName: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  stale: z.boolean(),
  takesReferrals: z.boolean(),
  capacity: z.string(),
  waitingWeeks: z.number().nullable(),
  distanceKm: z.number().nullable(),
});
export type ServiceMatchResultView = z.infer<typeof serviceMatchResultViewSchema>;

export const serviceMatchViewSchema = z.object({
  /** Set when the search was made from a case (referralId): pass it with the chosen service. */
  matchId: z.string().nullable(),
  understoodNeeds: z.array(understoodNeedViewSchema),
  /** A town, village or neighbourhood named in the words and found among the directory's
   * addresses, from which distances were measured (no postcode was given); else null. */
  place: z.object({ name: z.string(), latitude: z.number(), longitude: z.number() }).nullable(),
  results: z.array(serviceMatchResultViewSchema),
});
export type ServiceMatchView = z.infer<typeof serviceMatchViewSchema>;

// ---- community referrals from a case (link worker, lead) ----

export const createCommunityReferralBodySchema = z
  .strictObject({
    serviceId: idSchema,
    kind: communityReferralKindSchema,
    /** The need this referral addresses, shown to the provider. */
    need: needCodeSchema.optional(),
    /** What the provider needs to know, written for them (no clinical detail). */
    reasonText: z.string().trim().min(1).max(1000).optional(),
    /** The match run (POST /services/match with this case's referralId) the service was chosen from… */
    matchId: idSchema.optional(),
    /** …and its place in that run's results (1 = top). Given together with matchId. */
    matchRank: z.number().int().min(1).max(50).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.matchId === undefined) !== (v.matchRank === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.matchId === undefined ? 'matchId' : 'matchRank'], message: 'Give matchId and matchRank together' });
    }
  });
export type CreateCommunityReferralInput = z.infer<typeof createCommunityReferralBodySchema>;

export const cancelCommunityReferralBodySchema = z.strictObject({ version: versionSchema });
export type CancelCommunityReferralInput = z.infer<typeof cancelCommunityReferralBodySchema>;

/** What the link worker sees of a community referral on the case. */
export const communityReferralViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: communityReferralKindSchema,
  status: communityReferralStatusSchema,
  serviceId: z.string(),
  serviceName: z.string(),
  organisationName: z.string(),
  need: needCodeSchema.nullable(),
  reasonText: z.string().nullable(),
  declineReason: declineReasonSchema.nullable(),
  sentAt: z.string(),
  respondedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number(),
  allowedCommands: z.array(z.enum(LINK_WORKER_COMMANDS)),
  fhirTask: z.object({ status: z.string(), businessStatus: z.string(), statusReason: declineReasonSchema.nullable() }),
});
export type CommunityReferralView = z.infer<typeof communityReferralViewSchema>;

// ---- the provider inbox ----

export const inboxQuerySchema = z.strictObject({
  /** open (default): the provider still has work to do; closed: finished; all. */
  state: z.enum(['open', 'closed', 'all']).default('open'),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const respondCommunityReferralBodySchema = z
  .strictObject({
    command: z.enum(PROVIDER_COMMANDS, { message: 'Choose what to record' }),
    declineReason: declineReasonSchema.optional(),
    version: versionSchema,
  })
  .superRefine((v, ctx) => {
    if (v.command === 'decline' && v.declineReason === undefined)
      ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'Choose a reason for declining' });
    if (v.command !== 'decline' && v.declineReason !== undefined)
      ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'A reason is given only when declining' });
  });
export type RespondCommunityReferralInput = z.infer<typeof respondCommunityReferralBodySchema>;

/**
 * One inbox item: the minimum a provider needs to contact the person and decide — name, contact,
 * reason, consent. No NHS number, date of birth, address, conversation notes, plan or contacts.
 * Contact details are withheld (null) once a referral closed without the provider taking it up.
 */
export const inboxItemViewSchema = z.object({
  id: z.string(),
  version: z.number(),
  status: communityReferralStatusSchema,
  allowedCommands: z.array(z.enum(PROVIDER_COMMANDS)),
  serviceId: z.string(),
  serviceName: z.string(),
  sentAt: z.string(),
  expiresAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  declineReason: declineReasonSchema.nullable(),
  need: needCodeSchema.nullable(),
  reasonText: z.string().nullable(),
  referredBy: z.string().nullable(),
  person: z.object({
    givenName: z.string(),
    familyName: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    contactMethods: z.array(z.string()),
    contactNotes: z.string().nullable(),
  }),
  consent: z.object({ given: z.boolean(), recordedAt: z.string().nullable() }),
});
export type InboxItemView = z.infer<typeof inboxItemViewSchema>;

export const communityCommandSchema = z.enum(COMMUNITY_REFERRAL_COMMANDS);
