import { z } from 'zod';

export const idSchema = z.uuid({ message: 'Must be an id' });
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.org' }))
  .transform((v) => v.toLowerCase());
// People see this under the day, month and year boxes; API clients send YYYY-MM-DD (the OpenAPI document says so).
export const isoDateSchema = z.iso.date({ message: 'Enter a real date, with a day, month and year' });
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);
export const okSchema = z.object({ ok: z.literal(true) });
export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
