import { z } from 'zod';
import { UNMET_BARRIERS, UNMET_NEED_KINDS } from '../unmet-need.ts';
import { BARRIER_CODES } from '../barriers.ts';
import { CASE_COMMANDS, CASE_STATUSES, DISCHARGE_REASONS, SHARING_CHOICES } from '../case-lifecycle.ts';
import { CONTACT_TYPES } from '../contacts.ts';
import { NEED_CODES } from '../needs.ts';
import { GOAL_STATUSES, PROGRESS_MAX, PROGRESS_MIN } from '../plan.ts';
import { idSchema, isoDateSchema, isoDateTimeSchema, limitSchema } from './common.ts';
import { ACCESSIBLE_FORMATS, BEST_CONTACT_TIMES, CONTACT_METHODS } from './person-details.ts';
import { caseWorkViewSchema, dischargeWorkSchema, planWorkInputSchema, planWorkViewSchema } from './work.ts';

// The case: one source of truth for the API's requests and responses and the web app's forms.
// Request schemas are strict (unknown fields refused); view schemas whitelist what leaves.

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

/** Optimistic concurrency: the version the user last saw. A stale one answers `409 conflict`. */
export const versionSchema = z.number({ message: 'Missing version' }).int().min(0);
const text = (max: number, message = `Keep this to ${max} characters or fewer`) => z.string().trim().max(max, message);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

export const caseParamsSchema = z.strictObject({ id: idSchema });

// ---- requests ----

