import { describe, expect, it } from 'vitest';
import { compareNames } from './name-order.ts';

describe('compareNames', () => {
  it('files names as people do: case, accents and leading punctuation ignored, numbers by value', () => {
    const names = ['"We are with You" WAWY', 'creativeShift CIC', '#TalkSuicide', 'Zumba', 'Age UK', 'Group 10', 'Group 2', 'Éclair Bakers', 'eagle walks'];
    expect([...names].sort(compareNames)).toEqual([
      'Age UK',
      'creativeShift CIC',
      'eagle walks',
      'Éclair Bakers',
      'Group 2',
      'Group 10',
      '#TalkSuicide',
      '"We are with You" WAWY',
      'Zumba',
    ]);
  });
});
