/**
 * "Services for this need", narrowed to one person: services their age is outside, services for the
 * other sex, and services held only too far from where they live are left out — and counted, so the
 * link worker is told how many and why rather than having them silently hidden. Conservative: what
 * is not known (no date range, no location, a location that cannot be placed, a mixed or unclear
 * listing) never hides a service. Pure.
 */
import { sexEligibility } from './matching/eligibility.ts';
import { haversineKm } from './matching/facts.ts';

export const LEFT_OUT_REASONS = ['age', 'sex', 'area'] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];
export type LeftOutCounts = Record<LeftOutReason, number>;

export interface Point {
  latitude: number;
  longitude: number;
}

/** What about the person narrows the list; null where it is not known (nothing is then left out for it). */
export interface PersonForServices {
  age: number | null;
  sex: 'female' | 'male' | null;
  location: Point | null;
}

/** What about a service decides whether it suits the person. */
export interface ServiceReach {
  name: string;
  description: string | null;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  /** Its physical locations: a position, or null for one that could not be placed. */
  locations: readonly (Point | null)[];
  /** Reached without travelling — online, by phone, home visits — so never too far away. */
  remote: boolean;
}

export interface ServicesForPerson<T> {
  /** Nearest first when the person's location is known (then those with no distance, in the order given), else in the order given. */
  shown: { service: T; distanceKm: number | null }[];
  /** Each service left out is counted once, under the first reason that applies (age, then sex, then area). */
  leftOut: LeftOutCounts;
  byDistance: boolean;
}

/** The sex that narrows the list: the recorded sex when it is female or male and no different
 * gender identity is recorded (when one is, nothing is left out for sex: the link worker decides). */
export function sexForServices(sex: string | null, genderIdentity: string | null): 'female' | 'male' | null {
  if (sex !== 'female' && sex !== 'male') return null;
  return genderIdentity === null || genderIdentity.trim() === '' ? sex : null;
}

// "in person" alone is not remote; anything naming online, phone or home delivery is.
const REMOTE_ATTENDING_RE = /online|virtual|phone|remote|home|outreach|video/i;
const REMOTE_TEXT_RE =
  /\bhome visits?\b|\bvisits? (?:you |people )?(?:at|in) (?:your|their) (?:own )?homes?\b|\bin (?:your|their) own homes?\b|\b(?:by|over the) (?:tele)?phone\b|\b(?:tele)?phone (?:service|line|support|befriending|calls?|advice|counselling)\b|\bhelplines?\b|\bonline (?:sessions?|groups?|support|meetings?|courses?|classes?|chat|service|advice|counselling)\b|\b(?:held|meets?|runs?|delivered|available|offered|takes place|entirely|only) online\b|\bvideo calls?\b|\b(?:via|on|over) zoom\b/i;

/**
 * True when a service reaches people without their travelling to it: an online (virtual) location,
 * a schedule attended online, by phone or at home, or a description or eligibility text that says
 * so ("by phone", "home visits", "online sessions", "helpline").
 */
export function reachedWithoutTravel(s: {
  description: string | null;
  eligibilityDescription: string | null;
  attendingTypes: readonly string[];
  locationTypes: readonly string[];
}): boolean {
  if (s.locationTypes.some((t) => t.toLowerCase() === 'virtual')) return true;
  if (s.attendingTypes.some((t) => REMOTE_ATTENDING_RE.test(t))) return true;
  return REMOTE_TEXT_RE.test(`${s.description ?? ''}\n${s.eligibilityDescription ?? ''}`);
}

function whyLeftOut(s: ServiceReach, person: PersonForServices, nearestKm: number | null, radiusKm: number): LeftOutReason | null {
  const age = person.age;
  if (age !== null && ((s.minimumAge !== null && age < s.minimumAge) || (s.maximumAge !== null && age > s.maximumAge))) return 'age';
  if (person.sex !== null) {
    const only = sexEligibility(s);
    if (only !== null && only !== person.sex) return 'sex';
  }
  // Too far only when every location is placed and all are beyond the radius: one that cannot be
  // placed might be near, and a service that comes to them (or online) is never too far.
  if (nearestKm !== null && !s.remote && s.locations.every((l) => l !== null) && nearestKm > radiusKm) return 'area';
  return null;
}

/**
 * Narrows services to those that suit the person (see the module comment), with each one's distance
 * to its nearest placed location (km, one decimal; null when either end is unknown).
 */
export function servicesForPerson<T extends ServiceReach>(services: readonly T[], person: PersonForServices, radiusKm: number): ServicesForPerson<T> {
  const leftOut: LeftOutCounts = { age: 0, sex: 0, area: 0 };
  const shown: { service: T; distanceKm: number | null }[] = [];
  for (const s of services) {
    let nearest: number | null = null;
    if (person.location !== null) {
      for (const l of s.locations) {
        if (l === null) continue;
        const km = haversineKm(person.location, l);
        if (nearest === null || km < nearest) nearest = km;
      }
    }
    const why = whyLeftOut(s, person, nearest, radiusKm);
    if (why !== null) leftOut[why] += 1;
    else shown.push({ service: s, distanceKm: nearest === null ? null : Math.round(nearest * 10) / 10 });
  }
  const byDistance = person.location !== null;
  if (byDistance) {
    // stable: equal distances, and those with none (last), keep the order given
    shown.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || 0);
  }
  return { shown, leftOut, byDistance };
}
