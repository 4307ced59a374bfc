import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../domain/schemas/common.ts';
import {
  acceptOutreachBodySchema,
  declineOutreachBodySchema,
  listOutreachQuerySchema,
  optOutBodySchema,
  outreachAcceptedViewSchema,
  outreachListViewSchema,
  outreachStartedViewSchema,
  outreachViewSchema,
  recordInvitationBodySchema,
  recordResponseBodySchema,
  reviewOutreachBodySchema,
  startOutreachBodySchema,
} from '../../../domain/schemas/outreach.ts';
import { acceptOutreach } from '../../../services/proactive/accept-outreach.ts';
import { declineOutreach } from '../../../services/proactive/decline-outreach.ts';
import { listOutreach } from '../../../services/proactive/list-outreach.ts';
import { listOutreachReviews } from '../../../services/proactive/list-outreach-reviews.ts';
import { optOutOfOutreach } from '../../../services/proactive/opt-out-of-outreach.ts';
import { recordOutreachInvitation } from '../../../services/proactive/record-outreach-invitation.ts';
import { recordOutreachResponse } from '../../../services/proactive/record-outreach-response.ts';
import { reviewOutreach } from '../../../services/proactive/review-outreach.ts';
import { startOutreach } from '../../../services/proactive/start-outreach.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';
import { presentOutreach, presentOutreachAccepted, presentOutreachList, presentOutreachStarted } from './outreach-presenters.ts';

const params = z.strictObject({ id: idSchema });
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
const tags = ['proactive'];

/** Proactive outreach (issue 12): the worklist, starting it from a cohort run, and each step. */
export function registerOutreachRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/proactive/outreach', {
    schema: {
      tags,
      summary: 'The outreach worklist at the practices you cover, what needs doing next first (link worker, lead)',
      querystring: listOutreachQuerySchema,
      response: { 200: outreachListViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentOutreachList(await listOutreach(deps, await requireActor(req, deps, secure), req.query)),
  });

  app.get('/api/v1/proactive/outreach/reviews', {
    schema: {
      tags,
      summary: 'People found by a cohort at the practices you cover, waiting for a clinician’s safety review (practice clinician, lead)',
      querystring: listOutreachQuerySchema,
      response: { 200: outreachListViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentOutreachList(await listOutreachReviews(deps, await requireActor(req, deps, secure), req.query)),
  });

  app.post('/api/v1/proactive/outreach/start', {
    schema: {
      tags,
      summary: 'Start outreach for a cohort run (refused while its fairness check blocks it); skips opted-out, do-not-contact and people in another open run',
      body: startOutreachBodySchema,
      response: { 200: outreachStartedViewSchema, ...errors },
    },
    handler: async (req) => presentOutreachStarted(await startOutreach(deps, await requireActor(req, deps, secure), req.body)),
  });

  const step = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (actor: Awaited<ReturnType<typeof requireActor>>, id: string, input: z.infer<B>) => Promise<Parameters<typeof presentOutreach>[0]>,
  ) =>
    app.post(`/api/v1/proactive/outreach/:id/${path}`, {
      schema: { tags, summary, params, body, response: { 200: outreachViewSchema, ...errors } },
      handler: async (req) => presentOutreach(await run(await requireActor(req, deps, secure), req.params.id, req.body as z.infer<B>)),
    });

  step(
    'review',
    'Record the clinician’s safety review: cleared, or not suitable with a coded reason (practice clinician, lead)',
    reviewOutreachBodySchema,
    (a, id, b) => reviewOutreach(deps, a, id, b),
  );
  step(
    'invitations',
    'Record an invitation: channel, language, easy read (refused before clearance and after the last attempt)',
    recordInvitationBodySchema,
    (a, id, b) => recordOutreachInvitation(deps, a, id, b),
  );
  step('response', 'Record that the person replied, or (after the last attempt) did not', recordResponseBodySchema, (a, id, b) =>
    recordOutreachResponse(deps, a, id, b),
  );
  step('decline', 'Record that the person declined, with the coded reason', declineOutreachBodySchema, (a, id, b) => declineOutreach(deps, a, id, b));
  step('opt-out', 'Record that the person asked never to be contacted again (honoured in every later run)', optOutBodySchema, (a, id, b) =>
    optOutOfOutreach(deps, a, id, b),
  );

  app.post('/api/v1/proactive/outreach/:id/accept', {
    schema: {
      tags,
      summary: 'The person accepted: record them (name and contact details) and make a referral with source proactive and their consent',
      params,
      body: acceptOutreachBodySchema,
      response: { 201: outreachAcceptedViewSchema, ...errors },
    },
    handler: async (req, reply) =>
      reply.status(201).send(presentOutreachAccepted(await acceptOutreach(deps, await requireActor(req, deps, secure), req.params.id, req.body))),
  });
}
