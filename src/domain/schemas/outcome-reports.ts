import { z } from 'zod';
import { STAT_REASONS } from '../suppression.ts';
import { NEED_CODES } from '../needs.ts';
import { idSchema, isoDateSchema } from './common.ts';

/** The cohort outcome report's filters (GET /api/v1/reports/outcomes and .csv). */
export const outcomeReportQuerySchema = z
  .strictObject({
    /** Instrument code (built in or an installed pack). */
    instrument: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Choose an instrument'),
    /** One item of an instrument reported item by item (ONS4); every item when absent. */
    item: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Choose an item')
      .optional(),
    /** Cases accepted on or after this date. */
    from: isoDateSchema.optional(),
    /** Cases accepted on or before this date. */
    to: isoDateSchema.optional(),
    pcn: idSchema.optional(),
    practice: idSchema.optional(),
    linkWorker: idSchema.optional(),
    need: z.enum(NEED_CODES, { message: 'Choose a need from the list' }).optional(),
    /** Ask for the suppressed version (commissioners always get it). */
    disclosure: z.enum(['exact', 'suppressed']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'The start date must be on or before the end date', path: ['to'] });
export type OutcomeReportQuery = z.infer<typeof outcomeReportQuerySchema>;

const count = z.union([z.number(), z.literal('*')]);
const share = z.union([z.number(), z.literal('*')]);
const reason = z.enum(STAT_REASONS);
const stat = <T extends z.ZodType>(value: T) => z.object({ value: value.nullable(), reason: reason.nullable() });

export const cohortStatsViewSchema = z.object({
  disclosure: z.enum(['exact', 'suppressed']),
  withBaseline: count,
  pairs: count,
  followUpWithoutBaseline: count,
  followUpRate: stat(share),
  meanBaseline: stat(z.number()),
  meanFollowUp: stat(z.number()),
  tTest: stat(
    z.object({
      meanChange: z.number(),
      sdChange: z.number(),
      standardError: z.number(),
      t: z.number(),
      df: z.number().nullable(),
      pValue: z.number(),
      ci95Lower: z.number(),
      ci95Upper: z.number(),
    }),
  ),
  cohensDz: stat(z.number()),
  wilcoxon: stat(z.object({ statistic: z.number(), pValue: z.number(), method: z.enum(['exact', 'normal_approximation']), nonZero: z.number().nullable() })),
  meaningfulChange: stat(
    z.object({
      basis: z.enum(['meaningful_change', 'any_change']),
      threshold: z.number().nullable(),
      improved: count,
      noMeaningfulChange: count,
      deteriorated: count,
      shareImproved: share.nullable(),
    }),
  ),
  attrition: stat(z.object({ followedUp: count, lost: count, meanBaselineFollowedUp: z.number(), meanBaselineLost: z.number(), difference: z.number() })),
  bandTransitions: stat(z.object({ bands: z.array(z.string()), labels: z.array(z.string()), counts: z.array(z.array(count)), unbanded: count })),
});

export const outcomeAnalysisSchema = z.object({
  /** The item analysed (per-item instruments), or null for the instrument's primary score. */
  item: z.string().nullable(),
  label: z.string(),
  direction: z.enum(['higher_is_better', 'higher_is_worse']),
  meaningfulChange: z.object({ value: z.number().nullable(), source: z.string() }).nullable(),
  bandsSource: z.string().nullable(),
  stats: cohortStatsViewSchema,
});
export type OutcomeAnalysisView = z.infer<typeof outcomeAnalysisSchema>;

export const outcomeReportFiltersSchema = z.object({
  instruments: z.array(
    z.object({
      code: z.string(),
      version: z.string(),
      name: z.string(),
      items: z.array(z.object({ id: z.string(), label: z.string() })),
      perItem: z.boolean(),
    }),
  ),
  pcns: z.array(z.object({ id: z.string(), name: z.string() })),
  practices: z.array(z.object({ id: z.string(), name: z.string(), pcnId: z.string().nullable() })),
  linkWorkers: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type OutcomeReportFilters = z.infer<typeof outcomeReportFiltersSchema>;

export const outcomeReportSchema = z.object({
  instrument: z.object({ code: z.string(), version: z.string(), name: z.string(), scoring: z.string() }),
  filters: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    pcn: z.string().nullable(),
    practice: z.string().nullable(),
    linkWorker: z.string().nullable(),
    need: z.string().nullable(),
    item: z.string().nullable(),
  }),
  disclosure: z.enum(['exact', 'suppressed']),
  /** Suppression thresholds, so the page can explain them. */
  suppression: z.object({ suppressUpTo: z.number(), roundTo: z.number(), minPairsForRelease: z.number() }),
  analyses: z.array(outcomeAnalysisSchema),
  options: outcomeReportFiltersSchema,
});
export type OutcomeReportView = z.infer<typeof outcomeReportSchema>;
