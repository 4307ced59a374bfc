import { auditPageSchema, auditQuerySchema } from '../../../domain/schemas/audit.ts';
import { exportAuditEvents } from '../../../services/audit/export-audit-events.ts';
import { listAuditEvents } from '../../../services/audit/list-audit-events.ts';
import { requireActor } from '../../auth.ts';
import { presentAuditEvent } from './audit-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

export function registerAuditRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/audit-events', {
    schema: {
      tags: ['audit'],
      summary: 'Browse the audit trail, newest first (auditor, admin)',
      querystring: auditQuerySchema,
      response: { 200: auditPageSchema },
    },
    handler: async (req) => {
      const page = await listAuditEvents(deps, await requireActor(req, deps, secure), req.query);
      return { events: page.events.map(presentAuditEvent), nextBefore: page.nextBefore, personMatches: page.personMatches };
    },
  });
  app.get('/api/v1/audit-events.csv', {
    schema: {
      tags: ['audit'],
      summary: 'Export the filtered audit trail as CSV (auditor, admin)',
      querystring: auditQuerySchema.omit({ limit: true, before: true }),
    },
    handler: async (req, reply) => {
      const stream = await exportAuditEvents(deps, await requireActor(req, deps, secure), req.query);
      const day = deps.clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="linkwork-audit-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  });
}
