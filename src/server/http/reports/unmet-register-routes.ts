import { unmetRegisterQuerySchema, unmetRegisterViewSchema } from '../../../domain/schemas/unmet-register.ts';
import { listUnmetNeedRegister } from '../../../services/reports/list-unmet-need-register.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/**
 * The unmet-need register with its notes (leads only; audited with the case ids shown). Apart
 * from the report's figures and CSV, which never carry notes. The response schema is the
 * presenter: coded fields, the case reference and the note — no names, no NHS numbers.
 */
export function registerUnmetRegisterRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/reports/unmet-need/register', {
    schema: {
      tags: ['reports'],
      summary: 'The unmet-need register with the notes recorded with each unmet need, for those allowed to read them (audited)',
      querystring: unmetRegisterQuerySchema,
      response: { 200: unmetRegisterViewSchema },
    },
    handler: async (req, reply) => {
      const view = await listUnmetNeedRegister(deps, await requireActor(req, deps, secure), req.query);
      return reply.header('cache-control', 'no-store').send(view);
    },
  });
}
