import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../domain/schemas/common.ts';
import {
  allocateReferralBodySchema,
  createReferralBodySchema,
  myReferralsQuerySchema,
  myReferralsViewSchema,
  myReferralViewSchema,
  publicPracticesViewSchema,
  referralCreatedViewSchema,
  selfReferralBodySchema,
  selfReferralResultViewSchema,
  triageDecisionBodySchema,
  TRIAGE_DECISIONS,
  triagedReferralViewSchema,
  triageListViewSchema,
  triageQuerySchema,
} from '../../../domain/schemas/referrals.ts';
import { allocateReferral } from '../../../services/intake/allocate-referral.ts';
import { createReferral } from '../../../services/intake/create-referral.ts';
import { getMyReferralMessage } from '../../../services/intake/get-my-referral-message.ts';
import { getReferralStatus } from '../../../services/intake/get-referral-status.ts';
import { dischargeMessageSchema } from '../../../domain/schemas/cases.ts';
import { presentDischargeMessage } from '../cases/case-presenters.ts';
import { listMyReferrals } from '../../../services/intake/list-my-referrals.ts';
import { listPublicPractices } from '../../../services/organisations/list-public-practices.ts';
import { listTriage } from '../../../services/intake/list-triage.ts';
import { submitSelfReferral } from '../../../services/intake/submit-self-referral.ts';
import { triageReferral } from '../../../services/intake/triage-referral.ts';
import { metaOf, requireActor } from '../../auth.ts';
import { presentMyReferral, presentReferralCreated, presentTriagedReferral, presentTriageList } from './intake-presenters.ts';
import { presentPublicPractices } from '../organisations/organisation-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** Per-IP limit on the public self-referral form: generous for a household, useless for a robot. */
export const SELF_REFERRAL_RATE_LIMIT = { max: 5, timeWindow: '1 hour' } as const;

const params = z.strictObject({ id: idSchema });
const conflictResponses = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** Referral intake, the public self-referral form, triage and allocation, and referrers' own referrals. */
export function registerReferralRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.post('/api/v1/referrals', {
    schema: {
      tags: ['referrals'],
      summary: 'Make a referral (referrer, partner referrer; link worker or lead for proactive outreach or a referral received another way)',
      body: createReferralBodySchema,
      response: { 201: referralCreatedViewSchema, ...conflictResponses },
    },
    handler: async (req, reply) => reply.status(201).send(presentReferralCreated(await createReferral(deps, await requireActor(req, deps, secure), req.body))),
  });

  app.get('/api/v1/triage', {
    schema: {
      tags: ['referrals'],
      summary: 'Referrals waiting for triage in your PCN, oldest first, with suggested link workers (lead)',
      querystring: triageQuerySchema,
      response: { 200: triageListViewSchema },
    },
    handler: async (req) => presentTriageList(await listTriage(deps, await requireActor(req, deps, secure), req.query)),
  });

  app.post('/api/v1/referrals/:id/allocate', {
    schema: {
      tags: ['referrals'],
      summary: 'Give a referral to a link worker who covers its practice (lead)',
      params,
      body: allocateReferralBodySchema,
      response: { 200: triagedReferralViewSchema, ...conflictResponses },
    },
    handler: async (req) => presentTriagedReferral(await allocateReferral(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });

  for (const decision of TRIAGE_DECISIONS) {
    app.post(`/api/v1/referrals/:id/${decision}`, {
      schema: {
        tags: ['referrals'],
        summary:
          decision === 'reject' ? 'Turn a referral away with a coded reason (lead)' : 'Pass a referral to a better-suited service, with a coded reason (lead)',
        params,
        body: triageDecisionBodySchema,
        response: { 200: triagedReferralViewSchema, ...conflictResponses },
      },
      handler: async (req) => presentTriagedReferral(await triageReferral(deps, await requireActor(req, deps, secure), req.params.id, decision, req.body)),
    });
  }

  app.get('/api/v1/my-referrals', {
    schema: {
      tags: ['referrals'],
      summary: 'The referrals you made and where each one is now (referrer, partner referrer)',
      querystring: myReferralsQuerySchema,
      response: { 200: myReferralsViewSchema },
    },
    handler: async (req) => ({ referrals: (await listMyReferrals(deps, await requireActor(req, deps, secure), req.query.limit)).map(presentMyReferral) }),
  });

  app.get('/api/v1/referrals/:id/status', {
    schema: {
      tags: ['referrals'],
      summary: 'Where one of your referrals is now (referrer, partner referrer)',
      params,
      response: { 200: myReferralViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentMyReferral(await getReferralStatus(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/my-referrals/:id/message', {
    schema: {
      tags: ['referrals'],
      summary: 'The message back for one of your referrals once support has finished, as the person chose to share it (referrer, partner referrer)',
      params,
      response: { 200: dischargeMessageSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentDischargeMessage(await getMyReferralMessage(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  // Public: no sign-in, no cookie, so no CSRF token either; limited per address instead.
  app.get('/api/v1/public/practices', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: { tags: ['public'], summary: 'GP practices to choose from on the self-referral form (no sign-in)', response: { 200: publicPracticesViewSchema } },
    handler: async (req) => presentPublicPractices(await listPublicPractices(deps, metaOf(req))),
  });

  app.post('/api/v1/public/self-referrals', {
    config: { rateLimit: SELF_REFERRAL_RATE_LIMIT },
    schema: {
      tags: ['public'],
      summary: 'Refer yourself to social prescribing (no sign-in); answers your reference',
      body: selfReferralBodySchema,
      response: { 201: selfReferralResultViewSchema, 400: errorResponseSchema, 429: errorResponseSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await submitSelfReferral(deps, metaOf(req), req.body)),
  });
}
