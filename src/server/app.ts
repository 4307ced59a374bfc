import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import { AppError, toErrorBody } from '../domain/errors.ts';
import type { AppConfig } from '../domain/schemas/config.ts';
import type { Database } from '../db/connection.ts';
import type { ServiceDeps } from '../services/kernel/context.ts';
import { serviceDeps } from './runtime.ts';
import { installErrorHandling } from './error-handler.ts';
import { appShellFor, registerWebApp } from './web-static.ts';
import { installInputGuard } from './input-guard.ts';
import { clientErrorHandler, registerBadUrlRoutes, rewriteBadUrl } from './url-guard.ts';
import { registerAuditRoutes } from './http/audit/audit-routes.ts';
import { registerAuthRoutes } from './http/identity/auth-routes.ts';
import type { RouteContext } from './http/route-context.ts';
import { registerGeoRoutes } from './http/geo/geo-routes.ts';
import { registerOrganisationRoutes } from './http/organisations/organisation-routes.ts';
import { registerPersonRoutes } from './http/people/person-routes.ts';
import { registerUserRoutes } from './http/identity/user-routes.ts';
import { registerCaseRoutes } from './http/cases/case-routes.ts';
import { registerWorkRoutes } from './http/cases/work-routes.ts';
import { registerCommunityRoutes } from './http/community/community-routes.ts';
import { registerDirectoryRoutes } from './http/directory/directory-routes.ts';
import { registerDirectoryMatchRoutes } from './http/directory/match-routes.ts';
import { registerReferralRoutes } from './http/intake/referral-routes.ts';
import { registerOutcomeReportRoutes } from './http/outcomes/outcome-report-routes.ts';
import { registerReturnRoutes } from './http/reports/return-routes.ts';
import { registerReportRoutes } from './http/reports/report-routes.ts';
import { registerUnmetRegisterRoutes } from './http/reports/unmet-register-routes.ts';
import { registerOutreachRoutes } from './http/proactive/outreach-routes.ts';
import { registerSelfCompletionRoutes } from './http/outcomes/self-completion-routes.ts';
import { registerOutcomeRoutes } from './http/outcomes/outcome-routes.ts';
import { registerOrukRoutes } from './http/directory/oruk-routes.ts';
import { registerCohortRoutes } from './http/proactive/cohort-routes.ts';
import { registerImpactRoutes } from './http/proactive/impact-routes.ts';
import { registerPracticeDataRoutes } from './http/proactive/practice-data-routes.ts';

export interface AppDeps {
  database: Database;
  clock: Clock;
  config: AppConfig;
  /** The built web app (index.html and assets), or null to serve the API only. */
  webRoot?: string | null;
  /** Pino destination for tests that read the logs; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
}

/** Builds the Fastify app (it never listens: main.ts does, tests use inject()). */
export async function buildApp(appDeps: AppDeps): Promise<FastifyInstance> {
  const { config } = appDeps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(appDeps.logStream === undefined ? {} : { stream: appDeps.logStream }),
      // Log the route pattern, never the raw URL: a path or query can hold a postcode or name.
      serializers: {
        req: (req: { method: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? '(unmatched)' }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
    // Bad addresses and requests Node refuses get the app's error shape and headers (url-guard.ts).
    rewriteUrl: rewriteBadUrl,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: anything else is refused with 415 before any handler runs.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuard(app);
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-request-id', req.id);
    // Swagger UI sets inline styles; only its pages (no personal data) get 'unsafe-inline' styles.
    if (req.url.startsWith('/api/docs')) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') void reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    }
    if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new AppError('rate_limited', 'Too many requests. Try again later.', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }), { statusCode: 429 }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Linkwork API', description: 'Social prescribing, end to end. Errors: see docs/errors.md.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: config.cookieSecure ? '__Host-lw_session' : 'lw_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const deps: ServiceDeps = { ...serviceDeps(appDeps.database, config), clock: appDeps.clock };
  const ctx: RouteContext = { deps, secure: config.cookieSecure };

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send(toErrorBody(new AppError('unavailable', 'The database is not reachable')));
    }
  });
  registerBadUrlRoutes(app);
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  registerAuthRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerPersonRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerGeoRoutes(app, ctx);
  registerReferralRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
  registerWorkRoutes(app, ctx);
  registerCommunityRoutes(app, ctx);
  registerOutcomeReportRoutes(app, ctx);
  registerReturnRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerUnmetRegisterRoutes(app, ctx);
  registerOutreachRoutes(app, ctx);
  registerSelfCompletionRoutes(app, ctx);
  registerOutcomeRoutes(app, ctx);
  registerOrukRoutes(app, ctx);
  registerCohortRoutes(app, ctx);
  registerImpactRoutes(app, ctx);
  registerPracticeDataRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  registerDirectoryMatchRoutes(app, ctx);

  const webRoot = appDeps.webRoot ?? null;
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await registerWebApp(app, webRoot);

  app.setNotFoundHandler((req, reply) => {
    // A missing asset (an old chunk after a release, a source map) is a 404, not the app shell.
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/') && !req.url.startsWith('/healthz') && !req.url.startsWith('/assets/');
    if (hasWeb && wantsPage) {
      // Client-side routes: every page path gets the app shell, which routes in the browser.
      return reply.header('cache-control', 'no-cache').sendFile(appShellFor(webRoot, req.url));
    }
    return reply.status(404).send(toErrorBody(new AppError('not_found', `No route for ${req.method} at that address`)));
  });
  return app;
}
