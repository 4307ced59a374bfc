import { quarterlyReturnQuerySchema } from '../../../domain/insight/quarterly-return.ts';
import { generateQuarterlyReturn } from '../../../services/reports/generate-quarterly-return.ts';
import { returnCsv } from '../../../services/reports/shared/return-csv.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

const fileName = (period: string, deployment: string, ext: string) => `linkwork-return-${period}-${deployment.replace(/[^0-9A-Za-z._-]/g, '_')}.${ext}`;

/**
 * The federated quarterly return (PCN leads and commissioners), as a JSON file and as tidy CSV,
 * always suppressed. There is no zod response schema: the use case has already checked the
 * return against its JSON Schema (docs/schemas/quarterly-return.v1.schema.json), which admits no
 * field beyond those it names, and the body is sent as that checked JSON.
 */
export function registerReturnRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/reports/return', {
    schema: {
      tags: ['reports'],
      summary: 'The quarterly return: every report of a complete quarter, suppressed, in PRSB-aligned sections (docs/schemas/quarterly-return.v1.schema.json)',
      querystring: quarterlyReturnQuerySchema,
    },
    handler: async (req, reply) => {
      const r = await generateQuarterlyReturn(deps, await requireActor(req, deps, secure), req.query);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(r.period, r.deployment.id, 'json')}"`)
        .header('cache-control', 'no-store')
        .send(`${JSON.stringify(r, null, 2)}\n`);
    },
  });
  app.get('/api/v1/reports/return.csv', {
    schema: {
      tags: ['reports'],
      summary: 'The quarterly return as tidy CSV, one statistic per row with its section and report',
      querystring: quarterlyReturnQuerySchema,
    },
    handler: async (req, reply) => {
      const r = await generateQuarterlyReturn(deps, await requireActor(req, deps, secure), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(r.period, r.deployment.id, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(returnCsv(r));
    },
  });
}
