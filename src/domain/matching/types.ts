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
  /** Where it is held, with the town, village or neighbourhood names of each location's address
   * (its city and locality), from which the index learns the places people name ("in Sowerby"). */
  locations: readonly { latitude: number; longitude: number; places?: readonly string[] }[];
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

/** Where the person is: from a full postcode, the centroid of its outward code, or a place named
 * in the text ("lives in Sowerby": the centroid of the directory's locations there). */
export interface PersonLocation {
  latitude: number;
  longitude: number;
  precision: 'postcode' | 'outcode' | 'place';
  /** The place's name, for precision 'place'. */
  place?: string | undefined;
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
  /** The person's sex as recorded: services for women only (or men only) are left out for others. */
  sex?: 'female' | 'male' | null | undefined;
  /** 10 by default, at most 50. */
  limit?: number | undefined;
}

export interface MatchOptions {
  now: Date;
  staleMonths: number;
  /** General word relations (WordNet) for bridges from the person's words to a listing's. */
  lexicon?: Lexicon | undefined;
}

/** A word's relations in a general lexical resource (WordNet), read by an adapter outside the domain. */
export interface Lexicon {
  /** The synsets of a base form (lower case, spaces as underscores), most frequent sense first. */
  synsets(lemma: string, pos: LexPos): readonly number[];
  /** One synset: its lemmas and its pointers. */
  synset(pos: LexPos, offset: number): LexSynset | undefined;
}
export type LexPos = 'n' | 'v' | 'a' | 'r';
export interface LexSynset {
  words: readonly string[];
  pointers: readonly { symbol: string; pos: LexPos; offset: number; target: number }[];
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
  /** A place named in the text and found among the directory's addresses, used as the person's
   * location when no postcode was given. */
  place: { name: string; latitude: number; longitude: number } | null;
  interests: string[];
  results: MatchResult[];
}
