import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORD_BASES, COMMON_PASSWORDS } from './common-passwords.ts';
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_PROBLEM_MESSAGES } from './password-policy.ts';

describe('checkPassword', () => {
  it('draws the length line at 12 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(checkPassword('kettle-moss1')).toBeNull(); // 12
    expect(checkPassword('kettle-moss')).toBe('too_short'); // 11
    expect(checkPassword('')).toBe('too_short');
  });

  it('counts characters, not UTF-16 code units', () => {
    // 11 emoji are 22 code units but 11 characters: still too short.
    expect(checkPassword('🐢🦔🐝🦉🐸🦋🐌🐞🦎🐙🦀')).toBe('too_short');
  });

  it('rejects more than 256 characters, accepts exactly 256', () => {
    expect(MAX_PASSWORD_LENGTH).toBe(256);
    const phrase = 'marble otter lantern quince ';
    const exactly = phrase.repeat(10).slice(0, 256);
    expect(exactly).toHaveLength(256);
    expect(checkPassword(exactly)).toBeNull();
    expect(checkPassword(`${exactly}x`)).toBe('too_long');
  });

  it('rejects every entry on the common list, in any case', () => {
    for (const p of COMMON_PASSWORDS) {
      if ([...p].length < 12) continue;
      expect(checkPassword(p), p).toBe('common');
      expect(checkPassword(p.toUpperCase()), p.toUpperCase()).toBe('common');
      expect(checkPassword(p.charAt(0).toUpperCase() + p.slice(1)), p).toBe('common');
    }
  });

  it('rejects a common base dressed up with digits and symbols', () => {
    for (const p of [
      'Password!2024!!',
      'Qwerty123456789',
      'Password2024',
      '!!Welcome2026!!',
      'LINKWORK-2026-01',
      '2024summer2024',
      'nhs-123456789',
      'Trustno1-2024!!',
      'Passw0rd!2024',
    ]) {
      expect(checkPassword(p), p).toBe('common');
    }
    for (const base of COMMON_PASSWORD_BASES) {
      const dressed = `${base.toUpperCase()}!${'2'.repeat(Math.max(1, 12 - base.length))}`;
      expect(checkPassword(dressed), dressed).toBe('common');
    }
  });

  it('rejects passwords made only of digits and symbols', () => {
    expect(checkPassword('123456789012')).toBe('common');
    expect(checkPassword('2024-11-21!!')).toBe('common');
  });

  it('rejects low variety', () => {
    expect(checkPassword('aaaaaaaaaaaab')).toBe('repetitive');
    expect(checkPassword('abababababab')).toBe('repetitive');
    expect(checkPassword('abcabcabcabc')).toBe('repetitive');
  });

  it('accepts a good passphrase and the documented demo password', () => {
    expect(checkPassword('correct kettle marble otter')).toBeNull();
    expect(checkPassword('Halifax-moorland-walk-7')).toBeNull();
    expect(checkPassword('demo-linkwork-2026')).toBeNull();
  });

  it('accepts a passphrase written in a non-Latin script', () => {
    expect(checkPassword('чайник мрамор выдра')).toBeNull();
    expect(checkPassword('Paned o de a bara brith')).toBeNull();
    expect(checkPassword('ταχύτητα θάλασσα')).toBeNull();
  });

  it('has a message for every problem', () => {
    expect(Object.keys(PASSWORD_PROBLEM_MESSAGES).sort()).toEqual(['common', 'repetitive', 'too_long', 'too_short']);
    expect(PASSWORD_PROBLEM_MESSAGES.too_short).toContain('12');
  });
});
