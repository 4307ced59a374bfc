import { z } from 'zod';
import { personViewSchema } from '../../../domain/schemas/person.ts';
import { personDetailsViewSchema } from '../../../domain/schemas/person-details.ts';
import { request } from '../../api.ts';

/** People at the practices the user covers (every read of one is audited by the server). */

const personsSchema = z.object({ persons: z.array(personViewSchema) });

export const peopleKeys = {
  all: ['people'] as const,
  list: () => [...peopleKeys.all, 'list'] as const,
  detail: (id: string) => [...peopleKeys.all, 'detail', id] as const,
};

export const peopleApi = {
  list: (signal?: AbortSignal) => request(personsSchema, '/persons', { query: { limit: 500 }, signal }),
  get: (id: string, signal?: AbortSignal) => request(personViewSchema, `/persons/${encodeURIComponent(id)}`, { signal }),
  /** The full record (contact, preferences, communication needs): link workers and leads. */
  details: (id: string, signal?: AbortSignal) => request(personDetailsViewSchema, `/persons/${encodeURIComponent(id)}/details`, { signal }),
};
