import { describe, expect, it } from 'vitest';
import { baseForms, bridgesFor } from './bridges.ts';
import { STOPWORDS } from './text.ts';
import type { LexSynset, Lexicon } from './types.ts';

/** A lexicon in WordNet's shape, small enough to read: offsets are keys of SYNSETS. */
const SYNSETS: Record<number, LexSynset> = {
  1: { words: ['shortness_of_breath', 'breathlessness'], pointers: [{ symbol: '@', pos: 'n', offset: 2, target: 0 }] },
  2: { words: ['symptom'], pointers: [{ symbol: '@', pos: 'n', offset: 90, target: 0 }] },
  90: { words: ['entity'], pointers: [] },
  3: { words: ['breath'], pointers: [] },
  4: { words: ['husband', 'hubby'], pointers: [{ symbol: '@', pos: 'n', offset: 5, target: 0 }] },
  5: { words: ['spouse', 'partner'], pointers: [{ symbol: '@', pos: 'n', offset: 91, target: 0 }] },
  91: { words: ['person', 'individual'], pointers: [] },
  6: { words: ['conserve', 'husband'], pointers: [] },
  7: { words: ['sing'], pointers: [{ symbol: '+', pos: 'n', offset: 8, target: 1 }] },
  8: { words: ['singer', 'vocalist'], pointers: [] },
  10: { words: ['singe'], pointers: [] },
};
const INDEX: Record<string, Partial<Record<'n' | 'v' | 'a' | 'r', number[]>>> = {
  shortness_of_breath: { n: [1] },
  breath: { n: [3] },
  husband: { n: [4], v: [6] },
  sing: { v: [7] },
  singe: { v: [10] },
};
const lexicon: Lexicon = { synsets: (lemma, pos) => INDEX[lemma]?.[pos] ?? [], synset: (_pos, offset) => SYNSETS[offset] };
const skip = (w: string): boolean => STOPWORDS.has(w);
const pairs = (text: string): string[] => bridgesFor(text.split(' '), lexicon, skip).map((b) => `${b.from}>${b.to}:${b.relation}:${b.weight}`);

describe('bridges from a general lexicon', () => {
  it('takes a phrase the lexicon knows whole, and does not expand its words alone', () => {
    expect(pairs('shortness of breath')).toEqual(['shortness of breath>breathlessness:same meaning:0.7', 'shortness of breath>symptom:broader:0.5']);
  });
  it('reads the noun before the verb ("husband" is not "conserve"), two steps up, never to a word too general', () => {
    expect(pairs('her husband')).toEqual(['husband>hubby:same meaning:0.7', 'husband>spouse:broader:0.5', 'husband>partner:broader:0.5']);
  });
  it('finds the base form by the project’s own stem before suffix rules ("singing" → sing, not singe), with its other forms', () => {
    expect(pairs('singing')).toEqual(['singing>singer:another form:0.6']);
  });
  it('skips what it is told to (stopwords) and words it does not know', () => {
    expect(pairs('the zzzz')).toEqual([]);
  });
  it('base forms: a light morphy', () => {
    expect(baseForms('classes', 'n')).toContain('class');
    expect(baseForms('women', 'n')).toContain('woman');
    expect(baseForms('jogging', 'v')).toContain('jog');
    expect(baseForms('hoped', 'v')).toContain('hope');
  });
});
