import { z } from 'zod';
import { meSchema, signInBodySchema } from '../../../domain/schemas/auth.ts';
import { errorResponseSchema, okSchema } from '../../../domain/schemas/common.ts';
import { getMe } from '../../../services/identity/get-me.ts';
import { authenticate } from '../../../services/identity/authenticate.ts';
import { signIn } from '../../../services/identity/sign-in.ts';
import { signOut } from '../../../services/identity/sign-out.ts';
import { clearSessionCookie, metaOf, requireSession, setSessionCookie } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

export function registerAuthRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.get('/api/v1/status', {
    schema: {
      tags: ['auth'],
      summary: 'Public facts the sign-in page needs (no sign-in required)',
      response: { 200: z.object({ service: z.literal('linkwork'), demo: z.boolean() }) },
    },
    handler: () => ({ service: 'linkwork' as const, demo: deps.config.demo }),
  });

  app.post('/api/v1/auth/sign-in', {
    // Per-IP limit on top of the per-account lock-out in the sign-in use case.
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      body: signInBodySchema,
      response: { 200: meSchema, 401: errorResponseSchema, 429: errorResponseSchema },
    },
    handler: async (req, reply) => {
      const signed = await signIn(deps, req.body, metaOf(req));
      setSessionCookie(reply, signed.token, secure);
      return getMe(deps, await authenticate(deps, signed.token));
    },
  });

  app.post('/api/v1/auth/sign-out', {
    schema: { tags: ['auth'], summary: 'End the current session', response: { 200: okSchema } },
    handler: async (req, reply) => {
      const auth = await requireSession(req, deps, secure);
      await signOut(deps, auth, metaOf(req));
      clearSessionCookie(reply, secure);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user, role, permissions and scope', response: { 200: meSchema, 401: errorResponseSchema } },
    handler: async (req) => getMe(deps, await requireSession(req, deps, secure)),
  });
}
