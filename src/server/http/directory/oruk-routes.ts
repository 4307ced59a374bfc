import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import {
  orukIdParamsSchema,
  orukPageQuerySchema,
  orukServiceAtLocationQuerySchema,
  orukServiceQuerySchema,
  orukTaxonomyTermQuerySchema,
} from '../../../domain/schemas/oruk.ts';
import { getOrukOrganization } from '../../../services/directory/oruk/get-oruk-organization.ts';
import { getOrukServiceAtLocation } from '../../../services/directory/oruk/get-oruk-service-at-location.ts';
import { getOrukService } from '../../../services/directory/oruk/get-oruk-service.ts';
import { getOrukTaxonomyTerm } from '../../../services/directory/oruk/get-oruk-taxonomy-term.ts';
import { getOrukTaxonomy } from '../../../services/directory/oruk/get-oruk-taxonomy.ts';
import { listOrukOrganizations } from '../../../services/directory/oruk/list-oruk-organizations.ts';
import { listOrukServiceAtLocations } from '../../../services/directory/oruk/list-oruk-service-at-locations.ts';
import { listOrukServices } from '../../../services/directory/oruk/list-oruk-services.ts';
import { listOrukTaxonomies } from '../../../services/directory/oruk/list-oruk-taxonomies.ts';
import { listOrukTaxonomyTerms } from '../../../services/directory/oruk/list-oruk-taxonomy-terms.ts';
import { metaOf } from '../../auth.ts';
import {
  ORUK_API_DETAILS,
  presentOrukOrganization,
  presentOrukOrganizationFull,
  presentOrukPage,
  presentOrukService,
  presentOrukServiceAtLocation,
  presentOrukServiceAtLocationListItem,
  presentOrukServiceSummary,
  presentOrukTaxonomy,
  presentOrukTaxonomyTerm,
} from './oruk-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** Where the API is mounted. */
export const ORUK_PREFIX = '/oruk';

/**
 * Open, read-only and cross-origin, as the ORUK compliance rules require: no sign-in (so no
 * cookie and no CSRF token), `Access-Control-Allow-Origin: *`, and a resource policy that lets
 * other sites read it. Set on every answer from these routes, errors included, and nowhere else.
 */
function openCors(_req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  void reply.header('access-control-allow-origin', '*');
  void reply.header('cross-origin-resource-policy', 'cross-origin');
  done();
}

/** Published listings may be cached briefly by anyone; errors are not cached. */
function shortPublicCache(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  void reply.header('cache-control', reply.statusCode === 200 ? 'public, max-age=60' : 'no-store');
  done(null, payload);
}

/**
 * The Open Referral UK 3.0 API (../shared/data/oruk/spec/3.0/openapi.json) over the directory:
 * GET only. Hidden from Linkwork's own OpenAPI document: the standard's document is the contract,
 * and the root (`GET /oruk/`) points to it.
 */
export function registerOrukRoutes(app: ZApp, { deps }: RouteContext): void {
  const common = {
    onRequest: openCors,
    onSend: shortPublicCache,
    // Per address; generous, since validators and aggregators walk every page.
    config: { rateLimit: { max: 1200, timeWindow: '1 minute' } },
  };
  const hide = { hide: true };

  for (const url of [ORUK_PREFIX, `${ORUK_PREFIX}/`]) {
    app.get(url, { ...common, schema: hide, handler: () => ORUK_API_DETAILS });
  }

  app.get(`${ORUK_PREFIX}/services`, {
    ...common,
    schema: { ...hide, querystring: orukServiceQuerySchema },
    handler: async (req) => {
      const r = await listOrukServices(deps, metaOf(req), req.query);
      return presentOrukPage(
        r.items.map((i) => presentOrukServiceSummary(i.service, i.organisation)),
        r.total,
        r.page,
        r.perPage,
      );
    },
  });
  app.get(`${ORUK_PREFIX}/services/:id`, {
    ...common,
    schema: { ...hide, params: orukIdParamsSchema },
    handler: async (req) => presentOrukService(await getOrukService(deps, metaOf(req), req.params.id)),
  });

  app.get(`${ORUK_PREFIX}/service_at_locations`, {
    ...common,
    schema: { ...hide, querystring: orukServiceAtLocationQuerySchema },
    handler: async (req) => {
      const r = await listOrukServiceAtLocations(deps, metaOf(req), req.query);
      return presentOrukPage(r.items.map(presentOrukServiceAtLocationListItem), r.total, r.page, r.perPage);
    },
  });
  app.get(`${ORUK_PREFIX}/service_at_locations/:id`, {
    ...common,
    schema: { ...hide, params: orukIdParamsSchema },
    handler: async (req) => {
      const r = await getOrukServiceAtLocation(deps, metaOf(req), req.params.id);
      return presentOrukServiceAtLocation(r.sal, r.service, r.organisation);
    },
  });

  app.get(`${ORUK_PREFIX}/organizations`, {
    ...common,
    schema: { ...hide, querystring: orukPageQuerySchema },
    handler: async (req) => {
      const r = await listOrukOrganizations(deps, metaOf(req), req.query);
      return presentOrukPage(r.items.map(presentOrukOrganization), r.total, r.page, r.perPage);
    },
  });
  app.get(`${ORUK_PREFIX}/organizations/:id`, {
    ...common,
    schema: { ...hide, params: orukIdParamsSchema },
    handler: async (req) => {
      const r = await getOrukOrganization(deps, metaOf(req), req.params.id);
      return presentOrukOrganizationFull(r.organisation, r.services);
    },
  });

  app.get(`${ORUK_PREFIX}/taxonomies`, {
    ...common,
    schema: { ...hide, querystring: orukPageQuerySchema },
    handler: async (req) => {
      const r = await listOrukTaxonomies(deps, metaOf(req), req.query);
      return presentOrukPage(
        r.items.map((t) => presentOrukTaxonomy(t)),
        r.total,
        r.page,
        r.perPage,
      );
    },
  });
  app.get(`${ORUK_PREFIX}/taxonomies/:id`, {
    ...common,
    schema: { ...hide, params: orukIdParamsSchema },
    handler: async (req) => {
      const r = await getOrukTaxonomy(deps, metaOf(req), req.params.id);
      return presentOrukTaxonomy(r.taxonomy, r.terms);
    },
  });

  app.get(`${ORUK_PREFIX}/taxonomy_terms`, {
    ...common,
    schema: { ...hide, querystring: orukTaxonomyTermQuerySchema },
    handler: async (req) => {
      const r = await listOrukTaxonomyTerms(deps, metaOf(req), req.query);
      return presentOrukPage(r.items.map(presentOrukTaxonomyTerm), r.total, r.page, r.perPage);
    },
  });
  app.get(`${ORUK_PREFIX}/taxonomy_terms/:id`, {
    ...common,
    schema: { ...hide, params: orukIdParamsSchema },
    handler: async (req) => presentOrukTaxonomyTerm(await getOrukTaxonomyTerm(deps, metaOf(req), req.params.id)),
  });

  // Anything else under /oruk is a JSON 404 with the CORS header (not the web app's shell page).
  app.get(`${ORUK_PREFIX}/*`, {
    ...common,
    schema: hide,
    handler: () => {
      throw new AppError('not_found', 'No such ORUK endpoint');
    },
  });
}
