import type { AccessibleFormat, BestContactTime, ContactMethod } from '../../../domain/schemas/person-details.ts';

// How to reach the person and what they need to take part, in words, for the case page and the
// person's page (the self-referral form and the referral form record them).

const METHOD_WORDS: { readonly [M in ContactMethod]: string } = { phone: 'phone call', text: 'text message', email: 'email', letter: 'letter' };
const TIME_WORDS: { readonly [T in BestContactTime]: string } = { morning: 'mornings', afternoon: 'afternoons', evening: 'evenings', any_time: 'any time' };
const FORMAT_WORDS: { readonly [F in AccessibleFormat]: string } = {
  large_print: 'large print',
  easy_read: 'easy read',
  bsl: 'British Sign Language (BSL)',
  braille: 'Braille',
  audio: 'audio',
};

const capitalise = (s: string): string => (s === '' ? s : `${s.charAt(0).toUpperCase()}${s.slice(1)}`);

/** "Text message or phone call; best afternoons", or null when nothing is recorded. */
export function contactPreferenceWords(p: { methods: readonly ContactMethod[]; bestTimes: readonly BestContactTime[] } | null): string | null {
  if (p === null) return null;
  const parts: string[] = [];
  if (p.methods.length > 0) parts.push(capitalise(p.methods.map((m) => METHOD_WORDS[m]).join(' or ')));
  if (p.bestTimes.length > 0) parts.push(`best ${p.bestTimes.map((t) => TIME_WORDS[t]).join(' or ')}`);
  return parts.length === 0 ? null : capitalise(parts.join('; '));
}

/** "Interpreter needed (Polish); easy read, large print", or null when there are no needs recorded. */
export function communicationNeedWords(
  c: { interpreterNeeded: boolean; language?: string | null | undefined; accessibleFormats: readonly AccessibleFormat[] } | null,
): string | null {
  if (c === null) return null;
  const parts: string[] = [];
  const language = c.language ?? null;
  if (c.interpreterNeeded) parts.push(`Interpreter needed${language === null || language === '' ? '' : ` (${language})`}`);
  else if (language !== null && language !== '') parts.push(`Prefers ${language}`);
  if (c.accessibleFormats.length > 0) parts.push(c.accessibleFormats.map((f) => FORMAT_WORDS[f]).join(', '));
  return parts.length === 0 ? null : capitalise(parts.join('; '));
}
