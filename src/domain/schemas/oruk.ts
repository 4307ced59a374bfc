import { z } from 'zod';
import { idSchema } from './common.ts';

// Query shapes of the Open Referral UK 3.0 API served under /oruk (../shared/data/oruk/spec/3.0/
// openapi.json). Parameter names are the standard's (snake_case). Objects are strict: a parameter
// the standard defines but Linkwork does not implement (`day`, `start_time`, `full` …) is refused
// with a 400 naming it, rather than silently ignored, so a client never believes it filtered.

/** The most items one page may hold; bounds the work one anonymous request can cause. */
export const ORUK_MAX_PER_PAGE = 100;
export const ORUK_DEFAULT_PER_PAGE = 25;
/** The widest proximity accepted, in metres (the standard's unit): 200 km. */
export const ORUK_MAX_PROXIMITY_METRES = 200_000;

// Query values arrive as strings; a repeated parameter arrives as an array and fails these checks.
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`));

const pageParams = {
  page: wholeNumber(1, 1_000_000, 'page').optional(),
  per_page: wholeNumber(1, ORUK_MAX_PER_PAGE, 'per_page').optional(),
};

const ageParam = (name: string) =>
  z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, `${name} must be an age in years`)
    .transform(Number)
    .pipe(z.number().min(0).max(150, `${name} must be at most 150`));

// Control characters are refused: PostgreSQL cannot hold a NUL in text, and no search needs one.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const searchParam = z
  .string()
  .trim()
  .min(1, 'search must not be empty')
  .max(200, 'search must be at most 200 characters')
  .regex(NO_CONTROL, 'search must not contain control characters');

const serviceFilterParams = {
  ...pageParams,
  search: searchParam.optional(),
  taxonomy_term_id: idSchema.optional(),
  taxonomy_id: idSchema.optional(),
  minimum_age: ageParam('minimum_age').optional(),
  maximum_age: ageParam('maximum_age').optional(),
};

export const orukPageQuerySchema = z.strictObject(pageParams);
export type OrukPageQuery = z.infer<typeof orukPageQuerySchema>;

export const orukServiceQuerySchema = z.strictObject(serviceFilterParams);
export type OrukServiceQuery = z.infer<typeof orukServiceQuerySchema>;

export const orukServiceAtLocationQuerySchema = z
  .strictObject({
    ...serviceFilterParams,
    // Validated as a postcode in the service (normalisePostcode); bounded here.
    postcode: z
      .string()
      .trim()
      .min(1, 'postcode must not be empty')
      .max(16, 'postcode is too long')
      .regex(NO_CONTROL, 'Enter a full UK postcode, like HX1 1AA')
      .optional(),
    /** Metres from the postcode's centroid (the standard's unit). */
    proximity: wholeNumber(1, ORUK_MAX_PROXIMITY_METRES, 'proximity').optional(),
  })
  .refine((q) => q.proximity === undefined || q.postcode !== undefined, { message: 'proximity needs a postcode', path: ['proximity'] });
export type OrukServiceAtLocationQuery = z.infer<typeof orukServiceAtLocationQuerySchema>;

export const orukTaxonomyTermQuerySchema = z.strictObject({ ...pageParams, taxonomy_id: idSchema.optional() });
export type OrukTaxonomyTermQuery = z.infer<typeof orukTaxonomyTermQuerySchema>;

export const orukIdParamsSchema = z.strictObject({ id: idSchema });

/** The page a list request asks for, with the defaults applied. */
export function orukPaging(q: { page?: number | undefined; per_page?: number | undefined }): { page: number; perPage: number } {
  return { page: q.page ?? 1, perPage: q.per_page ?? ORUK_DEFAULT_PER_PAGE };
}
