import { z } from 'zod';
import type { Role } from '../../../domain/roles.ts';
import { userViewSchema, type UserView } from '../../../domain/schemas/users.ts';
import { request } from '../../api.ts';

/** Staff accounts (administrators manage them; leads read their PCN's). Signing in is in api.ts. */

const usersSchema = z.object({ users: z.array(userViewSchema) });

export interface CreateUserRequest {
  email: string;
  displayName: string;
  role: Role;
  organisationIds: string[];
  password: string;
  contractedHours?: number | null;
}

export const usersKeys = {
  all: ['users'] as const,
  list: () => [...usersKeys.all, 'list'] as const,
  detail: (id: string) => [...usersKeys.all, 'detail', id] as const,
};

export const usersApi = {
  list: (signal?: AbortSignal) => request(usersSchema, '/users', { query: { includeDisabled: 'true' }, signal }),
  get: (id: string, signal?: AbortSignal): Promise<UserView> => request(userViewSchema, `/users/${encodeURIComponent(id)}`, { signal }),
  create: (body: CreateUserRequest): Promise<UserView> => request(userViewSchema, '/users', { method: 'POST', body }),
  setDisabled: (id: string, disabled: boolean): Promise<UserView> =>
    request(userViewSchema, `/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' }),
  update: (id: string, body: { contractedHours: number | null }): Promise<UserView> =>
    request(userViewSchema, `/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  resetPassword: (id: string, password: string): Promise<UserView> =>
    request(userViewSchema, `/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body: { password } }),
};
