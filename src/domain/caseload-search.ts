import { foldText } from './duplicates.ts';
import { normaliseNhsNumber } from './nhs-number.ts';

/** What a caseload search box query can mean: name words, an NHS number, or a referral reference. */
export interface CaseloadSearch {
  /** Folded words that must each appear in the name. Empty when the query is not a name. */
  nameWords: string[];
  /** Ten digits when the query looks like an NHS number (spaces and dashes ignored). */
  nhsNumber: string | null;
  /** Upper-cased reference prefix when the query looks like one ("LW-7KQ3", "lw-7kq3-9fxa"). */
  referencePrefix: string | null;
}

/**
 * Reads a search box query. Every interpretation that fits is tried (OR), so nobody picks a mode.
 * Name words are folded exactly as `person.name_folded` is (foldText), so "zoe o'brien" finds
 * "Zoë O'Brien" on SQLite and PostgreSQL alike (their LIKE differ on case; neither folds accents).
 */
export function parseCaseloadSearch(query: string): CaseloadSearch {
  const trimmed = query.trim();
  const digits = normaliseNhsNumber(trimmed);
  const nhsNumber = /^\d{10}$/.test(digits) ? digits : null;
  const referencePrefix = /^LW-[0-9A-Z-]{0,9}$/i.test(trimmed) ? trimmed.toUpperCase() : null;
  const nameWords =
    nhsNumber !== null
      ? []
      : foldText(trimmed)
          .split(' ')
          .filter((w) => w.length > 0)
          .slice(0, 5);
  return { nameWords, nhsNumber, referencePrefix };
}

/** Escapes LIKE wildcards so a typed % or _ matches itself (used with `escape '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
