import { describe, expect, it } from 'vitest';
import { communicationNeedWords, contactPreferenceWords } from './contact-words.ts';

describe('how to reach the person, in words', () => {
  it('says the channels and the best times, or nothing when none is recorded', () => {
    expect(contactPreferenceWords({ methods: ['text', 'phone'], bestTimes: ['afternoon'] })).toBe('Text message or phone call; best afternoons');
    expect(contactPreferenceWords({ methods: [], bestTimes: ['morning', 'evening'] })).toBe('Best mornings or evenings');
    expect(contactPreferenceWords({ methods: [], bestTimes: [] })).toBeNull();
    expect(contactPreferenceWords(null)).toBeNull();
  });

  it('says an interpreter and the language, and the formats', () => {
    expect(communicationNeedWords({ interpreterNeeded: true, language: 'Polish', accessibleFormats: ['easy_read', 'large_print'] })).toBe(
      'Interpreter needed (Polish); easy read, large print',
    );
    expect(communicationNeedWords({ interpreterNeeded: false, language: 'Urdu', accessibleFormats: [] })).toBe('Prefers Urdu');
    expect(communicationNeedWords({ interpreterNeeded: false, accessibleFormats: ['bsl'] })).toBe('British Sign Language (BSL)');
    expect(communicationNeedWords({ interpreterNeeded: false, language: null, accessibleFormats: [] })).toBeNull();
  });
});
