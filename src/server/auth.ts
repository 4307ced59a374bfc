import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { authenticate } from '../services/identity/authenticate.ts';
import { toActor, type AuthSession } from '../services/identity/shared/auth-session.ts';
import type { Actor, RequestMeta, ServiceDeps } from '../services/kernel/context.ts';

export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this exact origin (requires Secure, Path=/, no Domain).
  return secure ? '__Host-lw_session' : 'lw_session';
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  // No Max-Age: a browser-session cookie; the server enforces idle and absolute expiry.
  void reply.setCookie(sessionCookieName(secure), token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(sessionCookieName(secure), { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function metaOf(req: FastifyRequest): RequestMeta {
  return { requestId: req.id, ip: req.ip };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The signed-in session behind a request, or unauthenticated. Writes made with the cookie must
 * also carry the session's CSRF token in a header, which another site cannot read or set.
 */
export async function requireSession(req: FastifyRequest, deps: ServiceDeps, secure: boolean): Promise<AuthSession> {
  const token = req.cookies[sessionCookieName(secure)];
  if (token === undefined || token === '') throw new AppError('unauthenticated', 'Sign in to continue');
  const auth = await authenticate(deps, token);
  if (!SAFE_METHODS.has(req.method)) {
    const header = req.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !sameToken(header, auth.csrfToken)) {
      throw new AppError('csrf_failed', 'The request is missing its security token. Reload the page and try again.');
    }
  }
  return auth;
}

/** The actor for a request: the signed-in user, with request id and IP for the audit trail. */
export async function requireActor(req: FastifyRequest, deps: ServiceDeps, secure: boolean): Promise<Actor> {
  return toActor(await requireSession(req, deps, secure), metaOf(req));
}
