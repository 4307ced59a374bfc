import { z } from 'zod';
import { errorResponseSchema, idSchema, limitSchema } from '../../../domain/schemas/common.ts';
import { createPersonBodySchema, personViewSchema } from '../../../domain/schemas/person.ts';
import {
  duplicateListViewSchema,
  mergePersonsBodySchema,
  mergeResultViewSchema,
  personDetailsViewSchema,
  updatePersonBodySchema,
} from '../../../domain/schemas/person-details.ts';
import { createPerson } from '../../../services/people/create-person.ts';
import { findDuplicatePersons } from '../../../services/people/find-duplicate-persons.ts';
import { getPerson } from '../../../services/people/get-person.ts';
import { getPersonDetails } from '../../../services/people/get-person-details.ts';
import { listPersons } from '../../../services/people/list-persons.ts';
import { mergePersons } from '../../../services/people/merge-persons.ts';
import { updatePerson } from '../../../services/people/update-person.ts';
import { requireActor } from '../../auth.ts';
import { presentDuplicateCandidate, presentMergeResult, presentPerson, presentPersonDetails } from './person-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const params = z.strictObject({ id: idSchema });
const writeErrors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

export function registerPersonRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/persons', {
    schema: {
      tags: ['persons'],
      summary: 'People at your practices',
      querystring: z.strictObject({ limit: limitSchema }),
      response: { 200: z.object({ persons: z.array(personViewSchema) }) },
    },
    handler: async (req) => ({ persons: (await listPersons(deps, await requireActor(req, deps, secure), req.query.limit)).map(presentPerson) }),
  });
  app.get('/api/v1/persons/:id', {
    schema: { tags: ['persons'], params, response: { 200: personViewSchema } },
    handler: async (req) => presentPerson(await getPerson(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/persons', {
    schema: { tags: ['persons'], body: createPersonBodySchema, response: { 201: personViewSchema } },
    handler: async (req, reply) => reply.status(201).send(presentPerson(await createPerson(deps, await requireActor(req, deps, secure), req.body))),
  });

  app.get('/api/v1/persons/:id/details', {
    schema: {
      tags: ['persons'],
      summary: 'A person in full: demographics, contact preferences, communication needs, address history (link worker, lead)',
      params,
      response: { 200: personDetailsViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentPersonDetails(await getPersonDetails(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.patch('/api/v1/persons/:id', {
    schema: {
      tags: ['persons'],
      summary: 'Change a person’s details; send the version you started from (a stale one answers 409 conflict)',
      params,
      body: updatePersonBodySchema,
      response: { 200: personDetailsViewSchema, ...writeErrors },
    },
    handler: async (req) => presentPersonDetails((await updatePerson(deps, await requireActor(req, deps, secure), req.params.id, req.body)).person),
  });
  app.get('/api/v1/persons/:id/duplicates', {
    schema: {
      tags: ['persons'],
      summary: 'Possible duplicates of a person among the people you cover (link worker, lead)',
      params,
      response: { 200: duplicateListViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => ({
      candidates: (await findDuplicatePersons(deps, await requireActor(req, deps, secure), req.params.id)).map(presentDuplicateCandidate),
    }),
  });
  app.post('/api/v1/persons/:id/merge', {
    schema: {
      tags: ['persons'],
      summary: 'Merge a duplicate record into this person: its referrals move here, it is marked merged (lead)',
      params,
      body: mergePersonsBodySchema,
      response: { 200: mergeResultViewSchema, ...writeErrors },
    },
    handler: async (req) => presentMergeResult(await mergePersons(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
}
