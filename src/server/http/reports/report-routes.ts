import { REPORT_NAMES, REPORTS } from '../../../domain/insight/reports.ts';
import { headlinesViewSchema, reportQuerySchema, reportViewSchema } from '../../../domain/schemas/reports.ts';
import { getHeadlines } from '../../../services/reports/get-headlines.ts';
import { exportReportCsv } from '../../../services/reports/export-report-csv.ts';
import { viewReport } from '../../../services/reports/view-report.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/**
 * The insight reports (issue 11), each as JSON and as tidy CSV. One pair of routes per report, so
 * each is named in the OpenAPI document. The response schema is the presenter: figures, their
 * definitions and labels of organisations and link workers — aggregates only.
 */
export function registerReportRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/reports/headlines', {
    schema: {
      tags: ['reports'],
      summary: 'The headline figures of the period for a PCN lead’s or commissioner’s home page, each from its report',
      querystring: reportQuerySchema,
      response: { 200: headlinesViewSchema },
    },
    handler: async (req) => getHeadlines(deps, await requireActor(req, deps, secure), req.query),
  });
  for (const name of REPORT_NAMES) {
    const def = REPORTS[name];
    app.get(`/api/v1/reports/${name}`, {
      schema: { tags: ['reports'], summary: `${def.title}: ${def.summary}`, querystring: reportQuerySchema, response: { 200: reportViewSchema } },
      handler: async (req) => viewReport(deps, await requireActor(req, deps, secure), name, req.query),
    });
    app.get(`/api/v1/reports/${name}.csv`, {
      schema: {
        tags: ['reports'],
        summary: `${def.title} as tidy CSV, one statistic per row (suppressed for commissioners and in PCN leads' exports)`,
        querystring: reportQuerySchema,
      },
      handler: async (req, reply) => {
        const { csv, disclosure, period } = await exportReportCsv(deps, await requireActor(req, deps, secure), name, req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="linkwork-${name}-${period.replace(/[^0-9A-Za-z-]/g, '_')}-${disclosure}.csv"`)
          .header('cache-control', 'no-store')
          .send(csv);
      },
    });
  }
}
