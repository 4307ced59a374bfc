import type { z } from 'zod';
import type { ApiError } from '../api.ts';
import type { FieldError } from './kit.tsx';

/**
 * Form errors, from either side: the shared zod schema run in the browser, or the server's
 * `details.fields` (keys are paths such as `email` or `organisationIds.0`). `fieldIds` maps a
 * field's first path segment to the id of its input; the order of `fieldIds` is the order of the
 * form, which the error summary follows.
 */
export function fieldErrorsFromZod(error: z.ZodError, fieldIds: Record<string, string>): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const first = String(issue.path[0] ?? '');
    if (!byField.has(first)) byField.set(first, issue.message);
  }
  return ordered(byField, fieldIds);
}

export function fieldErrorsFromApi(err: ApiError, fieldIds: Record<string, string>): FieldError[] {
  const byField = new Map<string, string>();
  for (const [path, message] of Object.entries(err.fields)) {
    const first = path.split('.')[0] ?? path;
    if (!byField.has(first)) byField.set(first, message);
  }
  const out = ordered(byField, fieldIds);
  // A refusal that names no field of this form still has to be shown.
  return out.length > 0 ? out : [{ id: Object.values(fieldIds)[0] ?? 'maincontent', message: err.message }];
}

function ordered(byField: Map<string, string>, fieldIds: Record<string, string>): FieldError[] {
  const out: FieldError[] = [];
  for (const [field, id] of Object.entries(fieldIds)) {
    const message = byField.get(field);
    if (message !== undefined) out.push({ id, message });
  }
  // Anything the form has no input for goes to its first field, so nothing is silently dropped.
  const firstId = Object.values(fieldIds)[0];
  for (const [field, message] of byField) {
    if (!(field in fieldIds) && firstId !== undefined) out.push({ id: firstId, message });
  }
  return out;
}

/** The message for one field id, for the inline error under its input. */
export function errorFor(errors: readonly FieldError[], id: string): string | undefined {
  return errors.find((e) => e.id === id)?.message;
}
