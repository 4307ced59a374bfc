import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.ts';
import { meSchema, type Me, type SignInBody } from '../domain/schemas/auth.ts';
import { errorResponseSchema, okSchema } from '../domain/schemas/common.ts';

/**
 * The typed client for /api/v1. Every response is checked against the shared zod schema (the same
 * one the server uses to filter it), so the pages work with real types, not hopeful casts.
 * Cookies carry the session; writes add the session's CSRF token; error bodies become ApiError.
 */

const CSRF_HEADER = 'x-csrf-token';

/** A failed API call, with the server's coded error (or a local code for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Per-field messages from `details.fields` (keys like `email` or `organisationIds.0`). */
  get fields(): Record<string, string> {
    const raw = this.details?.['fields'];
    const out: Record<string, string> = {};
    if (raw !== null && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  }

  /** Seconds until a rate-limited caller may try again, when the server said. */
  get retryAfterSeconds(): number | undefined {
    const v = this.details?.['retryAfterSeconds'];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  /** True for "you are not (or no longer) signed in". */
  get isUnauthenticated(): boolean {
    return this.status === 401 && (this.code === 'unauthenticated' || this.code === 'session_expired');
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type SessionLostListener = (err: ApiError) => void;

let csrfToken: string | null = null;
let sessionLost: SessionLostListener | null = null;

/** Remembers the CSRF token of the current session (from /me or the sign-in answer). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request that needed a session got 401: the app sends the user to sign in. */
export function onSessionLost(listener: SessionLostListener | null): void {
  sessionLost = listener;
}

const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** The call itself decides what a 401 means (sign-in, the first /me): do not report a lost session. */
  sessionOptional?: boolean;
}

/** `?a=1&b=2` for the defined, non-empty values (empty string means "no filter"). */
export function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** One typed call to /api/v1 (for the feature clients, e.g. api-cases.ts). */
export async function request<S extends z.ZodType>(schema: S, path: string, opts: RequestOptions = {}): Promise<z.output<S>> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers[CSRF_HEADER] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(opts.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'unavailable', 'Linkwork could not be reached. Check your connection and try again.');
  }

  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }

  if (!res.ok) {
    const body = errorResponseSchema.safeParse(json);
    const err = body.success
      ? new ApiError(res.status, isErrorCode(body.data.error.code) ? body.data.error.code : 'internal', body.data.error.message, body.data.error.details)
      : new ApiError(res.status, res.status === 401 ? 'unauthenticated' : 'internal', 'Something went wrong. Try again later.');
    if (err.isUnauthenticated && opts.sessionOptional !== true) sessionLost?.(err);
    throw err;
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(res.status, 'internal', 'The server sent an answer this page does not understand. Reload the page to get the latest version.');
  return parsed.data;
}

const statusSchema = z.object({ demo: z.boolean() });

/** The query key of the public deployment facts (`api.status`). */
export const statusKey = ['status'] as const;

/**
 * Signing in and out, and who is signed in. Each feature's reads and writes are in its own client
 * (features/<feature>/<feature>-api.ts), with the query keys it is cached under.
 */
export const api = {
  /** The signed-in user; 401 when there is no live session (callers decide what that means). */
  me: (opts: { sessionOptional?: boolean; signal?: AbortSignal } = {}): Promise<Me> => request(meSchema, '/me', opts),

  /** Public facts about the deployment. Answers null when the server does not offer them. */
  async status(signal?: AbortSignal): Promise<{ demo: boolean } | null> {
    try {
      return await request(statusSchema, '/status', { sessionOptional: true, signal });
    } catch (err) {
      if (isApiError(err)) return null;
      throw err;
    }
  },

  signIn: (body: SignInBody): Promise<Me> => request(meSchema, '/auth/sign-in', { method: 'POST', body, sessionOptional: true }),
  signOut: () => request(okSchema, '/auth/sign-out', { method: 'POST', sessionOptional: true }),
};
