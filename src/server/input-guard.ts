import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../domain/schemas/text.ts';

/**
 * Refuses, before any route's validation or handler, a request whose path parameters, query or
 * JSON body hold a character no text column can store (NUL, a lone surrogate). One hook covers
 * every route — public ones too — so no field can be forgotten: without it PostgreSQL answered a
 * NUL with a driver error (500) on every free-text field. The field is named; the value is not.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    // An unknown address stores nothing: it answers not_found whatever its characters.
    if (req.is404) {
      done();
      return;
    }
    for (const part of [req.params, req.query, req.body]) {
      const path = findUnstorableText(part);
      if (path !== null) {
        done(
          new AppError('invalid_input', 'Some of the information given is not valid', {
            fields: { [path === '' ? '(request)' : path]: UNSTORABLE_TEXT_MESSAGE },
          }),
        );
        return;
      }
    }
    done();
  });
}
