import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../domain/schemas/common.ts';
import {
  administrationViewSchema,
  caseOutcomesViewSchema,
  instrumentListViewSchema,
  loadPackBodySchema,
  loadPackResultSchema,
  recordOutcomeBodySchema,
} from '../../../domain/schemas/outcomes.ts';
import { listCaseOutcomes } from '../../../services/outcomes/list-case-outcomes.ts';
import { listInstruments } from '../../../services/outcomes/list-instruments.ts';
import { loadInstrumentPack } from '../../../services/outcomes/load-instrument-pack.ts';
import { recordOutcome } from '../../../services/outcomes/record-outcome.ts';
import { requireActor } from '../../auth.ts';
import { presentAdministration, presentCaseOutcomes, presentInstrumentListing } from './outcome-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const idParams = z.strictObject({ id: idSchema });

/** Outcome instruments (built in and licensed packs) and administrations on a case. */
export function registerOutcomeRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/instruments', {
    schema: {
      tags: ['outcomes'],
      summary: 'Instruments: built in, then installed packs with their licence status (expired packs are listed but not usable)',
      response: { 200: instrumentListViewSchema },
    },
    handler: async (req) => ({ instruments: (await listInstruments(deps, await requireActor(req, deps, secure))).map(presentInstrumentListing) }),
  });
  app.post('/api/v1/instruments/packs', {
    schema: {
      tags: ['outcomes'],
      summary:
        'Install a licensed instrument pack (docs/instrument-packs.md); the identical pack again is unchanged, a different one under the same code and version is a conflict',
      body: loadPackBodySchema,
      response: { 200: loadPackResultSchema, 201: loadPackResultSchema, 400: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (req, reply) => {
      const result = await loadInstrumentPack(deps, await requireActor(req, deps, secure), req.body);
      return reply.status(result.status === 'installed' ? 201 : 200).send(result);
    },
  });
  app.get('/api/v1/cases/:id/outcomes', {
    schema: {
      tags: ['outcomes'],
      summary: "A case's outcomes per instrument: administrations over time with scores, bands and change from baseline",
      params: idParams,
      response: { 200: caseOutcomesViewSchema, 404: errorResponseSchema },
    },
    handler: async (req) => presentCaseOutcomes(await listCaseOutcomes(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/cases/:id/outcomes', {
    schema: {
      tags: ['outcomes'],
      summary: 'Record an administration (answers, or an external score) at baseline, review or final; scored by the server',
      params: idParams,
      body: recordOutcomeBodySchema,
      response: { 201: administrationViewSchema, 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(presentAdministration(await recordOutcome(deps, await requireActor(req, deps, secure), req.params.id, req.body))),
  });
}
