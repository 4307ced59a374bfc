import { z } from 'zod';
import { DIRECTIONS, LICENCE_KINDS, LICENCE_STATUSES, OUTCOME_MODES, OUTCOME_TIMEPOINTS, SCORING_METHODS, responseOptionSchema } from '../instruments/index.ts';
import { idSchema, isoDateSchema, isoDateTimeSchema } from './common.ts';

export { OUTCOME_MODES, OUTCOME_TIMEPOINTS } from '../instruments/index.ts';

const instrumentCodeSchema = z
  .string({ message: 'Choose a questionnaire' })
  .trim()
  .min(1, 'Choose a questionnaire')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Choose a questionnaire from the list');

/** Item id → option value; the domain checks the meaning (src/domain/instruments/scoring.ts). */
export const answersSchema = z.record(
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/),
  z.number({ message: 'Choose an answer' }).finite(),
);

/** Recording an administration on a case: item answers, or an external score (PAM). */
export const recordOutcomeBodySchema = z
  .strictObject({
    instrument: instrumentCodeSchema,
    /** Defaults to the newest usable version of the instrument. */
    version: z.string().trim().min(1).max(32).optional(),
    timepoint: z.enum(OUTCOME_TIMEPOINTS, { message: 'Choose baseline, review or final' }),
    mode: z.enum(OUTCOME_MODES, { message: 'Choose how it was completed' }),
    administeredOn: isoDateSchema,
    answers: answersSchema.optional(),
    external: z
      .strictObject({
        score: z.number({ message: 'Enter the score' }).finite(),
        level: z.number().int().min(0).max(20).optional(),
      })
      .optional(),
  })
  .refine((b) => (b.answers === undefined) !== (b.external === undefined), {
    message: 'Give either the answers or an external score',
    path: ['answers'],
  });
export type RecordOutcomeBody = z.infer<typeof recordOutcomeBodySchema>;

export const bandViewSchema = z.object({ code: z.string(), label: z.string() });

export const itemScoreViewSchema = z.object({ id: z.string(), value: z.number(), band: bandViewSchema.nullable() });

export const scoresViewSchema = z.object({
  method: z.enum(SCORING_METHODS),
  total: z.number().nullable(),
  metric: z.number().nullable(),
  score: z.number().nullable(),
  items: z.array(itemScoreViewSchema),
  band: bandViewSchema.nullable(),
  primary: z.number().nullable(),
});
export type ScoresView = z.infer<typeof scoresViewSchema>;

export const scoreChangeViewSchema = z.object({
  from: z.number(),
  to: z.number(),
  difference: z.number(),
  direction: z.enum(DIRECTIONS),
  meaningfulChange: z.number().nullable(),
  basis: z.enum(['meaningful_change', 'any_change']),
  verdict: z.enum(['improved', 'no_change', 'worsened']),
  bandFrom: bandViewSchema.nullable(),
  bandTo: bandViewSchema.nullable(),
});
export type ScoreChangeView = z.infer<typeof scoreChangeViewSchema>;

export const changeViewSchema = z.object({
  items: z.array(scoreChangeViewSchema.extend({ id: z.string() })),
  primary: scoreChangeViewSchema.nullable(),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

export const administrationViewSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  instrument: z.string(),
  version: z.string(),
  timepoint: z.enum(OUTCOME_TIMEPOINTS),
  mode: z.enum(OUTCOME_MODES),
  administeredOn: isoDateSchema,
  scores: scoresViewSchema,
  recordedAt: isoDateTimeSchema,
});
export type AdministrationView = z.infer<typeof administrationViewSchema>;

const meaningfulChangeViewSchema = z.object({ value: z.number().nullable(), source: z.string() });

const instrumentItemViewSchema = z.object({
  id: z.string(),
  text: z.string(),
  options: z.array(responseOptionSchema),
  direction: z.enum(DIRECTIONS),
  bandsSource: z.string().nullable(),
  meaningfulChange: meaningfulChangeViewSchema.nullable(),
});

export const licenceViewSchema = z.object({
  kind: z.enum(LICENCE_KINDS),
  holder: z.string(),
  terms: z.string(),
  expiresOn: isoDateSchema.nullable(),
  status: z.enum(LICENCE_STATUSES),
});

/** An instrument as offered to link workers and admins (built in or an installed pack). */
export const instrumentViewSchema = z.object({
  code: z.string(),
  version: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  instructions: z.string().nullable(),
  source: z.enum(['built_in', 'pack']),
  method: z.enum(SCORING_METHODS),
  direction: z.enum(DIRECTIONS),
  items: z.array(instrumentItemViewSchema),
  /** For external scores (PAM): the range and precision of the score entered. */
  external: z.object({ scoreMin: z.number(), scoreMax: z.number(), scoreDecimals: z.number(), levelLabel: z.string().nullable() }).nullable(),
  bands: z.object({ source: z.string(), bands: z.array(z.object({ code: z.string(), label: z.string(), min: z.number(), max: z.number() })) }).nullable(),
  meaningfulChange: meaningfulChangeViewSchema.nullable(),
  licence: licenceViewSchema,
  /** False when the licence has expired: listed, readable, but no new administrations. */
  usable: z.boolean(),
  checksum: z.string().nullable(),
  installedAt: isoDateTimeSchema.nullable(),
});
export type InstrumentView = z.infer<typeof instrumentViewSchema>;

export const instrumentListViewSchema = z.object({ instruments: z.array(instrumentViewSchema) });
export type InstrumentListView = z.infer<typeof instrumentListViewSchema>;

/** A pack upload: the pack file's JSON, checked in full by the domain (docs/instrument-packs.md). */
export const loadPackBodySchema = z.record(z.string(), z.unknown());

export const loadPackResultSchema = z.object({
  code: z.string(),
  version: z.string(),
  name: z.string(),
  checksum: z.string(),
  /** installed: new; unchanged: the identical pack was already installed. */
  status: z.enum(['installed', 'unchanged']),
  licenceExpiresOn: isoDateSchema.nullable(),
  usable: z.boolean(),
});
export type LoadPackResult = z.infer<typeof loadPackResultSchema>;

/** One instrument's history on a case: administrations over time, each with change from baseline. */
export const caseInstrumentOutcomesViewSchema = z.object({
  instrument: instrumentViewSchema,
  administrations: z.array(
    administrationViewSchema.extend({
      /** Change from the earliest baseline (null for the baseline itself or when there is none). */
      changeFromBaseline: changeViewSchema.nullable(),
    }),
  ),
});
export type CaseInstrumentOutcomesView = z.infer<typeof caseInstrumentOutcomesViewSchema>;

export const caseOutcomesViewSchema = z.object({
  caseId: idSchema,
  instruments: z.array(caseInstrumentOutcomesViewSchema),
});
export type CaseOutcomesView = z.infer<typeof caseOutcomesViewSchema>;
