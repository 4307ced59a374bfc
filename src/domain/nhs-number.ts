/** Strips the spaces and hyphens people type inside NHS numbers ("943 476 5919"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * NHS number check (DOMAIN.md §4): 10 digits, Modulus 11 check digit (weights 10..2 on the first
 * nine digits; check = 11 − sum mod 11; 11 → 0; 10 → invalid), and not one digit repeated.
 */
export function isValidNhsNumber(input: string): boolean {
  const value = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(value)) return false;
  if (/^(\d)\1{9}$/.test(value)) return false;
  const check = nhsNumberCheckDigit(value.slice(0, 9));
  return check !== null && check === Number(value[9]);
}

/** The Modulus 11 check digit for the first nine digits, or null when none is valid (a remainder of 10). */
export function nhsNumberCheckDigit(nine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check === 10 ? null : check;
}

/** Formats a valid NHS number 3-3-4 for display ("943 476 5919"). */
export function formatNhsNumber(value: string): string {
  const v = normaliseNhsNumber(value);
  return `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`;
}
