import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts';
import { emailSchema, idSchema } from './common.ts';

export const displayNameSchema = z.string().trim().min(1, 'Enter a name').max(120);
export const newPasswordSchema = z.string().min(1, 'Enter a password').max(MAX_PASSWORD_LENGTH);

/** Roles whose contracted hours are recorded (the workload report's FTE, W4). */
export const ROLES_WITH_HOURS = ['link_worker', 'lead'] as const satisfies readonly (typeof ROLES)[number][];

/** Full time, the FTE divisor: 37.5 hours (2,250 minutes) a week. */
export const FULL_TIME_MINUTES = 2250;

/** Contracted hours a week, as a decimal (22.5), 0–60; stored as whole minutes. Null: not recorded. */
export const contractedHoursSchema = z
  .number({ message: 'Enter the hours a week as a number, like 22.5' })
  .min(0, 'Contracted hours must be between 0 and 60 a week')
  .max(60, 'Contracted hours must be between 0 and 60 a week')
  .nullable();

/** Hours a week (decimal) to the stored whole minutes, and back. */
export const hoursToMinutes = (hours: number | null | undefined): number | null => (hours === null || hours === undefined ? null : Math.round(hours * 60));
/** Whether a role's contracted hours are recorded; the message when hours are given for one that has none. */
export function hoursProblem(role: (typeof ROLES)[number], hours: number | null | undefined): string | null {
  if (hours === null || hours === undefined) return null;
  return (ROLES_WITH_HOURS as readonly string[]).includes(role) ? null : 'Contracted hours are recorded for link workers and leads only';
}

export const minutesToHours = (minutes: number | null): number | null => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES),
  organisationIds: z.array(idSchema).max(100).default([]),
  password: newPasswordSchema,
  /** Link workers and leads: contracted hours a week (W4's FTE). */
  contractedHours: contractedHoursSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBodySchema>;

/** What an administrator may change on an account (for now: the contracted hours). */
export const updateUserBodySchema = z.strictObject({
  contractedHours: contractedHoursSchema,
});
export type UpdateUserInput = z.infer<typeof updateUserBodySchema>;

export const resetPasswordBodySchema = z.strictObject({ password: newPasswordSchema });

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  organisationIds: z.array(z.string()),
  /** Contracted hours a week (link workers and leads); null when not recorded. */
  contractedHours: z.number().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userListQuerySchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  includeDisabled: z.enum(['true', 'false']).optional(),
});
