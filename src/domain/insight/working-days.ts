import { addDays, londonDate } from './periods.ts';

/**
 * Working days for F2 (time to first contact): Monday to Friday, excluding the bank holidays of
 * England and Wales (GOV.UK's published list; later years are added as they are announced).
 */
export const BANK_HOLIDAYS_ENGLAND: ReadonlySet<string> = new Set([
  '2024-01-01',
  '2024-03-29',
  '2024-04-01',
  '2024-05-06',
  '2024-05-27',
  '2024-08-26',
  '2024-12-25',
  '2024-12-26',
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
]);

export function isWorkingDay(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !BANK_HOLIDAYS_ENGLAND.has(date);
}

/**
 * Working days from one instant to a later one: the working days after the day received up to
 * and including the day of contact (contact the same day = 0, next working day = 1). Negative
 * spans (contact logged before received) count as 0.
 */
export function workingDaysBetween(fromInstant: string, toInstant: string): number {
  const from = londonDate(fromInstant);
  const to = londonDate(toInstant);
  if (to <= from) return 0;
  // Kept by pair of dates: a report counts this for every episode (an ICB's year is ~200,000), and
  // a year's episodes have a few thousand distinct pairs.
  const key = `${from}|${to}`;
  const known = spans.get(key);
  if (known !== undefined) return known;
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n += 1;
  if (spans.size > 100_000) spans.clear();
  spans.set(key, n);
  return n;
}

const spans = new Map<string, number>();
