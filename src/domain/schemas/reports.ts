import { z } from 'zod';
import { UNITS, WITHHELD_REASONS } from '../insight/figures.ts';
import { METRIC_IDS } from '../insight/metrics.ts';
import { REPORT_NAMES } from '../insight/reports.ts';
import { idSchema } from './common.ts';

/** The filters every report takes (GET /api/v1/reports/<name> and .csv). */
export const reportQuerySchema = z.strictObject({
  /** `last-12-months` (default), `2026`, `2026-Q3`, `2026-11` or `2026-01-01..2026-03-31`. */
  period: z
    .string()
    .max(32)
    .regex(
      /^(last-12-months|\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/,
      'Choose a period: a year, a quarter, a month or two dates',
    )
    .optional(),
  pcn: idSchema.optional(),
  practice: idSchema.optional(),
  linkWorker: idSchema.optional(),
  /** Ask for the suppressed version (commissioners, and PCN leads' exports, always get it). */
  disclosure: z.enum(['exact', 'suppressed']).optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const releasedFigureSchema = z.object({
  metric: z.enum(METRIC_IDS),
  breakdown: z.string(),
  group: z.string(),
  unit: z.enum(UNITS),
  value: z.number().nullable(),
  ci95Lower: z.number().nullable(),
  ci95Upper: z.number().nullable(),
  withheldReason: z.enum(WITHHELD_REASONS).nullable(),
});

/** Labels for the groups a report uses (ODS code → practice name, user id → name …). */
export const groupLabelsSchema = z.record(z.string(), z.string());

export const reportViewSchema = z.object({
  report: z.enum(REPORT_NAMES),
  title: z.string(),
  period: z.object({ code: z.string(), label: z.string(), from: z.string(), to: z.string() }),
  filters: z.object({ pcn: z.string().nullable(), practice: z.string().nullable(), linkWorker: z.string().nullable() }),
  disclosure: z.enum(['exact', 'suppressed']),
  suppression: z.object({ suppressUpTo: z.number(), roundTo: z.number(), minPeopleForAverages: z.number() }),
  /** When the figures were read (UTC). */
  generatedAt: z.string(),
  /** The organisations in scope after the filters: ODS codes (or ids) of the practices. */
  practices: z.array(z.object({ id: z.string(), name: z.string(), odsCode: z.string().nullable() })),
  definitions: z.array(z.object({ id: z.enum(METRIC_IDS), title: z.string(), definition: z.string(), version: z.string() })),
  /** Notes on the data that apply to this report (e.g. which list extract, modelled ethnicity). */
  notes: z.array(z.string()),
  figures: z.array(releasedFigureSchema),
  labels: groupLabelsSchema,
  options: z.object({
    pcns: z.array(z.object({ id: z.string(), name: z.string() })),
    practices: z.array(z.object({ id: z.string(), name: z.string(), pcnId: z.string().nullable() })),
    linkWorkers: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
});
export type ReportView = z.infer<typeof reportViewSchema>;

/** The tidy CSV's columns (issue 11): one statistic per row. */
export const REPORT_CSV_COLUMNS = [
  'metric',
  'breakdown',
  'group',
  'unit',
  'value',
  'ci95_lower',
  'ci95_upper',
  'withheld_reason',
  'disclosure',
  'definition_version',
] as const;

/** The headline figures on a PCN lead's or commissioner's home page, each linking to its report. */
export const headlinesViewSchema = z.object({
  period: z.object({ code: z.string(), label: z.string(), from: z.string(), to: z.string() }),
  disclosure: z.enum(['exact', 'suppressed']),
  headlines: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      figure: releasedFigureSchema.nullable(),
      /** What the figure is compared with (the list's share, a guide), if anything. */
      compare: z.object({ label: z.string(), figure: releasedFigureSchema.nullable() }).nullable(),
      link: z.string(),
    }),
  ),
  topUnmetNeeds: z.array(z.object({ need: z.string(), figure: releasedFigureSchema })),
});
export type HeadlinesView = z.infer<typeof headlinesViewSchema>;
