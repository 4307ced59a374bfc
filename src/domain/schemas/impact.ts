import { z } from 'zod';

/**
 * Impact on GP appointments and fit notes (issue 12, INSIGHT.md "Impact"): the query and the
 * result, shared by the API, the CLI and the page. Aggregates only: nothing here is about one person.
 */

export const IMPACT_OUTCOMES = ['gp_appointments', 'fit_notes'] as const;
export type ImpactOutcome = (typeof IMPACT_OUTCOMES)[number];

export const IMPACT_METHODS = ['matched_controls', 'staggered_did', 'pre_post_only'] as const;
export type ImpactMethod = (typeof IMPACT_METHODS)[number];

/** Why a figure is withheld (the page explains each in plain English). */
export const IMPACT_WITHHELD_REASONS = [
  'fewer_than_30_treated',
  'fewer_than_30_matched',
  'no_paired_life_satisfaction',
  'too_few_pairs',
  'not_applicable',
] as const;
export type ImpactWithheldReason = (typeof IMPACT_WITHHELD_REASONS)[number];

const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use a date as YYYY-MM-DD');

/** GET /api/v1/proactive/impact and `linkwork impact`. */
export const impactQuerySchema = z
  .strictObject({
    outcome: z.enum(IMPACT_OUTCOMES),
    /** Index dates (referral received) from and to, inclusive. */
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** A practice's ODS code (or its id) within the reader's scope. */
    practice: z.string().trim().min(1).max(64).optional(),
    /** Ask for the suppressed version (commissioners always get it). */
    disclosure: z.enum(['exact', 'suppressed']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'The start must not be after the end', path: ['to'] });
export type ImpactQuery = z.infer<typeof impactQuerySchema>;

/** A count as shown: exact, rounded to 5, or `*` (1–7) under suppression. */
const countSchema = z.union([z.number(), z.literal('*')]);

const rangeSchema = z.object({ low: z.number().nullable(), central: z.number().nullable(), high: z.number().nullable() });
const quartersSchema = z.object({ before: z.array(z.number()), after: z.array(z.number()) });

export const impactAssumptionsSchema = z.object({
  unitCost: z.object({ amount: z.number().nonnegative(), source: z.string(), year: z.string() }),
  wellbeing: z.object({
    /** £ per one-point change in life satisfaction for one year (Green Book wellbeing guidance). */
    valuePerPointYear: z.number().nonnegative(),
    source: z.string(),
    priceYear: z.string(),
    /** Years the change lasts, the share that would have happened anyway, and the share due to social prescribing. */
    durationYears: rangeSchema.extend({ low: z.number(), central: z.number(), high: z.number() }),
    deadweight: rangeSchema.extend({ low: z.number(), central: z.number(), high: z.number() }),
    attribution: rangeSchema.extend({ low: z.number(), central: z.number(), high: z.number() }),
  }),
});
export type ImpactAssumptions = z.infer<typeof impactAssumptionsSchema>;

export const impactValueSchema = z.object({
  /** What the freed units are: appointments, or fit notes (which have no unit cost here). */
  unit: z.enum(['appointments', 'fit_notes']),
  /** −estimate × treated × 4 quarters; low/high from the interval's ends. */
  freed: rangeSchema,
  /** freed × unit cost (appointments only). */
  money: rangeSchema,
  wellbeing: z.object({
    pairs: countSchema,
    meanChange: z.number().nullable(),
    perPerson: rangeSchema,
    /** perPerson × people with paired scores (never scaled up to people without them). */
    total: rangeSchema,
    withheldReason: z.enum(IMPACT_WITHHELD_REASONS).nullable(),
  }),
});
export type ImpactValue = z.infer<typeof impactValueSchema>;

export const impactResultSchema = z.object({
  outcome: z.enum(IMPACT_OUTCOMES),
  method: z.enum(IMPACT_METHODS),
  definitionVersion: z.string(),
  definition: z.string(),
  disclosure: z.enum(['exact', 'suppressed']),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  practices: z.array(
    z.object({ id: z.string(), name: z.string(), odsCode: z.string().nullable(), extractDate: z.string().nullable(), wholePractice: z.boolean() }),
  ),
  /** Treated people analysed by the method (with ≥ 1 matched control for matched_controls). */
  treated: countSchema,
  /** Distinct controls used. */
  controls: countSchema,
  /** Change per person per quarter (after − before), treated minus controls; null when withheld. */
  estimate: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  bootstrap: z.object({ reps: z.number(), seed: z.number() }),
  withheldReason: z.enum(IMPACT_WITHHELD_REASONS).nullable(),
  completeness: z.object({ referred: countSchema, complete: countSchema, share: z.number().nullable() }),
  prePost: z.object({
    estimate: z.number().nullable(),
    treated: countSchema,
    warning: z.string(),
    unreferredFrequentAttenders: z.object({ estimate: z.number().nullable(), definition: z.string() }),
  }),
  perQuarter: z.object({ treated: quartersSchema.nullable(), controls: quartersSchema.nullable() }),
  /** Did-not-attends per person per quarter (GP appointments only), counted apart from the outcome. */
  dnaPerQuarter: z.object({ treated: quartersSchema.nullable(), controls: quartersSchema.nullable() }).nullable(),
  wholePracticeData: z.boolean(),
  /**
   * The staggered difference-in-differences (whole practices only; null otherwise): per person
   * per quarter, treated-weighted over stacks of 91-day referral periods, with clean controls.
   */
  staggered: z
    .object({
      estimate: z.number().nullable(),
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      stacks: z.number(),
      treated: countSchema,
      controls: countSchema,
      withheldReason: z.enum(IMPACT_WITHHELD_REASONS).nullable(),
      definition: z.string(),
    })
    .nullable()
    .optional(),
  value: impactValueSchema,
  assumptions: impactAssumptionsSchema,
  notes: z.array(z.string()),
});
export type ImpactResult = z.infer<typeof impactResultSchema>;
