import { z } from 'zod';
import { ORGANISATION_KINDS, ROLES } from '../roles.ts';
import { PERMISSIONS } from '../permissions.ts';

export const signInBodySchema = z.strictObject({
  // Not the strict email rule: a sign-in must give the same answer for any text.
  email: z.string().trim().min(1, 'Enter your email address').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

export const scopeOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  odsCode: z.string().nullable(),
});

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
  }),
  permissions: z.array(z.enum(PERMISSIONS)),
  scope: z.object({
    deploymentWide: z.boolean(),
    organisations: z.array(scopeOrganisationSchema),
  }),
  session: z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }),
  csrfToken: z.string(),
  demo: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;
