import { z } from 'zod';
import { idSchema } from '../../../domain/schemas/common.ts';
import {
  correctNeedsBodySchema,
  directoryListQuerySchema,
  directoryListViewSchema,
  editListQuerySchema,
  problemListQuerySchema,
  rejectEditBodySchema,
  reportProblemBodySchema,
  serviceDetailViewSchema,
  serviceEditViewSchema,
  serviceProblemViewSchema,
  updateServiceBodySchema,
  updateServiceResultViewSchema,
} from '../../../domain/schemas/directory.ts';
import { approveServiceEdit } from '../../../services/directory/approve-service-edit.ts';
import { archiveService } from '../../../services/directory/archive-service.ts';
import { correctServiceNeeds } from '../../../services/directory/correct-service-needs.ts';
import { getService } from '../../../services/directory/get-service.ts';
import { listDirectory } from '../../../services/directory/list-directory.ts';
import { listServiceEdits } from '../../../services/directory/list-service-edits.ts';
import { listServiceProblems } from '../../../services/directory/list-service-problems.ts';
import { rejectServiceEdit } from '../../../services/directory/reject-service-edit.ts';
import { reportServiceProblem } from '../../../services/directory/report-service-problem.ts';
import { resolveServiceProblem } from '../../../services/directory/resolve-service-problem.ts';
import { restoreService } from '../../../services/directory/restore-service.ts';
import { updateService } from '../../../services/directory/update-service.ts';
import { verifyService } from '../../../services/directory/verify-service.ts';
import { requireActor } from '../../auth.ts';
import { presentDirectoryItem, presentServiceDetail, presentServiceEdit, presentServiceProblem, presentUpdateResult } from './directory-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const idParams = z.strictObject({ id: idSchema });
const TAG = ['directory'];

/** Directory curation and freshness: the staff directory, a listing's page, owners' edits, approval, problems. */
export function registerDirectoryRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/directory/services', {
    schema: {
      tags: TAG,
      summary: 'The directory for staff: search and filter listings (need, capacity, stale, own, archived), with freshness and open problems',
      querystring: directoryListQuerySchema,
      response: { 200: directoryListViewSchema },
    },
    handler: async (req) => {
      const page = await listDirectory(deps, await requireActor(req, deps, secure), req.query);
      return { services: page.items.map(presentDirectoryItem), total: page.total, staleMonths: page.staleMonths };
    },
  });
  app.get('/api/v1/services/:id', {
    schema: {
      tags: TAG,
      summary:
        'A listing in full: details, capacity, waiting time, last verified and stale, needs with confidence and trigger words, open problems, held edit, source',
      params: idParams,
      response: { 200: serviceDetailViewSchema },
    },
    handler: async (req) => presentServiceDetail(await getService(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.patch('/api/v1/services/:id', {
    schema: {
      tags: TAG,
      summary:
        "Change a listing (its organisation's providers; leads, admins). Live, or held for a lead's approval when so configured (capacity and waiting time always live). `expectedVersion` as last read",
      params: idParams,
      body: updateServiceBodySchema,
      response: { 200: updateServiceResultViewSchema },
    },
    handler: async (req) => presentUpdateResult(await updateService(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
  app.put('/api/v1/services/:id/needs', {
    schema: {
      tags: TAG,
      summary: "Correct a listing's needs (marked 'corrected': an import never overwrites them)",
      params: idParams,
      body: correctNeedsBodySchema,
      response: { 200: updateServiceResultViewSchema },
    },
    handler: async (req) => presentUpdateResult(await correctServiceNeeds(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
  for (const [path, run, summary] of [
    ['verify', verifyService, 'Confirm the listing is still right (last verified: now, by you)'],
    ['archive', archiveService, 'Archive the listing (out of the directory, matching and /oruk; kept for history)'],
    ['restore', restoreService, 'Bring an archived listing back'],
  ] as const) {
    app.post(`/api/v1/services/:id/${path}`, {
      schema: { tags: TAG, summary, params: idParams, response: { 200: serviceDetailViewSchema } },
      handler: async (req) => presentServiceDetail(await run(deps, await requireActor(req, deps, secure), req.params.id)),
    });
  }

  app.post('/api/v1/services/:id/problems', {
    schema: {
      tags: TAG,
      summary: 'Report a problem with a listing in one click (link workers, leads); queued for its owner',
      params: idParams,
      body: reportProblemBodySchema,
      response: { 201: serviceProblemViewSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(presentServiceProblem(await reportServiceProblem(deps, await requireActor(req, deps, secure), req.params.id, req.body))),
  });
  app.get('/api/v1/service-problems', {
    schema: {
      tags: TAG,
      summary: "Reported problems: a provider's own listings', or all (leads, admins); open ones oldest first",
      querystring: problemListQuerySchema,
      response: { 200: z.object({ problems: z.array(serviceProblemViewSchema) }) },
    },
    handler: async (req) => ({ problems: (await listServiceProblems(deps, await requireActor(req, deps, secure), req.query)).map(presentServiceProblem) }),
  });
  app.post('/api/v1/service-problems/:id/resolve', {
    schema: {
      tags: TAG,
      summary: 'Mark a reported problem dealt with (the listing’s owner, leads, admins)',
      params: idParams,
      response: { 200: serviceProblemViewSchema },
    },
    handler: async (req) => presentServiceProblem(await resolveServiceProblem(deps, await requireActor(req, deps, secure), req.params.id)),
  });

  app.get('/api/v1/service-edits', {
    schema: {
      tags: TAG,
      summary: 'The approval queue: listing edits held for a lead, with the values they would replace',
      querystring: editListQuerySchema,
      response: { 200: z.object({ edits: z.array(serviceEditViewSchema) }) },
    },
    handler: async (req) => ({ edits: (await listServiceEdits(deps, await requireActor(req, deps, secure), req.query)).map(presentServiceEdit) }),
  });
  app.post('/api/v1/service-edits/:id/approve', {
    schema: {
      tags: TAG,
      summary: 'Approve a held edit: it goes live (409 conflict if the listing changed since)',
      params: idParams,
      response: { 200: serviceEditViewSchema },
    },
    handler: async (req) => presentServiceEdit(await approveServiceEdit(deps, await requireActor(req, deps, secure), req.params.id)),
  });
  app.post('/api/v1/service-edits/:id/reject', {
    schema: {
      tags: TAG,
      summary: 'Turn down a held edit, with a reason the owner sees',
      params: idParams,
      body: rejectEditBodySchema,
      response: { 200: serviceEditViewSchema },
    },
    handler: async (req) => presentServiceEdit(await rejectServiceEdit(deps, await requireActor(req, deps, secure), req.params.id, req.body)),
  });
}
