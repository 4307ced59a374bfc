import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../../domain/errors.ts';
import { optionsFor } from '../../../domain/instruments/index.ts';
import { caseParamsSchema } from '../../../domain/schemas/cases.ts';
import { errorResponseSchema } from '../../../domain/schemas/common.ts';
import {
  createOutcomeLinkBodySchema,
  outcomeLinkCreatedViewSchema,
  outcomeLinksViewSchema,
  publicQuestionnaireViewSchema,
  questionnaireParamsSchema,
  questionnaireSubmittedViewSchema,
  submitQuestionnaireBodySchema,
  type PublicQuestionnaireView,
} from '../../../domain/schemas/self-completion.ts';
import { createOutcomeLink } from '../../../services/outcomes/create-outcome-link.ts';
import { getSelfCompletion, type PublicQuestionnaire } from '../../../services/outcomes/get-self-completion.ts';
import { listOutcomeLinks } from '../../../services/outcomes/list-outcome-links.ts';
import { submitSelfCompletion } from '../../../services/outcomes/submit-self-completion.ts';
import { metaOf, requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/**
 * Per-address limits on the public questionnaire. Tokens are 256-bit, so guessing is hopeless
 * anyway; the limits stop a client hammering the database. Generous enough for a household
 * sharing one address (opening a link twice, a mistake or two before sending).
 */
export const QUESTIONNAIRE_OPEN_RATE_LIMIT = { max: 30, timeWindow: '1 hour' } as const;
export const QUESTIONNAIRE_SUBMIT_RATE_LIMIT = { max: 10, timeWindow: '1 hour' } as const;

/** A Host header that is a plain host name or address with an optional port (nothing else goes in the link). */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Where the person's link points: the origin the link worker is using, from the request's protocol
 * and host (behind a proxy with LINKWORK_TRUST_PROXY=1, the X-Forwarded-Proto/-Host the proxy sets).
 * Checked before anything is written, so a refused Host header leaves no link behind.
 */
export function questionnaireOrigin(req: FastifyRequest): string {
  const host = req.host;
  if (!HOST_PATTERN.test(host)) throw new AppError('invalid_input', 'The request has no usable Host header to build the link from');
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  return `${protocol}://${host}`;
}

/** The public view, field by field: first name, the questions, the timepoint and expiry — nothing else. */
export function presentPublicQuestionnaire(q: PublicQuestionnaire): PublicQuestionnaireView {
  const def = q.instrument;
  return {
    firstName: q.firstName,
    instrument: {
      name: def.name,
      instructions: def.instructions ?? null,
      items: def.items.map((item) => ({ id: item.id, text: item.text, options: [...optionsFor(def, item)] })),
      options: def.options === undefined ? null : [...def.options],
    },
    timepoint: q.timepoint,
    expiresAt: q.expiresAt,
  };
}

/** Self-completion links (staff) and the person's public questionnaire (no sign-in). */
export function registerSelfCompletionRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.post('/api/v1/cases/:id/outcome-links', {
    schema: {
      tags: ['outcomes'],
      summary:
        'Make a one-time link for the person to answer a questionnaire on their own phone (shown once, with a QR code); replaces an unused one for the same questionnaire and timepoint',
      params: caseParamsSchema,
      body: createOutcomeLinkBodySchema,
      response: { 201: outcomeLinkCreatedViewSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (req, reply) => {
      const actor = await requireActor(req, deps, secure);
      const origin = questionnaireOrigin(req);
      const r = await createOutcomeLink(deps, actor, req.params.id, req.body);
      const url = `${origin}/q/${r.token}`;
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.status(201).send({ id: r.id, url, expiresAt: r.expiresAt, qrSvg, replaced: r.replaced });
    },
  });

  app.get('/api/v1/cases/:id/outcome-links', {
    schema: {
      tags: ['outcomes'],
      summary: 'The self-completion links made on a case and where each stands (waiting, completed, expired or replaced); never the link itself',
      params: caseParamsSchema,
      response: { 200: outcomeLinksViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => {
      const links = await listOutcomeLinks(deps, await requireActor(req, deps, secure), req.params.id);
      return {
        links: links.map((l) => ({
          id: l.id,
          instrument: l.instrument,
          instrumentName: l.instrumentName,
          timepoint: l.timepoint,
          createdAt: l.createdAt,
          expiresAt: l.expiresAt,
          usedAt: l.usedAt,
          status: l.status,
        })),
      };
    },
  });

  // Public: no sign-in, no cookie, so no CSRF token either; limited per address instead. The token
  // is a path parameter, and logs carry the route pattern only, so it is never logged.
  app.get('/api/v1/public/questionnaires/:token', {
    config: { rateLimit: QUESTIONNAIRE_OPEN_RATE_LIMIT },
    schema: {
      tags: ['public'],
      summary: 'Open a self-completion questionnaire (no sign-in): the first name and the questions only. Any link that cannot be used answers the same 404',
      params: questionnaireParamsSchema,
      response: { 200: publicQuestionnaireViewSchema, 404: errorResponseSchema, 429: errorResponseSchema },
    },
    handler: async (req) => presentPublicQuestionnaire(await getSelfCompletion(deps, metaOf(req), req.params.token)),
  });

  app.post('/api/v1/public/questionnaires/:token', {
    config: { rateLimit: QUESTIONNAIRE_SUBMIT_RATE_LIMIT },
    schema: {
      tags: ['public'],
      summary: 'Send the answers (no sign-in); the link then stops working. Any link that cannot be used answers the same 404',
      params: questionnaireParamsSchema,
      body: submitQuestionnaireBodySchema,
      response: { 201: questionnaireSubmittedViewSchema, 400: errorResponseSchema, 404: errorResponseSchema, 429: errorResponseSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await submitSelfCompletion(deps, metaOf(req), req.params.token, req.body)),
  });
}
