import { outcomeReportQuerySchema, outcomeReportSchema } from '../../../domain/schemas/outcome-reports.ts';
import { analyseOutcomes } from '../../../services/outcomes/analyse-outcomes.ts';
import { exportOutcomesCsv } from '../../../services/outcomes/export-outcomes-csv.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/**
 * Cohort outcome analysis (lead, PCN lead, commissioner): pre/post statistics for one instrument,
 * filtered by period, PCN, practice, link worker and need; suppressed for commissioners. The
 * response schema is the presenter: it lists every field that may leave (aggregates only).
 */
export function registerOutcomeReportRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/reports/outcomes', {
    schema: {
      tags: ['reports'],
      summary: 'Cohort outcome analysis: follow-up rate, mean change with 95% CI, d_z, Wilcoxon, meaningful change, attrition, band transitions',
      querystring: outcomeReportQuerySchema,
      response: { 200: outcomeReportSchema },
    },
    handler: async (req) => analyseOutcomes(deps, await requireActor(req, deps, secure), req.query),
  });
  app.get('/api/v1/reports/outcomes.csv', {
    schema: {
      tags: ['reports'],
      summary: 'The cohort outcome analysis as CSV, one statistic per row (suppressed for commissioners and PCN leads)',
      querystring: outcomeReportQuerySchema,
    },
    handler: async (req, reply) => {
      const { csv, disclosure } = await exportOutcomesCsv(deps, await requireActor(req, deps, secure), req.query);
      const day = deps.clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="linkwork-outcomes-${req.query.instrument}-${disclosure}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
}
