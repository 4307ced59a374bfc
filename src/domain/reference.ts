/** Crockford-style alphabet without look-alikes (no I, L, O, U, 0, 1): easy to read out on the phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A human-friendly referral reference from random bytes, e.g. "LW-7KQ3-9FXA". */
export function formatReference(random: Uint8Array): string {
  const chars = Array.from(random.slice(0, 8), (b) => ALPHABET[b % ALPHABET.length] ?? '2').join('');
  return `LW-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

export const REFERENCE_PATTERN = /^LW-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;
