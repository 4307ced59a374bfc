/**
 * Text handling shared by the needs classifier and the matching engine: one tokeniser and one
 * light stemmer, so a phrase in the vocabulary, a service description and a link worker's words
 * are reduced the same way ("lonely"/"loneliness" → "loneli", "bills" → "bill", "caring" → "care",
 * "isolated"/"isolation" → "isolate"). Pure.
 *
 * The stemmer is Porter's steps 1a–1c (plurals, -ed/-ing, y→i) plus a few derivational endings
 * (-ation, -ness, -fulness) — enough for plurals and simple variants without the over-stemming of
 * the full algorithm ("university"/"universe").
 */

/** Function words dropped before phrase matching and retrieval. "no", "not", "on", "own", "alone",
 * "after", "lost" and "can't" carry meaning in the needs vocabulary, so they stay. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'my',
  'his',
  'her',
  'hers',
  'their',
  'our',
  'your',
  'its',
  'of',
  'to',
  'and',
  'or',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'am',
  'has',
  'have',
  'had',
  'having',
  'with',
  'at',
  'in',
  'for',
  'that',
  'this',
  'these',
  'those',
  'he',
  'she',
  'they',
  'i',
  'me',
  'him',
  'them',
  'we',
  'us',
  'it',
  'very',
  'really',
  'just',
  'so',
  'also',
  'who',
  'which',
  'from',
  'by',
  'as',
  'do',
  'does',
  'did',
  'will',
  'would',
  'could',
  'should',
  'there',
  'here',
  'than',
  'then',
  'into',
  'about',
  'some',
  'any',
  'all',
  'more',
  'most',
  'other',
  'such',
  'what',
  'when',
  'where',
  'how',
  'if',
  'but',
  'because',
  'while',
  'recently',
  'sadly',
  'quite',
  'bit',
  'lot',
  'lots',
  'get',
  'got',
  'getting',
  'now',
  'still',
  'since',
  'www',
  'http',
  'https',
  'com',
  'org',
  'uk',
  'nbsp',
  'amp',
]);

const CONTRACTIONS: ReadonlyMap<string, string> = new Map([
  ['cannot', 'cant'],
  ["can't", 'cant'],
  ["won't", 'wont'],
  ["don't", 'dont'],
  ["doesn't", 'doesnt'],
  ["isn't", 'isnt'],
  ["couldn't", 'couldnt'],
  ["didn't", 'didnt'],
  ["hasn't", 'hasnt'],
  ["haven't", 'havent'],
  ["i'm", 'im'],
  ["she's", 'she'],
  ["he's", 'he'],
  ["they're", 'they'],
  ["it's", 'it'],
]);

const isVowelAt = (w: string, i: number): boolean => {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return true;
  return c === 'y' && i > 0 && !isVowelAt(w, i - 1);
};

/** Porter's measure m: the number of vowel–consonant sequences. */
function measure(w: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < w.length; i++) {
    const v = isVowelAt(w, i);
    if (!v && prevVowel) m++;
    prevVowel = v;
  }
  return m;
}

const hasVowel = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) if (isVowelAt(w, i)) return true;
  return false;
};

/** consonant–vowel–consonant at the end, last not w, x or y (Porter's *o). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const last = w[n - 1]!;
  return !isVowelAt(w, n - 1) && isVowelAt(w, n - 2) && !isVowelAt(w, n - 3) && last !== 'w' && last !== 'x' && last !== 'y';
}

const endsDoubleConsonant = (w: string): boolean => {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && !isVowelAt(w, n - 1);
};

const memo = new Map<string, string>();
const MEMO_LIMIT = 400_000;

/** Light stemmer (see the module comment). Words of three letters or fewer are kept as they are.
 * Memoised: a directory's vocabulary is small next to its word count. */
export function stem(word: string): string {
  const known = memo.get(word);
  if (known !== undefined) return known;
  const s = stemUncached(word);
  if (memo.size < MEMO_LIMIT) memo.set(word, s);
  return s;
}

function stemUncached(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  // 1a: plurals
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    /* keep */
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // 1b: -eed, -ed, -ing
  let removed = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2)) && w.length > 4) {
    w = w.slice(0, -2);
    removed = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3)) && w.length > 5) {
    w = w.slice(0, -3);
    removed = true;
  }
  if (removed) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (endsDoubleConsonant(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  // 1c: y → i
  if (w.endsWith('y') && w.length > 2 && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i';
  // a few derivational endings
  if (w.endsWith('fulness') && measure(w.slice(0, -7)) > 0) w = w.slice(0, -4);
  else if (w.endsWith('ational') && measure(w.slice(0, -7)) > 0) w = w.slice(0, -5) + 'e';
  else if (w.endsWith('ation') && measure(w.slice(0, -5)) > 0) w = w.slice(0, -3) + 'e';
  else if (w.endsWith('ness') && measure(w.slice(0, -4)) > 0) w = w.slice(0, -4);
  return w;
}

/** One word of a text: its surface form (lower case), its stem, and where it is in `lowered(text)`. */
export interface Token {
  word: string;
  stem: string;
  start: number;
  end: number;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/** The text as the tokeniser reads it: lower case, curly quotes straightened, accents removed. */
export function lowered(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Lower-cases, splits into words, folds contractions and drops stopwords. Keeps order. */
export function tokenize(text: string): Token[] {
  return tokenizeLowered(lowered(text));
}

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isAlpha = (c: number): boolean => c >= 97 && c <= 122;
const APOSTROPHE = 39;

/**
 * Calls `onWord` with where each raw word of `lower` (text already passed through `lowered`) starts
 * and ends, in order: a run of letters and digits, with an apostrophe part such as "can't" or
 * "mum's" kept on. A
 * hand-rolled scanner: the index reads millions of words, and this is several times faster than a
 * global regex. `foldWord` turns a raw word into the word the tokeniser keeps.
 */
export function scanWords(lower: string, onWord: (start: number, end: number) => void): void {
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAlnum(lower.charCodeAt(i))) i++;
    if (i + 1 < n && lower.charCodeAt(i) === APOSTROPHE && isAlpha(lower.charCodeAt(i + 1))) {
      i++;
      while (i < n && isAlpha(lower.charCodeAt(i))) i++;
    }
    onWord(start, i);
  }
}

/** The word a raw word from `scanWords` stands for (contractions folded: "can't" → "cant",
 * "mum's" → "mum"), or null for a stopword. */
export function foldWord(raw: string): string | null {
  let word = raw;
  if (raw.includes("'")) {
    const folded = CONTRACTIONS.get(raw);
    if (folded !== undefined) word = folded;
    else if (raw.endsWith("'s")) word = raw.slice(0, -2);
    else word = raw.replace(/'/g, '');
  } else if (raw === 'cannot') word = 'cant';
  return STOPWORDS.has(word) ? null : word;
}

/** `tokenize` for text already passed through `lowered`. */
export function tokenizeLowered(lower: string): Token[] {
  const out: Token[] = [];
  scanWords(lower, (start, end) => {
    const word = foldWord(lower.slice(start, end));
    if (word !== null) out.push({ word, stem: stem(word), start, end });
  });
  return out;
}

/** The stems of a text, in order (stopwords dropped). */
export function stems(text: string): string[] {
  return tokenize(text).map((t) => t.stem);
}
