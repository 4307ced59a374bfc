import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, HTTP_STATUS, isAppError, toErrorBody, type ErrorCode } from '../domain/errors.ts';

/** Fastify's own error codes that are the caller's fault, mapped to our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_input',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_input',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_input',
  FST_ERR_VALIDATION: 'invalid_input',
  FST_ERR_BAD_URL: 'invalid_input',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid_input',
};

/** Turns any thrown value into a coded AppError; unknown errors become `internal`. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    for (const v of err.validation) {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(request)';
      fields[path] ??= v.message ?? 'Invalid';
    }
    return new AppError('invalid_input', 'Some of the information given is not valid', { fields });
  }
  const fe = err as Partial<FastifyError> & { statusCode?: number };
  if (typeof fe.code === 'string' && fe.code in FASTIFY_CODES) {
    const code = FASTIFY_CODES[fe.code] as ErrorCode;
    return new AppError(
      code,
      code === 'payload_too_large'
        ? 'The request body is too large'
        : code === 'unsupported_media_type'
          ? 'Send the body as application/json'
          : 'The request is malformed',
    );
  }
  if (fe.statusCode === 429) return new AppError('rate_limited', 'Too many requests. Try again later.');
  if (err instanceof SyntaxError || fe.statusCode === 400) return new AppError('invalid_input', 'The request is malformed');
  if (typeof fe.statusCode === 'number' && fe.statusCode === 413) return new AppError('payload_too_large', 'The request body is too large');
  if (typeof fe.statusCode === 'number' && fe.statusCode === 415) return new AppError('unsupported_media_type', 'Send the body as application/json');
  return new AppError('internal', 'Something went wrong on our side. It has been logged with the request id.');
}

/**
 * One error response shape for every failure. Internal errors are logged by name and code only:
 * driver messages can quote the values that failed (an NHS number, a name), so they never reach
 * the log or the caller.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.code === 'internal') {
      const e = err as { name?: unknown; code?: unknown; stack?: unknown };
      req.log.error(
        {
          errName: e.name,
          errCode: e.code,
          frames:
            typeof e.stack === 'string'
              ? e.stack
                  .split('\n')
                  .slice(1, 6)
                  .map((s) => s.trim())
              : [],
        },
        'unhandled error',
      );
    }
    if (appErr.code === 'rate_limited') {
      const retry = appErr.details?.['retryAfterSeconds'];
      if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    }
    void reply.status(HTTP_STATUS[appErr.code]).type('application/json').send(toErrorBody(appErr));
  });
}
