/**
 * Duplicate-person detection (hazard H-002, wrong-person record): pure rules on names, dates of
 * birth, postcodes and NHS numbers. The database narrows candidates to the same date of birth; these
 * rules decide which of them are possibly the same human being.
 */

// Letters that Unicode does not decompose into a base letter plus accent.
const FOLD_SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Folds text for comparison and portable search: lower case, accents stripped, apostrophes dropped
 * (O'Brien → obrien), any other run of non-letters (hyphens, dots, spaces) becomes one space.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD_SPECIAL[c] ?? c)
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded "given family" stored in `person.name_folded` ("Zoë O'Brien-Smith" → "zoe obrien smith"). */
export function foldName(givenName: string, familyName: string): string {
  return `${foldText(givenName)} ${foldText(familyName)}`.trim();
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbouring letters each cost 1, so "Hartely" is 1 from "Hartley".
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows: two back (for transpositions), previous and current.
  let twoBack = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (twoBack[j - 2] ?? 0) + 1);
      cur[j] = best;
    }
    [twoBack, prev, cur] = [prev, cur, twoBack];
  }
  return prev[m] ?? 0;
}

/** How far apart two folded full names may be and still count as close. */
export const MAX_NAME_DISTANCE = 2;

export const DUPLICATE_REASONS = [
  'same_date_of_birth',
  'same_postcode',
  'similar_name',
  'same_initial_and_family_name',
  'names_swapped',
  'shared_family_name',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** What the rules compare: a person being entered, or one already on record. */
export interface IdentityFacts {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  nhsNumber: string | null;
}

const compactPostcode = (p: string): string => p.toUpperCase().replace(/\s+/g, '');
const squash = (folded: string): string => folded.replace(/ /g, '');

/**
 * Why two names are close, or an empty list. Close means any of: the folded full names are at most
 * MAX_NAME_DISTANCE edits apart; the same first initial and the same family name (Liz / Elizabeth
 * would not be, E. Hartley / Elizabeth Hartley is); given and family names swapped; or a shared
 * part of a double-barrelled family name with the same given name (Ada Hartley / Ada Hartley-Shaw).
 */
export function nameCloseness(a: Pick<IdentityFacts, 'givenName' | 'familyName'>, b: Pick<IdentityFacts, 'givenName' | 'familyName'>): DuplicateReason[] {
  const ag = foldText(a.givenName);
  const af = foldText(a.familyName);
  const bg = foldText(b.givenName);
  const bf = foldText(b.familyName);
  const reasons: DuplicateReason[] = [];
  if (editDistance(`${ag} ${af}`, `${bg} ${bf}`) <= MAX_NAME_DISTANCE) reasons.push('similar_name');
  if (ag !== '' && ag[0] === bg[0] && squash(af) === squash(bf)) reasons.push('same_initial_and_family_name');
  if (squash(ag) === squash(bf) && squash(af) === squash(bg) && ag !== af) reasons.push('names_swapped');
  const aParts = af.split(' ').filter((p) => p.length > 1);
  const bParts = new Set(bf.split(' ').filter((p) => p.length > 1));
  if (squash(af) !== squash(bf) && aParts.some((p) => bParts.has(p)) && editDistance(ag, bg) <= 1) reasons.push('shared_family_name');
  return reasons;
}

/** True when the two folded names are the same once spaces are ignored, or simply swapped. */
function exactName(a: IdentityFacts, b: IdentityFacts): boolean {
  const an = squash(foldName(a.givenName, a.familyName));
  return an === squash(foldName(b.givenName, b.familyName)) || an === squash(foldName(b.familyName, b.givenName));
}

/**
 * Whether a person on record may be the same human being as the one being entered, and why.
 * Rules, in order:
 * 1. different dates of birth → no (the database query already narrows to one date);
 * 2. both have NHS numbers and they differ → no: the NHS number is the national identifier, and two
 *    valid, different numbers are two people (the same number is handled before these rules: the
 *    existing record is reused, never duplicated);
 * 3. both have postcodes → they must be the same and the names close;
 * 4. either has no postcode (no fixed abode, not given on a self-referral) → the names must match
 *    exactly (ignoring case, accents, punctuation and order), since one fact fewer is being compared.
 */
export function duplicateReasons(entered: IdentityFacts, onRecord: IdentityFacts): DuplicateReason[] | null {
  if (entered.dateOfBirth !== onRecord.dateOfBirth) return null;
  if (entered.nhsNumber !== null && onRecord.nhsNumber !== null && entered.nhsNumber !== onRecord.nhsNumber) return null;
  if (entered.postcode !== null && onRecord.postcode !== null) {
    if (compactPostcode(entered.postcode) !== compactPostcode(onRecord.postcode)) return null;
    const names = nameCloseness(entered, onRecord);
    return names.length === 0 ? null : ['same_date_of_birth', 'same_postcode', ...names];
  }
  if (!exactName(entered, onRecord)) return null;
  return ['same_date_of_birth', ...nameCloseness(entered, onRecord)];
}

/** The people on record that may be duplicates of the one entered, each with its reasons. */
export function findDuplicates<T extends IdentityFacts>(entered: IdentityFacts, onRecord: readonly T[]): { person: T; reasons: DuplicateReason[] }[] {
  const out: { person: T; reasons: DuplicateReason[] }[] = [];
  for (const person of onRecord) {
    const reasons = duplicateReasons(entered, person);
    if (reasons !== null) out.push({ person, reasons });
  }
  return out;
}

/** Initials for places that must not show a whole name ("Ada Hartley" → "A.H."). */
export function initialsOf(givenName: string, familyName: string): string {
  const first = (s: string) => s.trim().charAt(0).toUpperCase();
  return `${first(givenName)}.${first(familyName)}.`;
}
