import { z } from 'zod';

export const postcodeLookupViewSchema = z.object({
  postcode: z.string(),
  lsoa: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  imdDecile: z.number().nullable(),
  terminated: z.boolean(),
});
export type PostcodeLookupView = z.infer<typeof postcodeLookupViewSchema>;
