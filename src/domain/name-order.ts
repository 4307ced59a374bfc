/**
 * Compares names as people sort them by eye: letters without regard to case or accents, leading
 * and inner punctuation ignored ("#TalkSuicide" under T), numbers by value ("Group 2" before
 * "Group 10"). The database lists use the same rule's portable core (db/name-order.ts).
 */
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', ignorePunctuation: true, numeric: true });

export const compareNames = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