export const CASELOAD_SORTS = ['next_review_on', 'allocated_at', 'last_contact_at', 'name', 'status', 'reference'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export const caseloadQuerySchema = z.strictObject({
  /** A status, `open` (allocated to on hold: the working caseload) or `all`. */
  status: z.enum([...CASE_STATUSES, 'open', 'all']).default('open'),
  sort: z.enum(CASELOAD_SORTS).default('next_review_on'),
  order: z.enum(['asc', 'desc']).default('asc'),
  /** Name words, an NHS number or a reference (LW-…). */
  q: z.string().trim().max(100).optional(),
  /** A lead may look at one link worker's caseload; a link worker always sees their own. */
  linkWorkerId: idSchema.optional(),
  limit: limitSchema,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CaseloadQuery = z.infer<typeof caseloadQuerySchema>;

const simpleCommand = z.strictObject({ command: z.enum(['decline', 'start', 'hold', 'resume']), version: versionSchema });
const acceptCommand = z.strictObject({
  command: z.literal('accept'),
  version: versionSchema,
  /**
   * The person agreed to support and to be referred on. Required when the case has no consent on
   * record yet (proactive outreach asks at first contact); recorded with the time.
   */
  consentGiven: z.boolean().optional(),
});
const dischargeCommand = z.strictObject({
  command: z.literal('discharge'),
  version: versionSchema,
  reason: z.enum(DISCHARGE_REASONS, { message: 'Choose why the case is closing' }),
  /** What the person chose to share with their GP record. */
  sharingChoice: z.enum(SHARING_CHOICES, { message: 'Choose what the person wants shared with their GP' }),
  /** "Goals met" although no goal in the plan is achieved: the link worker confirms it is meant. */
  confirmGoalsMet: z.boolean().optional(),
  /** Work at discharge (optional): the status, the fit note, and a return to work with its date. */
  work: dischargeWorkSchema.optional(),
});
export const changeStatusBodySchema = z.discriminatedUnion('command', [simpleCommand, acceptCommand, dischargeCommand]);
export type ChangeStatusInput = z.infer<typeof changeStatusBodySchema>;

/** Why a lead moved a case to another link worker (coded: the timeline and audit hold no free text). */
export const REASSIGN_REASONS = ['balance_caseloads', 'absence', 'leaving', 'skills_or_language', 'person_asked', 'other'] as const;
export type ReassignReason = (typeof REASSIGN_REASONS)[number];

/** A lead moves an open case to another link worker who covers its practice (the team view). */
export const reassignCaseBodySchema = z.strictObject({
  linkWorkerId: idSchema,
  /** The case's version the lead saw. */
  version: versionSchema,
  reason: z.enum(REASSIGN_REASONS, { message: 'Choose why the case is moving' }).optional(),
});
export type ReassignCaseInput = z.infer<typeof reassignCaseBodySchema>;

export const logContactBodySchema = z.strictObject({
  /** When the contact happened (or was attempted); not in the future. */
  at: isoDateTimeSchema,
  type: z.enum(CONTACT_TYPES, { message: 'Choose how you made contact' }),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(720)
    .nullish()
    .transform((v) => v ?? null),
  /** false: attempted, but did not reach the person. */
  successful: z.boolean(),
  notes: optionalText(5000),
});
export type LogContactInput = z.infer<typeof logContactBodySchema>;

export const conversationNeedSchema = z.strictObject({
  code: z.enum(NEED_CODES, { message: 'Choose a need from the list' }),
  /** The person's own words about this need. */
  words: optionalText(2000),
});

export const saveConversationBodySchema = z.strictObject({
  /** The conversation's version the user started from: 0 when there is none yet. */
  version: versionSchema,
  needs: z
    .array(conversationNeedSchema)
    .min(1, 'Record at least one need or concern')
    .max(30)
    .refine((n) => unique(n.map((x) => x.code)), 'Each need once'),
  strengths: optionalText(4000),
  interests: optionalText(4000),
  barriers: z.array(z.enum(BARRIER_CODES)).max(BARRIER_CODES.length).refine(unique, 'Each barrier once').default([]),
  notes: optionalText(10_000),
});
export type SaveConversationInput = z.infer<typeof saveConversationBodySchema>;

export const planStepSchema = z.strictObject({
  text: text(500).min(1, 'Describe the step'),
  who: optionalText(100),
  done: z.boolean().default(false),
});

export const planGoalInputSchema = z.strictObject({
  /** Keep a goal's id across versions so its progress can be followed; new goals get one. */
  id: idSchema.optional(),
  text: text(500).min(1, "Write the goal in the person's own words"),
  steps: z.array(planStepSchema).max(20).default([]),
  targetDate: isoDateSchema.nullish().transform((v) => v ?? null),
  status: z.enum(GOAL_STATUSES).default('not_started'),
  /** 0–10, the person's own rating at this review. */
  progress: z
    .number()
    .int()
    .min(PROGRESS_MIN)
    .max(PROGRESS_MAX, `Progress is rated 0 to ${PROGRESS_MAX}`)
    .nullish()
    .transform((v) => v ?? null),
});

export const savePlanBodySchema = z.strictObject({
  /** The plan version the user started from: 0 for the first plan. */
  basedOnVersion: versionSchema,
  goals: z
    .array(planGoalInputSchema)
    .min(1, 'Add at least one goal')
    .max(20)
    .refine((g) => unique(g.flatMap((x) => (x.id === undefined ? [] : [x.id]))), 'Each goal once'),
  /** The next review: sets the case's follow-up date that Today watches. */
  reviewOn: isoDateSchema.nullish().transform((v) => v ?? null),
  /** The work goal and barriers (optional; omitted, the last version's are kept; work is never required). */
  work: planWorkInputSchema.optional(),
});
export type SavePlanInput = z.infer<typeof savePlanBodySchema>;

export const planQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

/** An unmet need names its kind (INSIGHT.md U1), and the barrier when the kind is `barrier`. */
export const recordUnmetNeedBodySchema = z
  .strictObject({
    need: z.enum(NEED_CODES, { message: 'Choose a need from the list' }),
    kind: z.enum(UNMET_NEED_KINDS, { message: 'Say why the need could not be met' }),
    barrier: z
      .enum(UNMET_BARRIERS, { message: 'Choose the barrier' })
      .nullish()
      .transform((v) => v ?? null),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'barrier' && v.barrier === null) ctx.addIssue({ code: 'custom', path: ['barrier'], message: 'Choose the barrier' });
    if (v.kind !== 'barrier' && v.barrier !== null)
      ctx.addIssue({ code: 'custom', path: ['barrier'], message: 'A barrier is recorded only when the kind is a barrier' });
  });
export type RecordUnmetNeedInput = z.infer<typeof recordUnmetNeedBodySchema>;

export const todayQuerySchema = z.strictObject({ linkWorkerId: idSchema.optional() });

export const notificationsQuerySchema = z.strictObject({ unreadOnly: z.enum(['true', 'false']).optional(), limit: limitSchema });

export const GP_ENTRY_STATUSES = ['pending', 'filed', 'all'] as const;
export const gpEntriesQuerySchema = z.strictObject({
  practiceId: idSchema.optional(),
  status: z.enum(GP_ENTRY_STATUSES).default('pending'),
  limit: limitSchema,
});
export type GpEntriesQuery = z.infer<typeof gpEntriesQuerySchema>;
export const gpEntriesCsvQuerySchema = z.strictObject({ practiceId: idSchema.optional() });
export const markGpEntriesFiledBodySchema = z.strictObject({ ids: z.array(idSchema).min(1).max(1000).refine(unique, 'Each entry once') });

// ---- views ----

const caseStatus = z.enum(CASE_STATUSES);

export const caseSummaryViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: caseStatus,
  person: z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), nhsNumber: z.string().nullable(), dateOfBirth: z.string() }),
  practiceId: z.string(),
  linkWorker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  urgency: z.string(),
  safeguarding: z.boolean(),
  allocatedAt: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  contactAttempts: z.number(),
  successfulContacts: z.number(),
  suggestedDischarge: z.enum(DISCHARGE_REASONS).nullable(),
});
export type CaseSummaryView = z.infer<typeof caseSummaryViewSchema>;

