import { z } from 'zod';
import { errorResponseSchema } from '../../../domain/schemas/common.ts';
import {
  cohortRunBodySchema,
  cohortRunListQuerySchema,
  cohortRunListViewSchema,
  cohortRuleListViewSchema,
  cohortRunViewSchema,
  fairnessReasonBodySchema,
} from '../../../domain/schemas/proactive.ts';
import { findCohort } from '../../../services/proactive/find-cohort.ts';
import { getCohortRun } from '../../../services/proactive/get-cohort-run.ts';
import { listCohortRuns } from '../../../services/proactive/list-cohort-runs.ts';
import { recordFairnessReason } from '../../../services/proactive/record-fairness-reason.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

// Run ids are checked as text, not as UUIDs: an unknown id of any shape answers 404 like one outside scope.
const params = z.strictObject({ id: z.string().min(1).max(64) });
const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/**
 * Proactive cohorts (leads: `cohort:run`). The use cases return views built from the domain's
 * schemas, and each response schema whitelists their fields; NHS numbers appear only in a run's
 * members, which only a person-level read (audited) returns.
 */
export function registerCohortRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.post('/api/v1/proactive/cohort-runs', {
    schema: {
      tags: ['proactive'],
      summary: 'Run the cohort rules over the current practice extracts in scope; saves the run with its people and fairness check (lead)',
      body: cohortRunBodySchema,
      response: { 201: cohortRunViewSchema, ...errors },
    },
    handler: async (req, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await findCohort(deps, await requireActor(req, deps, secure), req.body)),
  });
  app.get('/api/v1/proactive/cohort-runs', {
    schema: {
      tags: ['proactive'],
      summary: 'Cohort runs in scope, newest first (counts only), and the rules and practices a new run may choose',
      querystring: cohortRunListQuerySchema,
      response: { 200: cohortRunListViewSchema.extend({ options: cohortRuleListViewSchema }), 403: errorResponseSchema },
    },
    handler: async (req) => listCohortRuns(deps, await requireActor(req, deps, secure), req.query.limit),
  });
  app.get('/api/v1/proactive/cohort-runs/:id', {
    schema: {
      tags: ['proactive'],
      summary: 'A cohort run with its fairness check and the people it found (audited as a person-level read)',
      params,
      response: { 200: cohortRunViewSchema, 403: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (req, reply) =>
      reply.header('cache-control', 'no-store').send(await getCohortRun(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/proactive/cohort-runs/:id/fairness-reason', {
    schema: {
      tags: ['proactive'],
      summary: 'Record why a run whose fairness check flagged a group may go ahead; unblocks outreach (once per run)',
      params,
      body: fairnessReasonBodySchema,
      response: { 200: cohortRunViewSchema, ...errors },
    },
    handler: async (req, reply) =>
      reply.header('cache-control', 'no-store').send(await recordFairnessReason(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
}
