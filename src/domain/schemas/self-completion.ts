import { z } from 'zod';
import { OUTCOME_TIMEPOINTS } from '../instruments/administration.ts';
import { responseOptionSchema } from '../instruments/definition.ts';
import { idSchema, isoDateTimeSchema } from './common.ts';

// Self-completion: a link worker makes a one-time link; the person opens it with no sign-in and
// answers. The public view is deliberately tiny: the first name, the questions and when the link
// stops working — nothing else about the person or their case.

/** A link token as the server issues it: 32 random bytes, base64url (43 characters). */
export const OUTCOME_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const createOutcomeLinkBodySchema = z.strictObject({
  /** The instrument's code (built in, or an installed pack). */
  instrument: z
    .string({ message: 'Choose a questionnaire' })
    .trim()
    .min(1, 'Choose a questionnaire')
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Choose a questionnaire from the list'),
  timepoint: z.enum(OUTCOME_TIMEPOINTS, { message: 'Choose when this is: baseline, review or final' }),
});
export type CreateOutcomeLinkInput = z.infer<typeof createOutcomeLinkBodySchema>;

export const outcomeLinkCreatedViewSchema = z.object({
  id: idSchema,
  /** The address to give the person (shown once: only its hash is stored). */
  url: z.string(),
  expiresAt: isoDateTimeSchema,
  /** The same address as a QR code (an SVG document). */
  qrSvg: z.string(),
  /** How many earlier unused links for the same questionnaire and timepoint this one replaced. */
  replaced: z.number().int().min(0),
});
export type OutcomeLinkCreatedView = z.infer<typeof outcomeLinkCreatedViewSchema>;

export const outcomeLinkStatusSchema = z.enum(['waiting', 'completed', 'expired']);
export const outcomeLinkViewSchema = z.object({
  id: idSchema,
  instrument: z.string(),
  instrumentName: z.string(),
  timepoint: z.enum(OUTCOME_TIMEPOINTS),
  createdAt: isoDateTimeSchema,
  expiresAt: isoDateTimeSchema,
  usedAt: isoDateTimeSchema.nullable(),
  status: outcomeLinkStatusSchema,
});
export type OutcomeLinkView = z.infer<typeof outcomeLinkViewSchema>;
export const outcomeLinksViewSchema = z.object({ links: z.array(outcomeLinkViewSchema) });

/** Path parameter of the public routes: any short string (a malformed token answers like an unknown one). */
export const questionnaireParamsSchema = z.strictObject({ token: z.string().max(200) });

export const publicQuestionnaireItemSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** This item's own answers; when absent the questionnaire's shared options apply. */
  options: z.array(responseOptionSchema).optional(),
});

/** Everything the person's page is told. The exact key set is asserted by the tests. */
export const publicQuestionnaireViewSchema = z.strictObject({
  firstName: z.string(),
  instrument: z.strictObject({
    name: z.string(),
    instructions: z.string().nullable(),
    items: z.array(publicQuestionnaireItemSchema),
    options: z.array(responseOptionSchema).nullable(),
  }),
  timepoint: z.enum(OUTCOME_TIMEPOINTS),
  expiresAt: isoDateTimeSchema,
});
export type PublicQuestionnaireView = z.infer<typeof publicQuestionnaireViewSchema>;

export const submitQuestionnaireBodySchema = z.strictObject({
  /** Item id → the value of the chosen answer. */
  answers: z
    .record(
      // Item ids are code-like (src/domain/instruments/definition.ts), which also keeps out keys such as "__proto__".
      z
        .string()
        .max(64)
        .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Not a question of this questionnaire'),
      z.number().int().min(-1000).max(1000),
    )
    .refine((a) => Object.keys(a).length <= 100, 'Too many answers'),
});
export type SubmitQuestionnaireInput = z.infer<typeof submitQuestionnaireBodySchema>;

export const questionnaireSubmittedViewSchema = z.strictObject({ ok: z.literal(true) });