export const caseloadViewSchema = z.object({ cases: z.array(caseSummaryViewSchema), total: z.number() });
export type CaseloadView = z.infer<typeof caseloadViewSchema>;

export const contactViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  type: z.enum(CONTACT_TYPES),
  durationMinutes: z.number().nullable(),
  successful: z.boolean(),
  notes: z.string().nullable(),
  createdBy: z.object({ id: z.string(), displayName: z.string().nullable() }),
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const conversationViewSchema = z.object({
  needs: z.array(z.object({ code: z.enum(NEED_CODES), words: z.string().nullable() })),
  strengths: z.string().nullable(),
  interests: z.string().nullable(),
  barriers: z.array(z.enum(BARRIER_CODES)),
  notes: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string(), displayName: z.string().nullable() }),
  version: z.number(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const planGoalViewSchema = z.object({
  id: z.string(),
  text: z.string(),
  steps: z.array(z.object({ text: z.string(), who: z.string().nullable(), done: z.boolean() })),
  targetDate: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  progress: z.number().nullable(),
});

export const planVersionViewSchema = z.object({
  version: z.number(),
  goals: z.array(planGoalViewSchema),
  reviewOn: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), displayName: z.string().nullable() }),
  work: planWorkViewSchema,
});
export type PlanVersionView = z.infer<typeof planVersionViewSchema>;

export const planVersionListItemSchema = planVersionViewSchema.omit({ goals: true, work: true }).extend({ goalCount: z.number() });

export const communityReferralSummarySchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  kind: z.string(),
  status: z.string(),
  need: z.string().nullable(),
  sentAt: z.string(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  /** For withdrawing it (POST /api/v1/community-referrals/:id/cancel). */
  version: z.number(),
  /** The link worker may still withdraw it (sent, or accepted but not started). */
  canWithdraw: z.boolean(),
});

