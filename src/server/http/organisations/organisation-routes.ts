import { z } from 'zod';
import { idSchema } from '../../../domain/schemas/common.ts';
import { createOrganisationBodySchema, organisationViewSchema } from '../../../domain/schemas/organisations.ts';
import { createOrganisation } from '../../../services/organisations/create-organisation.ts';
import { getOrganisation } from '../../../services/organisations/get-organisation.ts';
import { listOrganisations } from '../../../services/organisations/list-organisations.ts';
import { requireActor } from '../../auth.ts';
import { presentOrganisation } from './organisation-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

export function registerOrganisationRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/organisations', {
    schema: {
      tags: ['organisations'],
      summary: 'Organisations in your scope',
      response: { 200: z.object({ organisations: z.array(organisationViewSchema) }) },
    },
    handler: async (req) => ({ organisations: (await listOrganisations(deps, await requireActor(req, deps, secure))).map(presentOrganisation) }),
  });
  app.get('/api/v1/organisations/:id', {
    schema: { tags: ['organisations'], params: z.strictObject({ id: idSchema }), response: { 200: organisationViewSchema } },
    handler: async (req) => presentOrganisation(await getOrganisation(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/organisations', {
    schema: { tags: ['organisations'], summary: 'Add an organisation (admin)', body: createOrganisationBodySchema, response: { 201: organisationViewSchema } },
    handler: async (req, reply) => {
      const org = await createOrganisation(deps, await requireActor(req, deps, secure), req.body);
      return reply.status(201).send(presentOrganisation(org));
    },
  });
}
