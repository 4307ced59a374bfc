import { COMMON_PASSWORD_BASES, COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive';

const commonSet = new Set(COMMON_PASSWORDS);
// Bases are compared on their letters only, like the candidate below: 'trustno1' → 'trustno'.
const lettersOf = (text: string): string => text.replace(/[^\p{L}]/gu, '');
const baseSet = new Set(COMMON_PASSWORD_BASES.map(lettersOf));

/** Checks a new password against the policy; returns the problem or null when acceptable. */
export function checkPassword(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (commonSet.has(lower)) return 'common';
  // A common word with only digits and symbols around it ("Password!2024!!") is still common.
  // Letters in any script: a passphrase in Cyrillic or Greek is not "only digits and symbols".
  const letters = lettersOf(lower);
  if (letters.length === 0 || baseSet.has(letters)) return 'common';
  if (new Set(lower).size <= 3) return 'repetitive';
  return null;
}

export const PASSWORD_PROBLEM_MESSAGES: { readonly [P in PasswordProblem]: string } = {
  too_short: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `Password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'Password is too common; choose a longer phrase of unrelated words',
  repetitive: 'Password repeats too few characters; choose a longer phrase of unrelated words',
};
