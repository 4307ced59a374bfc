/**
 * Semantic bridges from a person's words to a listing's, from a general lexical resource (WordNet,
 * through the `Lexicon` port) rather than hand-written lists: "badminton" → "sport" (a broader
 * word), "exercise" → "yoga" (a kind of it), "bereaved" → "bereavement" (the same word in another
 * form), "breathlessness" → "dyspnea" (the same meaning). Pure: the lexicon is read by an adapter.
 *
 * What is kept, and why (WordNet is broad; most of it is noise for a directory):
 * - a phrase the lexicon knows ("shortness of breath", "food bank") is taken whole, and its
 *   words are not expanded one by one;
 * - only the most frequent sense of the word: "bank" is not a river bank; and no word with more
 *   than 12 senses in all, itself or its base form ("last", "set", "moved"): which one the person
 *   meant is a guess;
 * - relations and their weights (a bridged word counts this share of a word the person used):
 *   same meaning 0.7, another form (derivation, pertainym) 0.6, broader word 0.5 (two steps up
 *   0.3; three, only while every word met on the way is a phrase, 0.25), a kind of it 0.35 (nouns only, at most 25), similar adjective 0.5;
 * - never a word so general it says nothing ("entity", "activity", "person", "group"…), nor one
 *   with more than 12 senses ("widower" → "man" is true, and useless);
 * - single words only (a listing's words are matched word by word).
 * The engine keeps only bridged words the directory uses and that are not common in it, and a
 * listing counts the best of the person's word and its bridges, never both.
 */
import { stem } from './text.ts';
import type { LexPos, Lexicon } from './types.ts';

export type BridgeRelation = 'same meaning' | 'another form' | 'broader' | 'narrower';

export interface Bridge {
  /** The person's word (or phrase) as understood, e.g. "badminton". */
  from: string;
  /** The related word, e.g. "sport". */
  to: string;
  relation: BridgeRelation;
  weight: number;
}

const WEIGHT = { synonym: 0.7, form: 0.6, narrower: 0.35, similar: 0.5 } as const;
/** A broader word one, two and three steps up. */
const BROADER_WEIGHTS = [0.5, 0.3, 0.25] as const;
const MAX_NARROWER = 25;
/** Words with more senses than this, over all parts of speech, are not bridged. */
const MAX_SENSES = 12;
const SENSES: Record<LexPos, number> = { n: 1, v: 1, a: 1, r: 0 };

/** Words too general to bridge to: the upper reaches of WordNet's hierarchy and the like. */
const TOO_GENERAL = new Set(
  (
    'entity physical_entity abstraction abstract_entity object thing whole unit person individual someone somebody mortal soul human organism being ' +
    'living_thing causal_agent cause agent act deed human_action human_activity activity action event happening occurrence state condition ' +
    'group grouping attribute relation communication psychological_feature matter substance measure quantity time period location region ' +
    'area place artifact artefact instrumentality device people collection social_group organization organisation content cognition ' +
    'knowledge feeling process work use usage change make do get give take have be go come see know say way kind sort type form part ' +
    'support help service care aid assistance'
  ).split(' '),
);

/** Base forms a word may have (a light version of WordNet's morphy), the word itself first. */
export function baseForms(word: string, pos: LexPos): string[] {
  const out = [word];
  const add = (suffix: string, replacement: string): void => {
    if (word.endsWith(suffix) && word.length > suffix.length + 1) out.push(word.slice(0, -suffix.length) + replacement);
  };
  if (pos === 'n') {
    add('s', '');
    add('ses', 's');
    add('xes', 'x');
    add('zes', 'z');
    add('ches', 'ch');
    add('shes', 'sh');
    add('men', 'man');
    add('ies', 'y');
  } else if (pos === 'v') {
    add('s', '');
    add('ies', 'y');
    add('es', 'e');
    add('es', '');
    add('ed', 'e');
    add('ed', '');
    add('ing', 'e');
    add('ing', '');
    // doubled consonant: "jogging" → "jog", "stopped" → "stop"
    const m = /([bcdfgklmnprstvz])\1(ing|ed)$/.exec(word);
    if (m !== null) out.push(word.slice(0, -(m[2]!.length + 1)));
  } else if (pos === 'a') {
    add('er', '');
    add('est', '');
    add('er', 'e');
    add('est', 'e');
  }
  return [...new Set(out)];
}

/** How many senses a word has over all parts of speech. */
const sensesOf = (lexicon: Lexicon, w: string): number => (['n', 'v', 'a', 'r'] as const).reduce((sum, pos) => sum + lexicon.synsets(w, pos).length, 0);

interface Found {
  lemma: string;
  pos: LexPos;
  offsets: readonly number[];
}

/**
 * The word's senses in one part of speech: the first in which the word itself is an entry (nouns,
 * then verbs, then adjectives: a listing's meaning is mostly in its nouns, and "husband" is not
 * the verb), else the first in which a base form is ("singing" → sing, not singe: our own stem
 * is tried before WordNet's suffix rules).
 */
