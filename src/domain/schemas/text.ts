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

/** True when the text holds a character no database column can store faithfully. */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * The path (`a.b.0.c`, as field errors name fields) of the first string — or object key — inside
 * a parsed JSON value that holds an unstorable character; `''` for the value itself, null if none.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasUnstorableText(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    // A bad key is named with the bad characters replaced, so the answer never carries them back.
    const name = key.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
    const childPath = path === '' ? name : `${path}.${name}`;
    if (name !== key) return childPath;
    const found = findUnstorableText(child, childPath);
    if (found !== null) return found;
  }
  return null;
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
