/**
 * Classifies free text (a link worker's note, a service description) into the needs vocabulary of
 * `needs.ts`, with a confidence and the words that triggered each need, so a person can check why.
 * Also finds the person's interests ("likes singing"), which are not needs: a phrase that is an
 * interest term and follows "likes", "enjoys", "loves", "used to"… counts as an interest only.
 *
 * How: the text and every vocabulary phrase go through the same tokeniser and stemmer
 * (`matching/text.ts`); a phrase matches where its stems occur in order with at most one other word
 * between neighbours ("husband has sadly died" still matches "husband died" — "has" and "sadly" are
 * stopwords — and "husband suddenly died" matches with one word between). Each distinct phrase adds
 * its weight (1 for a synonym, 0.35 for a weak hint); confidence = 1 − e^(−1.2 × sum), so one clear
 * phrase gives 0.70, two give 0.91 and a weak hint alone 0.34. Pure and deterministic.
 */
import { INTERESTS, NEEDS, type NeedCode } from './needs.ts';
import { lowered, stem, tokenizeLowered, type Token } from './matching/text.ts';

export interface NeedClassification {
  need: NeedCode;
  /** 0–1 */
  confidence: number;
  /** The words in the text that triggered it, as written (lower case), first seen first. */
  terms: string[];
}

export interface InterestMatch {
  interest: string;
  label: string;
  terms: string[];
}

export const STRONG_WEIGHT = 1;
export const WEAK_WEIGHT = 0.35;
const CONFIDENCE_RATE = 1.2;
/** Words between a cue ("likes") and the interest it introduces ("likes to go singing"). */
const CUE_WINDOW = 3;

interface Phrase {
  key: string;
  stems: string[];
  weight: number;
  target: string;
}

const phraseStems = (phrase: string): string[] => tokenizeLowered(lowered(phrase)).map((t) => t.stem);

function compile(entries: { target: string; phrases: readonly string[]; weight: number }[]): Map<string, Phrase[]> {
  const byFirst = new Map<string, Phrase[]>();
  const seen = new Set<string>();
  for (const e of entries) {
    for (const p of e.phrases) {
      const s = phraseStems(p);
      if (s.length === 0) continue;
      const key = s.join(' ');
      if (seen.has(`${e.target}|${key}`)) continue;
      seen.add(`${e.target}|${key}`);
      const list = byFirst.get(s[0]!) ?? [];
      list.push({ key, stems: s, weight: e.weight, target: e.target });
      byFirst.set(s[0]!, list);
    }
  }
  return byFirst;
}

const NEED_PHRASES = compile(
  NEEDS.flatMap((n) => [
    { target: n.code, phrases: [...n.synonyms], weight: STRONG_WEIGHT },
    { target: n.code, phrases: [...(n.weak ?? [])], weight: WEAK_WEIGHT },
  ]),
);
const INTEREST_PHRASES = compile(INTERESTS.map((i) => ({ target: i.code, phrases: i.terms, weight: 1 })));
const INTEREST_KEYS: ReadonlySet<string> = new Set([...INTEREST_PHRASES.values()].flat().map((p) => p.key));
const INTEREST_LABELS = new Map(INTERESTS.map((i) => [i.code, i.label]));
const NEED_ORDER = new Map(NEEDS.map((n, i) => [n.code, i]));
const CUE_STEMS: ReadonlySet<string> = new Set(
  [
    'like',
    'likes',
    'liked',
    'enjoys',
    'enjoyed',
    'enjoy',
    'loves',
    'love',
    'loved',
    'used',
    'interested',
    'interest',
    'hobby',
    'hobbies',
    'fond',
    'keen',
    'passion',
    'fan',
  ].map(stem),
);

interface PhraseHit {
  phrase: Phrase;
  start: number;
  end: number;
}

/** Every occurrence of a compiled phrase in the tokens (in order, ≤ 1 word between neighbours). */
function findPhrases(tokens: readonly Token[], phrases: Map<string, Phrase[]>): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = phrases.get(tokens[i]!.stem);
    if (candidates === undefined) continue;
    for (const phrase of candidates) {
      let pos = i;
      let ok = true;
      for (let k = 1; k < phrase.stems.length; k++) {
        const want = phrase.stems[k]!;
        if (tokens[pos + 1]?.stem === want) pos += 1;
        else if (tokens[pos + 2]?.stem === want) pos += 2;
        else {
          ok = false;
          break;
        }
      }
      if (ok) hits.push({ phrase, start: i, end: pos });
    }
  }
  return hits;
}

/** The words as written (lower case): the source text from the first to the last matched word. */
const surface = (text: string | null, tokens: readonly Token[], h: PhraseHit): string =>
  text === null
    ? tokens
        .slice(h.start, h.end + 1)
        .map((t) => t.word)
        .join(' ')
    : text.slice(tokens[h.start]!.start, tokens[h.end]!.end).replace(/\s+/g, ' ');

function cuedAsInterest(tokens: readonly Token[], start: number): boolean {
  for (let j = Math.max(0, start - CUE_WINDOW); j < start; j++) if (CUE_STEMS.has(tokens[j]!.stem)) return true;
  return false;
}

const confidenceOf = (score: number): number => Math.round((1 - Math.exp(-CONFIDENCE_RATE * score)) * 1000) / 1000;

/** Needs in already-tokenised text (lets the matcher tokenise once); `text` is what the tokens
 * were read from (`lowered`), to quote the words as written — without it they are re-joined. */
export function classifyTokens(tokens: readonly Token[], text: string | null = null): NeedClassification[] {
  const acc = new Map<NeedCode, { keys: Set<string>; score: number; terms: string[] }>();
  for (const h of findPhrases(tokens, NEED_PHRASES)) {
    if (INTEREST_KEYS.has(h.phrase.key) && cuedAsInterest(tokens, h.start)) continue;
    const need = h.phrase.target as NeedCode;
    const a = acc.get(need) ?? { keys: new Set<string>(), score: 0, terms: [] };
    acc.set(need, a);
    const term = surface(text, tokens, h);
    if (!a.terms.includes(term)) a.terms.push(term);
    if (a.keys.has(h.phrase.key)) continue;
    a.keys.add(h.phrase.key);
    a.score += h.phrase.weight;
  }
  return [...acc.entries()]
    .map(([need, a]) => ({ need, confidence: confidenceOf(a.score), terms: a.terms }))
    .sort((x, y) => y.confidence - x.confidence || NEED_ORDER.get(x.need)! - NEED_ORDER.get(y.need)!);
}

/** The needs a text speaks of, most confident first (ties in vocabulary order). */
export function classifyText(text: string): NeedClassification[] {
  const lower = lowered(text);
  return classifyTokens(tokenizeLowered(lower), lower);
}

/** Interests and activities a text mentions ("likes singing", "choir", "allotment"), in vocabulary order. */
export function findInterests(text: string): InterestMatch[] {
  const lower = lowered(text);
  const tokens = tokenizeLowered(lower);
  const acc = new Map<string, string[]>();
  for (const h of findPhrases(tokens, INTEREST_PHRASES)) {
    const terms = acc.get(h.phrase.target) ?? [];
    const term = surface(lower, tokens, h);
    if (!terms.includes(term)) terms.push(term);
    acc.set(h.phrase.target, terms);
  }
  return INTERESTS.filter((i) => acc.has(i.code)).map((i) => ({ interest: i.code, label: INTEREST_LABELS.get(i.code)!, terms: acc.get(i.code)! }));
}
