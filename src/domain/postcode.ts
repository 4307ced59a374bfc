/** The UK postcode pattern of DOMAIN.md §4 (upper case; optional single space before the inward code). */
const POSTCODE_PATTERN = /^(?:GIR ?0AA|(?:[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])) ?\d[ABD-HJLNP-UW-Z]{2})$/;

/**
 * Normalises a postcode: upper case, inner whitespace removed, one space before the last three
 * characters. Returns null when the result is not a valid UK postcode.
 */
export function normalisePostcode(input: string): string | null {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  if (compact.length < 5 || compact.length > 7) return null;
  const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE_PATTERN.test(spaced) ? spaced : null;
}

/** True when the input, once normalised, is a valid UK postcode. */
export function isValidPostcode(input: string): boolean {
  return normalisePostcode(input) !== null;
}

/** The outward code (district), e.g. "HX1" from "HX1 1AA". */
export function outwardCode(normalised: string): string {
  return normalised.split(' ')[0] ?? normalised;
}