export const unmetNeedViewSchema = z.object({
  id: z.string(),
  need: z.enum(NEED_CODES),
  kind: z.enum(UNMET_NEED_KINDS),
  barrier: z.enum(UNMET_BARRIERS).nullable(),
  lsoa: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type UnmetNeedView = z.infer<typeof unmetNeedViewSchema>;

export const gpRecordEntryViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  recordedOn: z.string(),
  filedAt: z.string().nullable(),
});

export const timelineEventViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: z.object({ id: z.string(), displayName: z.string().nullable() }).nullable(),
  /** Coded values only (status codes, need codes, counts): never free text. */
  data: z.record(z.string(), z.unknown()),
});

export const contactPreferencesViewSchema = z.object({
  methods: z.array(z.enum(CONTACT_METHODS)),
  bestTimes: z.array(z.enum(BEST_CONTACT_TIMES)),
  notes: z.string().nullable(),
});
export const communicationNeedsViewSchema = z.object({
  interpreterNeeded: z.boolean(),
  language: z.string().nullable(),
  accessibleFormats: z.array(z.enum(ACCESSIBLE_FORMATS)),
});

export const caseViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: caseStatus,
  statusReason: z.string().nullable(),
  version: z.number(),
  /** Commands the lifecycle allows now (triage commands go through referral routes, log_attempt through contacts). */
  allowedCommands: z.array(z.enum(CASE_COMMANDS)),
  suggestedDischarge: z.enum(DISCHARGE_REASONS).nullable(),
  person: z.object({
    id: z.string(),
    nhsNumber: z.string().nullable(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string(),
    sex: z.string().nullable(),
    postcode: z.string().nullable(),
    lsoa: z.string().nullable(),
    imdDecile: z.number().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** How the person likes to be contacted (self-referral form or their record), or null. */
    contactPreferences: contactPreferencesViewSchema.nullable(),
    /** Interpreter, language and accessible formats (easy read, large print…), or null. */
    communicationNeeds: communicationNeedsViewSchema.nullable(),
  }),
  practice: z.object({ id: z.string(), name: z.string(), odsCode: z.string().nullable() }),
  referral: z.object({
    source: z.string(),
    urgency: z.string(),
    needs: z.array(z.string()),
    reasonText: z.string().nullable(),
    safeguarding: z.boolean(),
    riskText: z.string().nullable(),
    consentGiven: z.boolean(),
    consentRecordedAt: z.string().nullable(),
    /** The referrer's "how best to contact them" for this referral. */
    contactNotes: z.string().nullable(),
    referrer: z.object({ name: z.string().nullable(), organisation: z.string().nullable(), contact: z.string().nullable() }),
    createdAt: z.string(),
  }),
  linkWorker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  allocatedAt: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  sharingChoice: z.enum(SHARING_CHOICES).nullable(),
  contacts: z.object({
    items: z.array(contactViewSchema),
    successful: z.number(),
    attempts: z.number(),
    /** The 6–12 contacts guidance and where this case sits against it. */
    guidance: z.object({ min: z.number(), max: z.number(), band: z.enum(['below', 'within', 'above']) }),
  }),
  conversation: conversationViewSchema.nullable(),
  plan: z.object({ current: planVersionViewSchema.nullable(), versions: z.array(planVersionListItemSchema) }),
  communityReferrals: z.array(communityReferralSummarySchema),
  unmetNeeds: z.array(unmetNeedViewSchema),
  gpRecordEntries: z.array(gpRecordEntryViewSchema),
  timeline: z.array(timelineEventViewSchema),
  /** Work as a pathway: baseline, discharge and follow-up records, and the follow-ups due. */
  work: caseWorkViewSchema,
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** What a write answers: the case's new status and version, so the page can carry on without a stale version. */
export const caseWriteResultSchema = z.object({ id: z.string(), status: caseStatus, version: z.number() });
export type CaseWriteResult = z.infer<typeof caseWriteResultSchema>;

/** What a reassignment answers: the case's new version and who holds it now. */
export const caseReassignedViewSchema = caseWriteResultSchema.extend({
  linkWorker: z.object({ id: z.string(), displayName: z.string() }),
  previousLinkWorkerId: z.string().nullable(),
});
export type CaseReassignedView = z.infer<typeof caseReassignedViewSchema>;
export const contactLoggedViewSchema = caseWriteResultSchema.extend({ contact: contactViewSchema, suggestedDischarge: z.enum(DISCHARGE_REASONS).nullable() });
export const conversationSavedViewSchema = conversationViewSchema;
export const planSavedViewSchema = planVersionViewSchema.extend({ caseVersion: z.number() });

/** The plan to print for the person: plain, with no case notes. */
export const planPrintViewSchema = z.object({
  person: z.object({ givenName: z.string(), familyName: z.string() }),
  linkWorker: z.object({ displayName: z.string() }).nullable(),
  practice: z.object({ name: z.string() }),
  reference: z.string(),
  plan: planVersionViewSchema,
  /** Every version's number, so an earlier one can be shown. */
  versions: z.array(z.number()),
});
export type PlanPrintView = z.infer<typeof planPrintViewSchema>;

const todayCase = caseSummaryViewSchema;
export const todayViewSchema = z.object({
  date: z.string(),
  linkWorkerId: z.string(),
  overdueFollowUps: z.array(todayCase),
  reviewsDue: z.array(todayCase),
  newAllocations: z.array(todayCase),
  unansweredCommunityReferrals: z.array(
    z.object({
      case: todayCase,
      communityReferralId: z.string(),
      serviceName: z.string(),
      sentAt: z.string(),
      /** `sent`: still waiting; `no_response`: expired unanswered (listed for as many days again). */
      status: z.enum(['sent', 'no_response']),
      daysWaiting: z.number(),
    }),
  ),
  /** The deployment's LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS, for the wording. */
  unansweredAfterDays: z.number(),
  noRecentContact: z.array(todayCase),
  suggestedDischarges: z.array(todayCase),
  /** Outcomes: accepted over 14 days ago with no baseline; a baseline but no final near discharge. */
  baselinesMissing: z.array(todayCase),
  finalsDue: z.array(todayCase),
  unreadNotifications: z.number(),
});
export type TodayView = z.infer<typeof todayViewSchema>;

export const notificationViewSchema = z.object({
  id: z.string(),
  /** A notification kind (src/services/kernel/notifications.ts); the web app words it. */
  kind: z.string(),
  referralId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  /** Whose case it concerns: its reference, and the person's name only where the viewer may see the case. */
  case: z.object({ reference: z.string(), person: z.object({ givenName: z.string(), familyName: z.string() }).nullable() }).nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;
export const notificationsViewSchema = z.object({ notifications: z.array(notificationViewSchema), unread: z.number() });

export const gpEntryExportViewSchema = z.object({
  id: z.string(),
  practice: z.object({ id: z.string(), odsCode: z.string().nullable() }),
  person: z.object({ id: z.string(), nhsNumber: z.string().nullable(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() }),
  reference: z.string(),
  code: z.string(),
  description: z.string(),
  recordedOn: z.string(),
  filedAt: z.string().nullable(),
});
export type GpEntryExportView = z.infer<typeof gpEntryExportViewSchema>;
export const gpEntriesViewSchema = z.object({ entries: z.array(gpEntryExportViewSchema) });
export const gpEntriesFiledViewSchema = z.object({ filed: z.number() });

const wellbeingPointSchema = z.object({ on: z.string(), score: z.number(), band: z.string().nullable() });
/** One wellbeing measure in the message back: the first baseline and the latest later score, with their bands. */
export const wellbeingOutcomeSchema = z.object({
  instrument: z.string(),
  /** The item's question for instruments reported item by item (ONS4), else "Score". */
  measure: z.string(),
  baseline: wellbeingPointSchema,
  latest: wellbeingPointSchema.nullable(),
  /** Direction-aware: improved, no_change or worsened (null without a later score). */
  change: z.enum(['improved', 'no_change', 'worsened']).nullable(),
});
export type WellbeingOutcome = z.infer<typeof wellbeingOutcomeSchema>;

// The message back to the GP and the referrer (PRSB social prescribing standard, "message back").
export const dischargeMessageSchema = z.object({
  kind: z.literal('social_prescribing_discharge'),
  generatedAt: z.string(),
  sharingChoice: z.enum(SHARING_CHOICES),
  recipients: z.object({
    gpPractice: z.object({ name: z.string(), odsCode: z.string().nullable() }),
    referrer: z.object({ name: z.string().nullable(), organisation: z.string().nullable() }).nullable(),
  }),
  person: z.object({ nhsNumber: z.string().nullable(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() }),
  episode: z.object({
    reference: z.string(),
    source: z.string(),
    referredOn: z.string(),
    firstContactOn: z.string().nullable(),
    acceptedOn: z.string().nullable(),
    dischargedOn: z.string(),
    linkWorker: z.string().nullable(),
  }),
  outcome: z.object({
    dischargeReason: z.enum(DISCHARGE_REASONS),
    dischargeReasonLabel: z.string(),
    goalsAchieved: z.object({ achieved: z.number(), total: z.number() }).nullable(),
  }),
  contacts: z.object({ successful: z.number(), attempts: z.number() }),
  /** Counts only: which services stays in the full summary. */
  support: z.object({ offered: z.number(), takenUp: z.number() }),
  /** SNOMED CT codes for the GP record. */
  gpRecordCodes: z.array(z.object({ system: z.literal('http://snomed.info/sct'), code: z.string(), display: z.string(), recordedOn: z.string() })),
  // Present only when the person chose to share the full summary (null otherwise):
  needsIdentified: z.array(z.object({ code: z.enum(NEED_CODES), label: z.string(), personWords: z.string().nullable() })).nullable(),
  supportOffered: z
    .array(z.object({ serviceName: z.string(), kind: z.string(), status: z.string(), need: z.string().nullable(), takenUp: z.boolean().nullable() }))
    .nullable(),
  goals: z.array(z.object({ text: z.string(), status: z.enum(GOAL_STATUSES), progress: z.number().nullable() })).nullable(),
  summary: z.string().nullable(),
  /** Wellbeing outcomes, baseline → latest with bands (full choice only; null otherwise). */
  wellbeing: z.array(wellbeingOutcomeSchema).nullable(),
  /** The sections left out by the person's choice, so a reader knows they were withheld, not empty. */
  withheld: z.array(z.enum(['needsIdentified', 'supportOffered', 'goals', 'summary', 'wellbeing'])),
});
export type DischargeMessage = z.infer<typeof dischargeMessageSchema>;

/** The practice inbox of messages back (GP practice staff: discharge_message:read). */
export const practiceMessagesQuerySchema = z.strictObject({ limit: limitSchema });
export const practiceMessageItemViewSchema = z.object({
  /** The case id: GET /api/v1/practice-messages/:id opens the message. */
  id: z.string(),
  reference: z.string(),
  person: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string(), nhsNumber: z.string().nullable() }),
  practice: z.object({ id: z.string(), name: z.string() }),
  dischargedOn: z.string(),
  dischargeReason: z.enum(DISCHARGE_REASONS),
  sharingChoice: z.enum(SHARING_CHOICES),
  referrerName: z.string().nullable(),
});
export type PracticeMessageItemView = z.infer<typeof practiceMessageItemViewSchema>;
export const practiceMessagesViewSchema = z.object({ messages: z.array(practiceMessageItemViewSchema) });
export type PracticeMessagesView = z.infer<typeof practiceMessagesViewSchema>;
