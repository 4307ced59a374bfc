import type { BarrierCode } from '../barriers.ts';
import type { NeedClassification } from '../needs-classifier.ts';
import type { NeedCode } from '../needs.ts';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What the matcher knows of one service: read in bulk from the directory tables. */
export interface MatchableService {
  id: string;
  externalId: string | null;
  name: string;
  organisationId: string;
  organisationName: string;
  description: string | null;
  eligibilityDescription: string | null;
  feesDescription: string | null;
  /** Coded needs; authoritative when needsSource is manual or corrected. */
  needs: readonly NeedCode[];
  /** manual | classified | corrected */
  needsSource: string;
  classification: readonly NeedClassification[];
  taxonomyTerms: readonly string[];
  costs: readonly { amount: number | null; option: string | null; amountDescription: string | null }[];
  /** ORUK schedules (service, its locations or service-at-locations). */
  schedules: readonly { byday: string | null; description: string | null; attendingType: string | null }[];
  /** Accessibility descriptions of its locations. */
  accessibility: readonly string[];
  /** Languages offered (names or codes), besides English. */
  languages: readonly string[];
  interpretationServices: string | null;
  locations: readonly { latitude: number; longitude: number }[];
  minimumAge: number | null;
  maximumAge: number | null;
  /** open | waiting_list | closed */
  capacity: string;
  waitingWeeks: number | null;
  takesReferrals: boolean;
  /** ORUK status: active | inactive | defunct | temporarily closed */
  status: string;
  archived: boolean;
  lastVerifiedAt: string | null;
  assuredDate: string | null;
  createdAt: string;
}

/** Where the person is: from a full postcode, or the centroid of its outward code. */
export interface PersonLocation {
  latitude: number;
  longitude: number;
  precision: 'postcode' | 'outcode';
}

export interface MatchQuery {
  /** The need in the link worker's words. */
  text?: string | undefined;
  /** Coded needs from the conversation. */
  needs?: readonly NeedCode[] | undefined;
  age?: number | null | undefined;
  location?: PersonLocation | null | undefined;
  barriers?: readonly BarrierCode[] | undefined;
  days?: readonly Weekday[] | undefined;
  /** 10 by default, at most 50. */
  limit?: number | undefined;
}

export interface MatchOptions {
  now: Date;
  staleMonths: number;
}

export interface UnderstoodNeed {
  need: NeedCode;
  label: string;
  /** 1 for a coded need; the classifier's confidence for one heard in the text. */
  confidence: number;
  /** The words that conveyed it (empty for a coded need). */
  terms: string[];
  source: 'coded' | 'text';
}

/** What a result carries of its service (the index keeps no more than this of each). */
export type MatchedService = Pick<
  MatchableService,
  'id' | 'externalId' | 'name' | 'organisationId' | 'organisationName' | 'takesReferrals' | 'capacity' | 'waitingWeeks' | 'minimumAge' | 'maximumAge'
>;

export interface MatchResult {
  service: MatchedService;
  /** 0–1, rounded to 3 places; results are ordered by it (after diversity), ties by id. */
  score: number;
  reasons: string[];
  stale: boolean;
  distanceKm: number | null;
}

export interface MatchAnswer {
  understoodNeeds: UnderstoodNeed[];
  interests: string[];
  results: MatchResult[];
}
