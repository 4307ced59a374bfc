import { caseParamsSchema } from '../../../domain/schemas/cases.ts';
import { recordWorkStatusBodySchema, workRecordedViewSchema } from '../../../domain/schemas/work.ts';
import { recordWorkStatus } from '../../../services/cases/record-work-status.ts';
import { requireActor } from '../../auth.ts';
import { presentWorkRecord } from './case-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** Work as a pathway on the case page: the baseline, the status at discharge, and the 13- and 26-week follow-ups. */
export function registerWorkRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.post('/api/v1/cases/:id/work', {
    schema: {
      tags: ['cases'],
      summary: 'Record work status: baseline (while supported), at discharge, or a follow-up 13 or 26 weeks after a return to work',
      params: caseParamsSchema,
      body: recordWorkStatusBodySchema,
      response: { 201: workRecordedViewSchema },
    },
    handler: async (req, reply) => {
      const r = await recordWorkStatus(deps, await requireActor(req, deps, secure), req.params.id, req.body);
      return reply.status(201).send({ caseId: r.caseId, record: presentWorkRecord(r.record) });
    },
  });
}
