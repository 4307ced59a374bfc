import { describe, expect, it } from 'vitest';
import { leftOutWords } from './labels.ts';

describe('leftOutWords', () => {
  it('says how many services were left out and why, naming the other sex', () => {
    expect(leftOutWords({ age: 2, sex: 0, area: 1 }, 'female', 30)).toBe('3 services not shown: 2 for other ages, 1 too far away (over 30 km)');
    expect(leftOutWords({ age: 0, sex: 1, area: 0 }, 'female', 30)).toBe('1 service not shown: 1 for men only');
    expect(leftOutWords({ age: 0, sex: 2, area: 0 }, 'male', 30)).toBe('2 services not shown: 2 for women only');
    expect(leftOutWords({ age: 1, sex: 1, area: 1 }, null, undefined)).toBe('3 services not shown: 1 for other ages, 1 for the other sex only, 1 too far away');
  });
  it('says nothing when nothing was left out', () => {
    expect(leftOutWords({ age: 0, sex: 0, area: 0 }, 'female', 30)).toBeUndefined();
  });
});
