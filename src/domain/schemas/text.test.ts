import { describe, expect, it } from 'vitest';
import { cleanUnstorableText, findUnstorableText, hasUnstorableText, storableText } from './text.ts';

describe('unstorable text', () => {
  it('finds NUL and lone surrogates, and lets every other character through', () => {
    expect(hasUnstorableText('a\u0000b')).toBe(true);
    expect(hasUnstorableText('\uD800')).toBe(true);
    expect(hasUnstorableText('x\uDC00y')).toBe(true);
    expect(hasUnstorableText('\uDC00\uD800')).toBe(true);
    expect(hasUnstorableText('ok 💩 \u0001 \t\n ñ ☃ \uFFFD')).toBe(false);
  });

  it('names the path of the first bad string or key in a parsed body', () => {
    expect(findUnstorableText({ a: 'x', b: { c: ['ok', 'n\u0000'] } })).toBe('b.c.1');
    expect(findUnstorableText({ x: { ['k\u0000']: 1 } })).toBe('x.k\uFFFD');
    expect(findUnstorableText('\u0000')).toBe('');
    expect(findUnstorableText({ a: 1, b: null, c: [true, 'fine'] })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });

  it('cleans third-party text: NUL dropped, lone surrogates replaced, pairs kept', () => {
    expect(cleanUnstorableText('a\u0000b\uD800c\uDC00 💩')).toBe('ab\uFFFDc\uFFFD 💩');
    expect(cleanUnstorableText('fine')).toBe('fine');
  });

  it('gives forms a schema that refuses them', () => {
    expect(storableText().safeParse('fine').success).toBe(true);
    expect(storableText().safeParse('a\u0000').success).toBe(false);
  });
});
