import { z } from 'zod';
import { idSchema, limitSchema } from '../../domain/schemas/common.ts';
import { createPersonBodySchema, personViewSchema } from '../../domain/schemas/person.ts';
import { createPerson } from '../../services/create-person.ts';
import { getPerson } from '../../services/get-person.ts';
import { listPersons } from '../../services/list-persons.ts';
import { requireActor } from '../auth.ts';
import { presentPerson } from '../presenters.ts';
import type { RouteContext, ZApp } from './context.ts';

export function registerPersonRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/persons', {
    schema: { tags: ['persons'], summary: 'People at your practices', querystring: z.strictObject({ limit: limitSchema }), response: { 200: z.object({ persons: z.array(personViewSchema) }) } },
    handler: async (req) => ({ persons: (await listPersons(deps, await requireActor(req, deps, secure), req.query.limit)).map(presentPerson) }),
  });
  app.get('/api/v1/persons/:id', {
    schema: { tags: ['persons'], params: z.strictObject({ id: idSchema }), response: { 200: personViewSchema } },
    handler: async (req) => presentPerson(await getPerson(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/persons', {
    schema: { tags: ['persons'], body: createPersonBodySchema, response: { 201: personViewSchema } },
    handler: async (req, reply) => reply.status(201).send(presentPerson(await createPerson(deps, await requireActor(req, deps, secure), req.body))),
  });
}
