import { z } from 'zod';
import { idSchema } from '../../../domain/schemas/common.ts';
import {
  cancelCommunityReferralBodySchema,
  communityReferralViewSchema,
  createCommunityReferralBodySchema,
  createServiceBodySchema,
  inboxItemViewSchema,
  inboxQuerySchema,
  respondCommunityReferralBodySchema,
  serviceListQuerySchema,
  serviceListViewSchema,
  serviceStatsViewSchema,
  serviceViewSchema,
} from '../../../domain/schemas/community.ts';
import { cancelCommunityReferral } from '../../../services/community/cancel-community-referral.ts';
import { createService } from '../../../services/directory/create-service.ts';
import { getServiceStats } from '../../../services/community/get-service-stats.ts';
import { listCaseCommunityReferrals } from '../../../services/community/list-case-community-referrals.ts';
import { listProviderInbox } from '../../../services/community/list-provider-inbox.ts';
import { listServices } from '../../../services/directory/list-services.ts';
import { listServicesForCase } from '../../../services/directory/list-services-for-case.ts';
import { referToService } from '../../../services/community/refer-to-service.ts';
import { respondCommunityReferral } from '../../../services/community/respond-community-referral.ts';
import { requireActor } from '../../auth.ts';
import { presentCommunityReferral, presentInboxItem, presentService, presentServicesForCase, presentServiceStats } from './community-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const idParams = z.strictObject({ id: idSchema });
const caseParams = z.strictObject({ caseId: idSchema });

/** Community referrals (closed loop): services, referring and signposting, the provider inbox. */
export function registerCommunityRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/services', {
    schema: {
      tags: ['community'],
      summary:
        'Community services (not archived), optionally by need, organisation or whether they take referrals; with caseId, only those that suit the person (age, sex, area), nearest first, with counts of those left out',
      querystring: serviceListQuerySchema,
      response: { 200: serviceListViewSchema },
    },
    handler: async (req) => {
      const actor = await requireActor(req, deps, secure);
      const { caseId, ...query } = req.query;
      if (caseId === undefined) return { services: (await listServices(deps, actor, query)).map(presentService) };
      return presentServicesForCase(await listServicesForCase(deps, actor, caseId, query));
    },
  });
  app.post('/api/v1/services', {
    schema: {
      tags: ['community'],
      summary: 'Add a minimal service (providers for their own organisation; leads and admins for any VCSE)',
      body: createServiceBodySchema,
      response: { 201: serviceViewSchema },
    },
    handler: async (req, reply) => reply.status(201).send(presentService(await createService(deps, await requireActor(req, deps, secure), req.body))),
  });
  app.get('/api/v1/services/:id/stats', {
    schema: {
      tags: ['community'],
      summary: "A service's figures: referrals received, acceptance rate, median response time (hours), count per status",
      params: idParams,
      response: { 200: serviceStatsViewSchema },
    },
    handler: async (req) => presentServiceStats(await getServiceStats(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/cases/:caseId/community-referrals', {
    schema: {
      tags: ['community'],
      summary: "The referrals and signposts made from a case (the case's link workers and leads)",
      params: caseParams,
      response: { 200: z.object({ communityReferrals: z.array(communityReferralViewSchema) }) },
    },
    handler: async (req) => ({
      communityReferrals: (await listCaseCommunityReferrals(deps, await requireActor(req, deps, secure), req.params.caseId)).map(presentCommunityReferral),
    }),
  });
  app.post('/api/v1/cases/:caseId/community-referrals', {
    schema: {
      tags: ['community'],
      summary: 'Refer the person to a service (the provider is asked to accept) or record that they were signposted',
      params: caseParams,
      body: createCommunityReferralBodySchema,
      response: { 201: communityReferralViewSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(presentCommunityReferral(await referToService(deps, await requireActor(req, deps, secure), req.params.caseId, req.body))),
  });
  app.post('/api/v1/community-referrals/:id/cancel', {
    schema: {
      tags: ['community'],
      summary: 'Withdraw a referral that has not started (link worker, lead); `version` as last read',
      params: idParams,
      body: cancelCommunityReferralBodySchema,
      response: { 200: communityReferralViewSchema },
    },
    handler: async (req) => presentCommunityReferral(await cancelCommunityReferral(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });

  app.get('/api/v1/inbox', {
    schema: {
      tags: ['community'],
      summary: "The provider's inbox: referrals to their organisation's services, with the minimum necessary about each person",
      querystring: inboxQuerySchema,
      response: { 200: z.object({ items: z.array(inboxItemViewSchema) }) },
    },
    handler: async (req) => ({ items: (await listProviderInbox(deps, await requireActor(req, deps, secure), req.query)).map(presentInboxItem) }),
  });
  app.post('/api/v1/community-referrals/:id/respond', {
    schema: {
      tags: ['community'],
      summary: 'Provider: accept, decline (with a coded reason), mark started, attended, did not attend, completed; `version` as last read',
      params: idParams,
      body: respondCommunityReferralBodySchema,
      response: { 200: inboxItemViewSchema },
    },
    handler: async (req) => presentInboxItem(await respondCommunityReferral(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
}
