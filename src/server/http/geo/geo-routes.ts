import { z } from 'zod';
import { postcodeLookupViewSchema } from '../../../domain/schemas/geo.ts';
import { lookupPostcode } from '../../../services/geo/lookup-postcode.ts';
import { requireActor } from '../../auth.ts';
import { presentPostcode } from './geo-presenters.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

export function registerGeoRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/geo/postcodes/:postcode', {
    schema: {
      tags: ['geography'],
      summary: 'Postcode → LSOA, location and IMD decile',
      params: z.strictObject({ postcode: z.string().max(16) }),
      response: { 200: postcodeLookupViewSchema },
    },
    handler: async (req) => presentPostcode(await lookupPostcode(deps, await requireActor(req, deps, secure), req.params.postcode)),
  });
}
