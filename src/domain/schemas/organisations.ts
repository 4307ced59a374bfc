import { z } from 'zod';
import { ORGANISATION_KINDS } from '../roles.ts';
import { idSchema } from './common.ts';

export const odsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,10}$/, 'ODS codes are 3 to 10 letters and digits, like B82005');

export const createOrganisationBodySchema = z.strictObject({
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string().trim().min(1, 'Enter a name').max(200),
  odsCode: odsCodeSchema.optional(),
  parentId: idSchema.optional(),
  listSize: z.number().int().min(0).max(1_000_000).optional(),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationBodySchema>;

export const organisationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string(),
  odsCode: z.string().nullable(),
  parentId: z.string().nullable(),
  listSize: z.number().nullable(),
});
export type OrganisationView = z.infer<typeof organisationViewSchema>;
