import { z } from 'zod';
import { COHORT_MODES, COHORT_RULE_CODES, EXCLUSION_CODES } from '../proactive/cohort-rules.ts';
import { FAIRNESS_DIMENSIONS } from '../proactive/fairness.ts';
import { isoDateSchema } from './common.ts';
import { odsCodeSchema } from './organisations.ts';

/**
 * Proactive social prescribing (issue 12): request and response schemas shared by the API, the
 * CLI and the web pages. Each part in its own section.
 */

// ── Cohorts and the fairness check (cohort runs) ─────────────────────────────────────────────

/** Run the cohort rules (`POST /api/v1/proactive/cohort-runs`). No practices: every practice in scope. */
export const cohortRunBodySchema = z.strictObject({
  practices: z.array(odsCodeSchema).max(200).optional(),
  rules: z.array(z.enum(COHORT_RULE_CODES)).min(1, 'Choose at least one rule').max(COHORT_RULE_CODES.length),
  /** any: people matching at least one chosen rule; all: people matching every one. */
  mode: z.enum(COHORT_MODES).default('any'),
});
export type CohortRunInput = z.output<typeof cohortRunBodySchema>;

/** Why a run may go ahead although a group is under-represented: a sentence, not a tick. */
export const fairnessReasonBodySchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(20, 'Say in a sentence why the cohort may go ahead (at least 20 characters)')
    .max(2000)
    .refine((t) => t.split(/\s+/).filter((w) => w.length > 0).length >= 4, 'Say in a sentence why the cohort may go ahead (at least 4 words)'),
});
export type FairnessReasonInput = z.output<typeof fairnessReasonBodySchema>;

export const cohortRunListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const fairnessGroupViewSchema = z.object({
  group: z.string(),
  label: z.string(),
  eligible: z.number(),
  cohort: z.number(),
  eligibleShare: z.number(),
  cohortShare: z.number(),
  index: z.number().nullable(),
  status: z.enum(['ok', 'flagged', 'too_few', 'by_design']),
});

export const fairnessViewSchema = z.object({
  blocked: z.boolean(),
  threshold: z.number(),
  minGroup: z.number(),
  eligible: z.number(),
  cohort: z.number(),
  flagged: z.array(z.string()),
  dimensions: z.array(
    z.object({
      dimension: z.enum(FAIRNESS_DIMENSIONS),
      label: z.string(),
      byDesign: z.enum(COHORT_RULE_CODES).nullable(),
      groups: z.array(fairnessGroupViewSchema),
    }),
  ),
  reason: z.object({ text: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type FairnessView = z.infer<typeof fairnessViewSchema>;

const ruleViewSchema = z.object({
  code: z.enum(COHORT_RULE_CODES),
  version: z.string(),
  definition: z.string(),
  weight: z.number(),
  /** Found people matching this rule. */
  found: z.number(),
});

export const cohortRunSummaryViewSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  rulesVersion: z.string(),
  mode: z.enum(COHORT_MODES),
  rules: z.array(ruleViewSchema),
  practices: z.array(z.object({ id: z.string(), ods: z.string().nullable(), extractDate: isoDateSchema })),
  people: z.number(),
  /** People screened (everyone in the extracts read), and those matching a chosen rule but excluded, by exclusion. */
  screened: z.number(),
  excluded: z.partialRecord(z.enum(EXCLUSION_CODES), z.number()),
  blocked: z.boolean(),
  flaggedGroups: z.number(),
});
export type CohortRunSummaryView = z.infer<typeof cohortRunSummaryViewSchema>;

export const cohortMemberViewSchema = z.object({
  nhsNumber: z.string(),
  practice: z.string().nullable(),
  age: z.number(),
  sex: z.string(),
  rules: z.array(z.enum(COHORT_RULE_CODES)),
  reasons: z.array(z.object({ rule: z.enum(COHORT_RULE_CODES), version: z.string(), because: z.string() })),
  score: z.number(),
});
export type CohortMemberView = z.infer<typeof cohortMemberViewSchema>;

export const cohortRunViewSchema = cohortRunSummaryViewSchema.extend({
  fairness: fairnessViewSchema,
  members: z.array(cohortMemberViewSchema),
});
export type CohortRunView = z.infer<typeof cohortRunViewSchema>;

export const cohortRunListViewSchema = z.object({ runs: z.array(cohortRunSummaryViewSchema) });

/** The rules as the page offers them: code, definition in words from the settings in force, weight. */
export const cohortRuleListViewSchema = z.object({
  rulesVersion: z.string(),
  rules: z.array(z.object({ code: z.enum(COHORT_RULE_CODES), version: z.string(), definition: z.string(), weight: z.number() })),
  exclusions: z.array(z.object({ code: z.enum(EXCLUSION_CODES), label: z.string() })),
  practices: z.array(z.object({ id: z.string(), ods: z.string().nullable(), name: z.string(), extractDate: isoDateSchema })),
});
export type CohortRuleListView = z.infer<typeof cohortRuleListViewSchema>;
