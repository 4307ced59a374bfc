import { z } from 'zod';
import { NEED_CODES } from '../needs.ts';
import { UNMET_BARRIERS, UNMET_NEED_KINDS } from '../unmet-need.ts';
import { idSchema } from './common.ts';
import { reportQuerySchema } from './reports.ts';

/**
 * The unmet-need register (GET /api/v1/reports/unmet-need/register): each unmet need recorded in
 * the period on a case in the reader's scope, with its case reference and the note written with
 * it. Person-level, so only for those who may read the notes (`unmet_need:read_notes`), and
 * audited with the case ids shown. Never part of the report's figures or CSV.
 */
export const unmetRegisterQuerySchema = z.strictObject({
  period: reportQuerySchema.shape.period,
  pcn: idSchema.optional(),
  practice: idSchema.optional(),
  need: z.enum(NEED_CODES, { message: 'Choose a need from the list' }).optional(),
  kind: z.enum(UNMET_NEED_KINDS, { message: 'Choose a kind from the list' }).optional(),
  /** At most this many entries, newest first (the total says how many there are). */
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type UnmetRegisterQuery = z.infer<typeof unmetRegisterQuerySchema>;

export const unmetRegisterEntrySchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  practiceId: z.string(),
  need: z.enum(NEED_CODES),
  kind: z.enum(UNMET_NEED_KINDS),
  barrier: z.enum(UNMET_BARRIERS).nullable(),
  lsoa: z.string().nullable(),
  imdDecile: z.number().int().nullable(),
  /** When it was recorded (UTC) and the London date. */
  recordedAt: z.string(),
  recordedOn: z.string(),
  note: z.string().nullable(),
});
export type UnmetRegisterEntry = z.infer<typeof unmetRegisterEntrySchema>;

export const unmetRegisterViewSchema = z.object({
  period: z.object({ code: z.string(), label: z.string(), from: z.string(), to: z.string() }),
  filters: z.object({
    pcn: z.string().nullable(),
    practice: z.string().nullable(),
    need: z.enum(NEED_CODES).nullable(),
    kind: z.enum(UNMET_NEED_KINDS).nullable(),
  }),
  /** How many entries match; `entries` holds the newest `limit` of them. */
  total: z.number().int(),
  truncated: z.boolean(),
  entries: z.array(unmetRegisterEntrySchema),
});
export type UnmetRegisterView = z.infer<typeof unmetRegisterViewSchema>;