function lookUp(lexicon: Lexicon, word: string): Found[] {
  const order = ['n', 'v', 'a'] as const;
  // a word with many meanings in all ("last": 24, "set": over 100) is too vague to bridge; so is
  // one whose base form is ("moved": move, 26)
  if (sensesOf(lexicon, word) > MAX_SENSES || sensesOf(lexicon, stem(word)) > MAX_SENSES) return [];
  for (const pos of order) {
    const offsets = lexicon.synsets(word, pos);
    if (offsets.length > 0) return [{ lemma: word, pos, offsets: offsets.slice(0, SENSES[pos]) }];
  }
  const own = stem(word);
  for (const pos of order) {
    for (const base of [own, ...baseForms(word, pos).slice(1)]) {
      if (base === word) continue;
      const offsets = lexicon.synsets(base, pos);
      if (offsets.length > 0) return [{ lemma: base, pos, offsets: offsets.slice(0, SENSES[pos]) }];
    }
  }
  return [];
}

/**
 * The bridges for a query's words, in order (`words`: the words as typed, lower case, stopwords
 * included so that phrases such as "shortness of breath" are seen; `skip`: words not to expand,
 * such as stopwords). At most one bridge per (from, to), the strongest.
 */
export function bridgesFor(words: readonly string[], lexicon: Lexicon, skip: (word: string) => boolean): Bridge[] {
  const best = new Map<string, Bridge>();
  /** Keeps the bridge unless the word is unusable; says whether it was usable. */
  const put = (from: string, to: string, relation: BridgeRelation, weight: number): boolean => {
    const t = to.toLowerCase();
    if (t.includes('_') || t === from || TOO_GENERAL.has(t) || t.length < 3 || sensesOf(lexicon, t) > MAX_SENSES) return false;
    const key = `${from}\u0000${t}`;
    const had = best.get(key);
    if (had === undefined || had.weight < weight) best.set(key, { from, to: t, relation, weight });
    return true;
  };
  const expand = (from: string, found: readonly Found[]): void => {
    for (const f of found) {
      for (const offset of f.offsets) {
        const syn = lexicon.synset(f.pos, offset);
        if (syn === undefined) continue;
        for (const w of syn.words) if (w !== f.lemma) put(from, w, 'same meaning', WEIGHT.synonym);
        let narrower = 0;
        for (const p of syn.pointers) {
          if (p.symbol === '+' || p.symbol === '\\') {
            const target = lexicon.synset(p.pos, p.offset);
            const w = p.target > 0 ? target?.words[p.target - 1] : undefined;
            if (w !== undefined) put(from, w, 'another form', WEIGHT.form);
          } else if (p.symbol === '@' || p.symbol === '@i') {
            // up the hierarchy: one step (nouns: two; three while every word met is a phrase, as
            // in badminton → court game → athletic game → sport), stopping at anything too general
            let level = [p];
            const steps = f.pos === 'n' ? BROADER_WEIGHTS.length : 1;
            for (let depth = 0; depth < steps && level.length > 0; depth++) {
              const next: typeof level = [];
              let usable = false;
              for (const q of level) {
                const up = lexicon.synset(q.pos, q.offset);
                if (up === undefined || up.words.some((w) => TOO_GENERAL.has(w))) continue;
                for (const w of up.words) usable = put(from, w, 'broader', BROADER_WEIGHTS[depth]!) || usable;
                next.push(...up.pointers.filter((r) => r.symbol === '@' || r.symbol === '@i'));
              }
              if (depth >= 1 && usable) break;
              level = next;
            }
          } else if ((p.symbol === '~' || p.symbol === '~i') && f.pos === 'n' && narrower < MAX_NARROWER) {
            const down = lexicon.synset(p.pos, p.offset);
            for (const w of down?.words ?? []) {
              put(from, w, 'narrower', WEIGHT.narrower);
              narrower++;
            }
          } else if (p.symbol === '&' && f.pos === 'a') {
            for (const w of lexicon.synset(p.pos, p.offset)?.words ?? []) put(from, w, 'same meaning', WEIGHT.similar);
          }
        }
      }
    }
  };
  const used = new Set<number>();
  // phrases first (three words, then two), so their words are not also expanded alone
  for (const size of [3, 2]) {
    for (let i = 0; i + size <= words.length; i++) {
      if (Array.from({ length: size }, (_, k) => i + k).some((k) => used.has(k))) continue;
      const phrase = words.slice(i, i + size);
      if (skip(phrase[0]!) || skip(phrase[size - 1]!)) continue;
      const found = lookUp(lexicon, phrase.join('_'));
      if (found.length === 0) continue;
      for (let k = i; k < i + size; k++) used.add(k);
      expand(phrase.join(' '), found);
    }
  }
  words.forEach((w, i) => {
    if (used.has(i) || skip(w) || w.length < 3 || /\d/.test(w)) return;
    expand(w, lookUp(lexicon, w));
  });
  return [...best.values()];
}
