import { describe, expect, it } from 'vitest';
import { classifyText, findInterests } from './needs-classifier.ts';
import { NEEDS } from './needs.ts';
import { stem, tokenize } from './matching/text.ts';

const needsOf = (text: string): string[] => classifyText(text).map((c) => c.need);
const top = (text: string) => classifyText(text)[0];

describe('stemming and tokenising', () => {
  it('reduces plurals and simple variants to one stem', () => {
    expect(stem('lonely')).toBe(stem('loneliness'));
    expect(stem('bills')).toBe(stem('bill'));
    expect(stem('isolated')).toBe(stem('isolation'));
    expect(stem('caring')).toBe(stem('care'));
    expect(stem('gardening')).toBe('garden');
    expect(stem('families')).toBe(stem('family'));
    expect(stem('swimming')).toBe('swim');
  });
  it('folds contractions and curly apostrophes, drops stopwords', () => {
    expect(tokenize('She can’t pay the bills').map((t) => t.stem)).toEqual(['cant', 'pay', 'bill']);
    expect(tokenize('cannot').map((t) => t.word)).toEqual(['cant']);
  });
});

describe('classifyText', () => {
  it('hears bereavement and loneliness in lay words, and singing as an interest not a need', () => {
    const r = classifyText('lonely since her husband died, likes singing');
    expect(r.map((c) => c.need).sort()).toEqual(['bereavement', 'loneliness']);
    expect(r.find((c) => c.need === 'bereavement')!.terms).toContain('husband died');
    expect(findInterests('lonely since her husband died, likes singing').map((i) => i.interest)).toEqual(['singing']);
  });
  it('matches phrases across stopwords and one extra word ("wife has sadly died", "husband suddenly died")', () => {
    expect(needsOf('his wife has sadly died')).toContain('bereavement');
    expect(needsOf('her husband suddenly died')).toContain('bereavement');
    expect(needsOf('husband is fine, she died')).not.toContain('loneliness');
  });
  it('money: "can\'t pay the bills" and variants → debt; gas bill → fuel poverty', () => {
    expect(top("can't pay the bills")!.need).toBe('debt');
    expect(top('cannot pay bills')!.need).toBe('debt');
    expect(needsOf("can't pay the gas bill, two kids")).toEqual(expect.arrayContaining(['debt', 'fuel_poverty']));
  });
  it('work after injury, confidence after stroke', () => {
    expect(needsOf('wants to get back to work after a back injury')).toEqual(expect.arrayContaining(['employment', 'long_term_condition']));
    expect(needsOf('retired man, lost confidence after stroke')).toEqual(expect.arrayContaining(['confidence', 'long_term_condition']));
  });
  it('an interest after a cue is not a need; the same word without a cue is', () => {
    expect(needsOf('likes walking')).not.toContain('physical_activity');
    expect(findInterests('likes walking').map((i) => i.interest)).toEqual(['walking']);
    expect(needsOf('a walking group for health')).toContain('physical_activity');
    // a cue before a non-interest need does not hide it
    expect(needsOf('would like to lose weight')).toContain('weight');
  });
  it('confidence grows with evidence; a weak hint alone stays low', () => {
    const one = classifyText('she is lonely')[0]!.confidence;
    const two = classifyText('she is lonely and isolated')[0]!.confidence;
    expect(one).toBeCloseTo(0.699, 2);
    expect(two).toBeGreaterThan(one);
    const weak = classifyText('two kids').find((c) => c.need === 'parenting')!;
    expect(weak.confidence).toBeLessThan(0.4);
    expect(weak.terms).toEqual(['kids']);
  });
  it('classifies professional service wording', () => {
    expect(top('A befriending service for older people who are socially isolated')!.need).toBe('loneliness');
    expect(needsOf('Free, confidential debt advice and welfare benefits checks')).toEqual(expect.arrayContaining(['debt', 'benefits']));
    expect(needsOf('Weekly memory cafe for people living with dementia and their carers')).toEqual(expect.arrayContaining(['dementia_memory', 'carer_strain']));
  });
  it('returns nothing for text with no need and is deterministic in order', () => {
    expect(classifyText('')).toEqual([]);
    expect(classifyText('the quick brown fox')).toEqual([]);
    expect(classifyText('isolated and in debt')).toEqual(classifyText('isolated and in debt'));
  });
  it('every vocabulary phrase classifies to its own need', () => {
    for (const n of NEEDS) for (const s of n.synonyms) expect(needsOf(s), `${n.code}: ${s}`).toContain(n.code);
  });
});

describe('the vocabulary does not collapse into single everyday words', () => {
  // A phrase whose other words are stopwords is matched as its one remaining word: "move more" was
  // "move" (so "moved to Hebden Bridge" read as physical activity), "getting to appointments" was
  // "appointments" (so "she misses her appointments" read as transport). These few are meant.
  const MEANT = new Set([
    'drop in',
    'get together',
    'death of',
    'in debt',
    'get fitter',
    'me cfs',
    'recovery from',
    'in recovery',
    'caring for',
    'cares for',
    'into work',
    'get online',
    'hits her',
    'hits him',
  ]);
  it('every phrase of two or more words keeps two or more words after stopwords, or is listed as meant', () => {
    const collapsed: string[] = [];
    for (const n of NEEDS)
      for (const p of [...n.synonyms, ...(n.weak ?? [])])
        if (p.trim().split(/\s+/).length >= 2 && tokenize(p).length === 1 && !MEANT.has(p)) collapsed.push(`${n.code}: ${p}`);
    expect(collapsed).toEqual([]);
  });
  it('reads no need into moving house to a place, or into missing appointments', () => {
    expect(classifyText('lonely widower, moved to Hebden Bridge last year').map((c) => c.need)).not.toContain('physical_activity');
    expect(classifyText('she misses her appointments').map((c) => c.need)).not.toContain('transport');
  });
});
