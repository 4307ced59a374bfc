/**
 * Report periods (INSIGHT.md: calendar months, quarters or years in Europe/London). A period is
 * a range of London dates, inclusive, and the UTC instants that bound it (timestamps are stored
 * as UTC ISO text, so a London day in summer starts at 23:00 UTC the day before).
 */
export interface Period {
  /** What the reader sees: "2026-Q3", "2026", "2026-11", "12 months to 2026-12-07", "2026-01-01 to 2026-03-31". */
  label: string;
  /** Machine form, as accepted back: "2026-Q3", "2026", "2026-11", "last-12-months", or "YYYY-MM-DD..YYYY-MM-DD". */
  code: string;
  from: string;
  to: string;
  /** First instant inside the period and first instant after it, UTC ISO. */
  startUtc: string;
  endUtc: string;
  days: number;
  /** The London date in the middle of the period (for the nearest list extract). */
  midpoint: string;
}

const DAY_MS = 86_400_000;

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const londonDateCache = new Map<string, string>();

/** The London calendar date of a UTC instant (cached by the UTC hour: London's offset is whole hours). */
export function londonDate(instant: string | Date): string {
  const iso = typeof instant === 'string' ? new Date(instant).toISOString() : instant.toISOString();
  const hour = iso.slice(0, 13);
  const cached = londonDateCache.get(hour);
  if (cached !== undefined) return cached;
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(`${hour}:00:00Z`)).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (londonDateCache.size > 200_000) londonDateCache.clear();
  londonDateCache.set(hour, date);
  return date;
}

/** The UTC instant at which a London date begins. */
export function londonMidnightUtc(date: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // London is UTC or UTC+1: midnight London is at 00:00 or 23:00 the day before.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    const parts = Object.fromEntries(londonParts.formatToParts(candidate).map((p) => [p.type, p.value]));
    if (`${parts.year}-${parts.month}-${parts.day}` === date && parts.hour === '00') return candidate.toISOString();
  }
  return new Date(utcMidnight).toISOString();
}

export function periodOf(from: string, to: string, code: string, label: string): Period {
  const days = daysBetween(from, to) + 1;
  return {
    label,
    code,
    from,
    to,
    startUtc: londonMidnightUtc(from),
    endUtc: londonMidnightUtc(addDays(to, 1)),
    days,
    midpoint: addDays(from, Math.floor((days - 1) / 2)),
  };
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether a YYYY-MM-DD string is a real date. */
export function isDate(v: string): boolean {
  return DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

/**
 * Parses a period code (see Period.code) relative to today (a London date). Returns null for
 * anything else. The default, `last-12-months`, is the 365 days ending today.
 */
export function parsePeriod(code: string, today: string): Period | null {
  if (code === 'last-12-months') return periodOf(addDays(addMonths(today, -12), 1), today, code, `12 months to ${today}`);
  let match = /^(\d{4})$/.exec(code);
  if (match !== null) return periodOf(`${match[1]}-01-01`, `${match[1]}-12-31`, code, code);
  match = /^(\d{4})-Q([1-4])$/.exec(code);
  if (match !== null) {
    const q = Number(match[2]);
    const from = `${match[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`;
    return periodOf(from, addDays(addMonths(from, 3), -1), code, code);
  }
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(code);
  if (match !== null) {
    const from = `${code}-01`;
    return periodOf(from, addDays(addMonths(from, 1), -1), code, code);
  }
  match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(code);
  if (match !== null) {
    const [from, to] = [match[1] as string, match[2] as string];
    if (!isDate(from) || !isDate(to) || to < from || daysBetween(from, to) > 366 * 6) return null;
    return periodOf(from, to, code, `${from} to ${to}`);
  }
  return null;
}

/** The calendar months (YYYY-MM) a period touches, in order. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = `${p.from.slice(0, 7)}-01`; d <= p.to; d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
}

/** Whole years between a date of birth and a date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, mo, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (mo < bm || (mo === bm && d < bd) ? 1 : 0);
}
