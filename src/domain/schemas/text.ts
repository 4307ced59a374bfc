import { z } from 'zod';

/**
 * Characters no text column can hold on both databases: NUL (PostgreSQL refuses it in `text`,
 * SQLite cuts strings at it in places) and lone UTF-16 surrogates (not Unicode: drivers silently
 * turn them into U+FFFD, so what is stored would differ from what was sent).
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The message a field with such a character gets (it never quotes the value). */
export const UNSTORABLE_TEXT_MESSAGE = 'Contains a character that cannot be stored (a NUL or a broken character). Remove it and try again.';

// Cheap first look: almost no text holds a NUL or any surrogate at all.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** True when the text holds a character no database column can store faithfully. */
export function hasUnstorableText(text: string): boolean {
  return SUSPECT.test(text) && UNSTORABLE.test(text);
}

/** The path segments to the first bad string or key, innermost last; null if none. */
function findPath(value: unknown): string[] | null {
  if (typeof value === 'string') return hasUnstorableText(value) ? [] : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPath(value[i]);
      if (found !== null) return [String(i), ...found];
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    // A bad key is named with the bad characters replaced, so the answer never carries them back.
    if (hasUnstorableText(key)) return [key.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD')];
    const found = findPath((value as Record<string, unknown>)[key]);
    if (found !== null) return [key, ...found];
  }
  return null;
}

/**
 * The path (`a.b.0.c`, as field errors name fields) of the first string — or object key — inside
 * a parsed JSON value that holds an unstorable character; `''` for the value itself, null if none.
 * Paths are built only on a hit: a 1 MB body without one is a plain walk.
 */
export function findUnstorableText(value: unknown): string | null {
  const path = findPath(value);
  return path === null ? null : path.join('.');
}

/**
 * The text with NUL removed and lone surrogates replaced by U+FFFD: for third-party data (a
 * directory feed) where one stray character should not refuse a whole import.
 */
export function cleanUnstorableText(text: string): string {
  if (!hasUnstorableText(text)) return text;
  return text.replace(new RegExp(UNSTORABLE.source, 'g'), (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** A string schema that refuses unstorable characters, for fields outside the HTTP edge (forms, files). */
export const storableText = () => z.string().refine((s) => !hasUnstorableText(s), { message: UNSTORABLE_TEXT_MESSAGE });
