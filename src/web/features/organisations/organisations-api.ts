import { z } from 'zod';
import { organisationViewSchema } from '../../../domain/schemas/organisations.ts';
import { request } from '../../api.ts';

/** The organisations the signed-in user can see (the server scopes the list). */

const organisationsSchema = z.object({ organisations: z.array(organisationViewSchema) });

export const organisationsKeys = {
  all: ['organisations'] as const,
  list: () => [...organisationsKeys.all, 'list'] as const,
};

export const organisationsApi = {
  list: (signal?: AbortSignal) => request(organisationsSchema, '/organisations', { signal }),
};
