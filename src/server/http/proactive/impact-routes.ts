import { errorResponseSchema } from '../../../domain/schemas/common.ts';
import { impactQuerySchema, impactResultSchema } from '../../../domain/schemas/impact.ts';
import { analyseImpact } from '../../../services/proactive/analyse-impact.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** Impact on GP appointments and fit notes (issue 12): aggregates only, suppressed for commissioners. */
export function registerImpactRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/proactive/impact', {
    schema: {
      tags: ['proactive'],
      summary:
        'Impact of social prescribing on GP appointments or fit notes at the practices you cover: matched controls with a bootstrap interval, before/after with its warning, n, completeness and value (lead, PCN lead, commissioner)',
      querystring: impactQuerySchema,
      response: { 200: impactResultSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    // The result is an aggregate whose fields are all releasable to anyone holding impact:view:
    // the schema is the presenter (it whitelists the fields).
    handler: async (req) => analyseImpact(deps, await requireActor(req, deps, secure), req.query),
  });
}
