import { z } from 'zod';
import { isValidNhsNumber, normaliseNhsNumber } from '../nhs-number.ts';
import { normalisePostcode } from '../postcode.ts';
import { idSchema, isoDateSchema } from './common.ts';

export const nhsNumberSchema = z.string().transform(normaliseNhsNumber).refine(isValidNhsNumber, 'Enter a valid 10-digit NHS number');

export const postcodeSchema = z
  .string()
  .max(16)
  .transform((v, ctx) => {
    const n = normalisePostcode(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter a real postcode, like HX1 1AA' });
      return z.NEVER;
    }
    return n;
  });

export const createPersonBodySchema = z.strictObject({
  nhsNumber: nhsNumberSchema.optional(),
  givenName: z.string().trim().min(1, 'Enter a first name').max(100),
  familyName: z.string().trim().min(1, 'Enter a last name').max(100),
  dateOfBirth: isoDateSchema,
  postcode: postcodeSchema.optional(),
  practiceId: idSchema,
});
export type CreatePersonInput = z.infer<typeof createPersonBodySchema>;

export const personViewSchema = z.object({
  id: z.string(),
  nhsNumber: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  postcode: z.string().nullable(),
  lsoa: z.string().nullable(),
  imdDecile: z.number().nullable(),
  practiceId: z.string(),
  version: z.number(),
});
export type PersonView = z.infer<typeof personViewSchema>;
