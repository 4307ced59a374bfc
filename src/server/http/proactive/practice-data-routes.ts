import { errorResponseSchema } from '../../../domain/schemas/common.ts';
import { practiceExtractListViewSchema } from '../../../domain/schemas/practice-data.ts';
import { listPracticeExtracts } from '../../../services/proactive/list-practice-extracts.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';
import { presentPracticeExtract } from './practice-data-presenters.ts';

/**
 * Practice data (issue 12): the extracts a reader may see (`practice_data:read`: a practice's
 * staff their own practice, link workers and leads the practices they cover), as summaries.
 * Importing is the operator's `linkwork practice-data import`; there is no upload route.
 */
export function registerPracticeDataRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/proactive/practice-extracts', {
    schema: {
      tags: ['proactive'],
      summary: 'Practice data extracts in your scope: practice, extract date, people and events (no person-level data)',
      response: { 200: practiceExtractListViewSchema, 403: errorResponseSchema },
    },
    handler: async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send({ extracts: (await listPracticeExtracts(deps, await requireActor(req, deps, secure))).map(presentPracticeExtract) }),
  });
}
