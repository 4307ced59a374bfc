import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError, HTTP_STATUS, toErrorBody } from '../domain/errors.ts';

/** Longest address (path and query) the app reads; ours are far shorter. */
export const MAX_URL_LENGTH = 4096;
/** Longest path segment: Fastify's router refuses longer parameters (maxParamLength) on its own. */
export const MAX_SEGMENT_LENGTH = 200;

const MALFORMED = '/api/_/malformed-address';
const TOO_LONG = '/api/_/address-too-long';

function malformed(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * Fastify's `rewriteUrl`: an address that is too long or not valid percent-encoding is routed to
 * one of two internal routes that answer with the app's own error. Left to Fastify's router, such
 * addresses got its own error body, which quotes the address back (it can hold a postcode or a
 * name), with none of the security headers, because no hook runs for them.
 */
export function rewriteBadUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (url.length > MAX_URL_LENGTH) return TOO_LONG;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.split('/').some((s) => s.length > MAX_SEGMENT_LENGTH)) return TOO_LONG;
  if (malformed(path)) return MALFORMED;
  return url;
}

/** The two internal routes `rewriteBadUrl` sends bad addresses to; every hook (headers, request id) runs. */
export function registerBadUrlRoutes(app: FastifyInstance): void {
  const refuse = (message: string) => (_req: unknown, _reply: unknown, done: (err: Error) => void) => {
    done(new AppError('invalid_input', message));
  };
  // onRequest, so no body is read or parsed for an address that is refused anyway.
  app.all(MALFORMED, { schema: { hide: true }, onRequest: refuse('The address is malformed') }, () => ({}));
  app.all(TOO_LONG, { schema: { hide: true }, onRequest: refuse('The address is too long') }, () => ({}));
}

/** The headers a response written straight to the socket gets (helmet's hooks never run there). */
const SOCKET_HEADERS = [
  'Content-Type: application/json; charset=utf-8',
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options: nosniff',
  'X-Frame-Options: SAMEORIGIN',
  'Referrer-Policy: no-referrer',
  'Cross-Origin-Resource-Policy: same-origin',
  'Cache-Control: no-store',
  'Connection: close',
];

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses before the app sees them —
 * headers (the request line included) over Node's 16 KB limit, a request that is not HTTP — get
 * the app's error shape and security headers, not Fastify's default body. 431 stays 431 (a proxy
 * or browser understands it); the code is `invalid_input`.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The address or headers are too long']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive']
        : [HTTP_STATUS.invalid_input, 'Bad Request', 'The request is malformed'];
  const body = JSON.stringify(toErrorBody(new AppError('invalid_input', message)));
  if (socket.writable) {
    socket.write([`HTTP/1.1 ${status} ${text}`, ...SOCKET_HEADERS, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
  }
  socket.destroy(err);
}
