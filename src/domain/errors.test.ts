import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, HTTP_STATUS, isAppError, toErrorBody } from './errors.ts';

describe('HTTP_STATUS', () => {
  it('gives every error code an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = HTTP_STATUS[code];
      expect(Number.isInteger(status), code).toBe(true);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('uses 5xx only for internal and unavailable', () => {
    const serverSide = ERROR_CODES.filter((c) => HTTP_STATUS[c] >= 500);
    expect(serverSide.sort()).toEqual(['internal', 'unavailable']);
    expect(HTTP_STATUS.internal).toBe(500);
    expect(HTTP_STATUS.unavailable).toBe(503);
  });

  it('maps the common codes to their usual statuses', () => {
    expect(HTTP_STATUS.invalid_input).toBe(400);
    expect(HTTP_STATUS.unauthenticated).toBe(401);
    expect(HTTP_STATUS.forbidden).toBe(403);
    expect(HTTP_STATUS.not_found).toBe(404);
    expect(HTTP_STATUS.conflict).toBe(409);
    expect(HTTP_STATUS.rate_limited).toBe(429);
  });

  it('has no duplicate codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('AppError', () => {
  it('carries its code, message and details', () => {
    const err = new AppError('invalid_input', 'Enter a real postcode', { fields: { postcode: 'Not a valid postcode' } });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('AppError');
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('Enter a real postcode');
    expect(isAppError(err)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'invalid_input', message: 'x' })).toBe(false);
  });

  it('turns into the one wire shape, with details only when there are some', () => {
    expect(toErrorBody(new AppError('not_found', 'Not found'))).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    expect('details' in toErrorBody(new AppError('not_found', 'Not found')).error).toBe(false);
    expect(toErrorBody(new AppError('rate_limited', 'Slow down', { retryAfterSeconds: 60 }))).toEqual({
      error: { code: 'rate_limited', message: 'Slow down', details: { retryAfterSeconds: 60 } },
    });
  });
});
