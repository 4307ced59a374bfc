/**
 * Facts a link worker checks, derived from a service's directory record: cost, days, step-free
 * access, how it is attended, languages, distance. Each is derived conservatively — unknown stays
 * unknown (null) rather than guessed — because it is shown to people as a reason. Pure.
 */
import { WEEKDAYS, type MatchableService, type Weekday } from './types.ts';

export type CostFact = 'free' | 'paid' | null;

const FREE_RE =
  /\b(?:free of charge|free service|is free|are free|(?:totally|completely|always|entirely) free|no charge|no cost|free to (?:attend|join|use|access)|free,? confidential|free and confidential|free (?:advice|support|sessions?|classes?|groups?|help|counselling|activities|meals?|courses?|drop[- ]in))\b/i;
const PAID_RE =
  /£\s?\d|\bfees? (?:apply|of|is|are)\b|\bcharges? (?:apply|of|is|are)\b|\bper (?:session|hour|class|week)\b|\bsubscription\b|\bmembership fee\b/i;

/** free / paid / unknown: from cost options first, then the fees text, then the description. */
export function costOf(s: Pick<MatchableService, 'costs' | 'feesDescription' | 'description'>): CostFact {
  if (s.costs.length > 0) {
    const amounts = s.costs.map((c) => c.amount).filter((a): a is number => a !== null);
    if (amounts.some((a) => a > 0)) return 'paid';
    if (amounts.length > 0 || s.costs.some((c) => /free/i.test(`${c.option ?? ''} ${c.amountDescription ?? ''}`))) return 'free';
  }
  const fees = s.feesDescription ?? '';
  if (fees.trim() !== '') {
    if (/\bfree\b|\bno (?:charge|cost)\b|^\s*(?:none|nil|£?0(?:\.00)?)\s*$/i.test(fees) && !/£\s?[1-9]/.test(fees)) return 'free';
    return 'paid';
  }
  const desc = s.description ?? '';
  if (/£|fee|charge|per |subscription/i.test(desc) && PAID_RE.test(desc)) return 'paid';
  if (/free|no c/i.test(desc) && FREE_RE.test(desc)) return 'free';
  return null;
}

const BYDAY: Readonly<Record<string, Weekday>> = { MO: 'monday', TU: 'tuesday', WE: 'wednesday', TH: 'thursday', FR: 'friday', SA: 'saturday', SU: 'sunday' };

/** Days the service runs, from its schedules (RRULE BYDAY such as "MO,TU" or "1TU"), else named in
 * the schedule notes; empty when unknown. In week order. */
export function daysOf(s: Pick<MatchableService, 'schedules'>): Weekday[] {
  const found = new Set<Weekday>();
  for (const sc of s.schedules) {
    for (const part of (sc.byday ?? '').toUpperCase().split(/[\s,]+/)) {
      const code = part.replace(/^[+-]?\d+/, '');
      const day = BYDAY[code];
      if (day !== undefined) found.add(day);
    }
  }
  if (found.size === 0) {
    for (const sc of s.schedules) {
      const text = (sc.description ?? '').toLowerCase();
      for (const d of WEEKDAYS) if (new RegExp(`\\b${d}s?\\b`).test(text)) found.add(d);
    }
  }
  return WEEKDAYS.filter((d) => found.has(d));
}

const STEP_FREE_RE =
  /step[- ]free|level access|wheelchair[- ]accessible|wheelchair access|accessible (?:entrance|building|venue)|ground floor|\bramps?\b|\blifts? (?:to|available|access)|accessible toilet/i;
const NOT_STEP_FREE_RE = /not (?:wheelchair[- ])?accessible|no (?:lift|wheelchair access|step[- ]free)|steps? (?:only|to the entrance)|stairs only/i;

/** true: step-free access is stated; false: stated not step-free; null: not said. */
export function stepFreeOf(s: Pick<MatchableService, 'accessibility' | 'description'>): boolean | null {
  const text = [...s.accessibility, s.description ?? ''].join(' \n ');
  if (!/step|level|wheelchair|accessible|ground|ramp|lift|stair/i.test(text)) return null;
  if (NOT_STEP_FREE_RE.test(text)) return false;
  if (STEP_FREE_RE.test(text)) return true;
  return null;
}

export type AttendFact = 'online_only' | 'phone_or_online' | 'in_person' | 'home_visits' | null;

/** How people take part, when the record says so. */
export function attendanceOf(s: Pick<MatchableService, 'schedules' | 'description' | 'locations'>): AttendFact {
  const types = new Set(s.schedules.map((x) => (x.attendingType ?? '').toLowerCase()).filter((t) => t !== ''));
  const desc = /home|online|virtual|phone|helpline/i.test(s.description ?? '') ? (s.description ?? '').toLowerCase() : '';
  if (/home visits?|visits? (?:you )?(?:at|in) (?:your|their) (?:own )?home|in your own home/.test(desc)) return 'home_visits';
  if (types.size > 0) {
    if ([...types].every((t) => t === 'online' || t === 'virtual')) return 'online_only';
    if ([...types].every((t) => t === 'online' || t === 'virtual' || t === 'phone' || t === 'telephone')) return 'phone_or_online';
    return 'in_person';
  }
  if (/\bonline only\b|\bonly online\b|\bentirely online\b|\bvirtual only\b/.test(desc)) return 'online_only';
  if (/\b(?:telephone|phone) (?:service|line|support|helpline)\b|\bhelpline\b/.test(desc) && s.locations.length === 0) return 'phone_or_online';
  return s.locations.length > 0 ? 'in_person' : null;
}

/** Languages besides English, and whether interpreters are offered. */
export function languagesOf(s: Pick<MatchableService, 'languages' | 'interpretationServices'>): { languages: string[]; interpreters: boolean } {
  const languages = [...new Set(s.languages.map((l) => l.trim()).filter((l) => l !== '' && !/^(?:en|eng|english)$/i.test(l)))].sort();
  const interp = (s.interpretationServices ?? '').trim();
  return { languages, interpreters: interp !== '' && !/^(?:no|none|n\/a)$/i.test(interp) };
}

const EARTH_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "Tuesdays", "Mondays and Thursdays", "Mondays, Wednesdays and Fridays", "every day". */
export function describeDays(days: readonly Weekday[]): string {
  if (days.length === 7) return 'every day';
  if (days.length === 5 && !days.includes('saturday') && !days.includes('sunday')) return 'weekdays';
  const names = days.map((d) => `${d[0]!.toUpperCase()}${d.slice(1)}s`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
