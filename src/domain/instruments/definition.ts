import { z } from 'zod';

/**
 * An outcome instrument as data: its items and their wording, response options, how it is scored,
 * which way is better, its bands (with where they come from), what counts as a meaningful change
 * (with where that comes from, or that none is established) and its licence. Built-in instruments
 * (src/domain/instruments/builtin.ts) and licensed packs a deployment loads
 * (docs/instrument-packs.md) share this one shape, so both score through the same code.
 */

export const DIRECTIONS = ['higher_is_better', 'higher_is_worse'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SCORING_METHODS = ['sum', 'per_item', 'conversion_table', 'external'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/** Code-like ids: lower-case letters, digits, '_' and '-' (they end up in URLs and audit summaries). */
const codeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Use lower-case letters, digits, "_" or "-"');

const text = (max: number) => z.string().trim().min(1).max(max);

export const responseOptionSchema = z.strictObject({
  value: z.number().int().min(-1000).max(1000),
  label: text(200),
});
export type ResponseOption = z.infer<typeof responseOptionSchema>;

/** One band: inclusive range [min, max] on the score it applies to. */
export const bandSchema = z.strictObject({
  code: codeId,
  label: text(100),
  min: z.number().finite(),
  max: z.number().finite(),
});
export type Band = z.infer<typeof bandSchema>;

export const bandSetSchema = z.strictObject({
  /** Where the thresholds come from (publication, guidance); shown beside the band. */
  source: text(500),
  bands: z.array(bandSchema).min(1).max(20),
});
export type BandSet = z.infer<typeof bandSetSchema>;

export const meaningfulChangeSchema = z.strictObject({
  /** The smallest change counted as meaningful, in score points; null when none is established. */
  value: z.number().positive().finite().nullable(),
  /** Where the value comes from, or why none is stated. */
  source: text(500),
});
export type MeaningfulChange = z.infer<typeof meaningfulChangeSchema>;

export const itemSchema = z.strictObject({
  id: codeId,
  /** The wording the person answers (the licensed part of a licensed instrument). */
  text: text(500),
  /** Options for this item; when absent the instrument's shared options apply. */
  options: z.array(responseOptionSchema).min(2).max(20).optional(),
  /** Overrides the instrument's direction for this item (ONS4 anxiety). */
  direction: z.enum(DIRECTIONS).optional(),
  /** Per-item bands, for instruments reported item by item (ONS4). */
  bands: bandSetSchema.optional(),
  /** Per-item meaningful change, for instruments reported item by item. */
  meaningfulChange: meaningfulChangeSchema.optional(),
});
export type InstrumentItem = z.infer<typeof itemSchema>;

export const conversionRowSchema = z.strictObject({ raw: z.number().int(), metric: z.number().finite() });

export const scoringSchema = z.discriminatedUnion('method', [
  /** Total = sum of the item values; the total is the primary score. */
  z.strictObject({ method: z.literal('sum') }),
  /** Each item reported on its own, never summed (ONS4); there is no primary score. */
  z.strictObject({ method: z.literal('per_item') }),
  /** Raw sum converted to a metric score by a table (SWEMWBS style); the metric is primary. */
  z.strictObject({
    method: z.literal('conversion_table'),
    table: z.array(conversionRowSchema).min(1).max(1000),
    /** Decimal places the metric is reported to (display only). */
    metricDecimals: z.number().int().min(0).max(4).optional(),
  }),
  /** A score produced elsewhere (PAM) is entered; no items are asked. */
  z.strictObject({
    method: z.literal('external'),
    scoreMin: z.number().finite(),
    scoreMax: z.number().finite(),
    /** Decimal places the score may carry (PAM: 1). */
    scoreDecimals: z.number().int().min(0).max(4),
    /** The bands on the external score are its levels (PAM levels 1–4). */
    levelLabel: text(60).optional(),
  }),
]);
export type Scoring = z.infer<typeof scoringSchema>;

/**
 * open: free to ship (OGL, published scale); licensed: wording and tables loaded under the
 * deployment's own licence; external_score: the instrument is administered elsewhere under someone
 * else's licence and only its resulting score is recorded (PAM).
 */
export const LICENCE_KINDS = ['open', 'licensed', 'external_score'] as const;

export const licenceSchema = z.strictObject({
  kind: z.enum(LICENCE_KINDS),
  /** Who holds the rights (the publisher) or, for a licensed pack, whose licence it is loaded under. */
  holder: text(200),
  /** Attribution or licence terms shown with the instrument. */
  terms: text(1000),
  /** YYYY-MM-DD; the last day the licence allows new administrations. Null for open instruments. */
  expiresOn: z.iso.date().nullable(),
});
export type Licence = z.infer<typeof licenceSchema>;

export const instrumentDefinitionSchema = z.strictObject({
  code: codeId,
  version: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, ".", "_" or "-"'),
  name: text(200),
  /** What the instrument measures, in a sentence (shown to link workers). */
  description: text(1000).optional(),
  /** Instruction shown to the person before the items. */
  instructions: text(1000).optional(),
  items: z.array(itemSchema).max(100),
  /** Options shared by every item that does not carry its own. */
  options: z.array(responseOptionSchema).min(2).max(20).optional(),
  scoring: scoringSchema,
  direction: z.enum(DIRECTIONS),
  /** Bands on the primary score (total, metric or external score). */
  bands: bandSetSchema.optional(),
  /** Meaningful change on the primary score (instruments with one). */
  meaningfulChange: meaningfulChangeSchema.optional(),
  licence: licenceSchema,
});
export type InstrumentDefinition = z.infer<typeof instrumentDefinitionSchema>;

/** The answers of one administration: item id → chosen option value (or the external score/level). */
export type Answers = Readonly<Record<string, number>>;

/** The answer keys an external instrument takes. */
export const EXTERNAL_SCORE_KEY = 'score';

/** The marker and version a pack file starts with (docs/instrument-packs.md). */
export const PACK_FORMAT = 'linkwork-instrument-pack';
export const PACK_FORMAT_VERSION = 1;

/** A licensed instrument pack file: a format marker and one instrument definition. */
export const instrumentPackSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  instrument: instrumentDefinitionSchema,
});
export type InstrumentPack = z.infer<typeof instrumentPackSchema>;
