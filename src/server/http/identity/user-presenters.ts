import { minutesToHours, type UserView } from '../../../domain/schemas/users.ts';
import type { User } from '../../../db/repositories/identity/users.ts';

// Presenters: explicit field whitelists from internal records to what the API says. Nothing
// reaches a response that is not named here (password hashes, versions of secrets, raw rows).

export const presentUser = (u: User & { organisationIds: string[] }): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  organisationIds: u.organisationIds,
  contractedHours: minutesToHours(u.contractedMinutes),
  createdAt: u.createdAt,
});
