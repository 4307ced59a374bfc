import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts';
import { emailSchema, idSchema } from './common.ts';

export const displayNameSchema = z.string().trim().min(1, 'Enter a name').max(120);
export const newPasswordSchema = z.string().min(1, 'Enter a password').max(MAX_PASSWORD_LENGTH);

export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES),
  organisationIds: z.array(idSchema).max(100).default([]),
  password: newPasswordSchema,
});
export type CreateUserInput = z.infer<typeof createUserBodySchema>;

export const resetPasswordBodySchema = z.strictObject({ password: newPasswordSchema });

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  organisationIds: z.array(z.string()),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userListQuerySchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  includeDisabled: z.enum(['true', 'false']).optional(),
});
