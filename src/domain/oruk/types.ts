/**
 * One normalised shape for a directory record, whichever feed it came from (ORUK 3.0 pages with
 * `contents`, ORUK 1.0 pages with `content`, or a bare array). Text is plain (no HTML), missing
 * values are null (never ''), ids are text. Field names follow ORUK 3.0 in camelCase.
 */
export interface OrukOrganisation {
  externalId: string;
  /** Null when the record only referred to the organisation by id (ORUK 3.0 `organization_id`). */
  name: string | null;
  description: string | null;
  email: string | null;
  website: string | null;
}

export interface OrukAddress {
  attention: string | null;
  address1: string;
  address2: string | null;
  city: string;
  region: string | null;
  stateProvince: string;
  postalCode: string;
  country: string;
  addressType: string;
}

export interface OrukAccessibility {
  description: string | null;
  details: string | null;
  url: string | null;
}

export interface OrukLanguage {
  name: string | null;
  code: string | null;
  note: string | null;
}

export interface OrukPhone {
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
  languages: OrukLanguage[];
}

export interface OrukLocation {
  externalId: string;
  locationType: string;
  name: string | null;
  description: string | null;
  url: string | null;
  transportation: string | null;
  latitude: number | null;
  longitude: number | null;
  addresses: OrukAddress[];
  accessibility: OrukAccessibility[];
  phones: OrukPhone[];
}

export interface OrukSchedule {
  validFrom: string | null;
  validTo: string | null;
  dtstart: string | null;
  timezone: number | null;
  until: string | null;
  count: number | null;
  wkst: string | null;
  freq: string | null;
  interval: number | null;
  byday: string | null;
  byweekno: string | null;
  bymonthday: string | null;
  byyearday: string | null;
  description: string | null;
  opensAt: string | null;
  closesAt: string | null;
  scheduleLink: string | null;
  attendingType: string | null;
  notes: string | null;
}

export interface OrukServiceAtLocation {
  description: string | null;
  location: OrukLocation;
  schedules: OrukSchedule[];
}

export interface OrukContact {
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
  phones: OrukPhone[];
}

export interface OrukCostOption {
  validFrom: string | null;
  validTo: string | null;
  option: string | null;
  currency: string | null;
  amount: number | null;
  amountDescription: string | null;
}

export interface OrukServiceArea {
  name: string | null;
  description: string | null;
  extent: string | null;
  extentType: string | null;
  uri: string | null;
}

/** A taxonomy a feed's terms belong to, named by the feed (or by the importer for pc_* fields). */
export interface OrukTaxonomyRef {
  /** Stable key within the source: the feed's taxonomy id, or its name. */
  key: string;
  name: string;
}

export interface OrukTaxonomyTerm {
  /** Stable key within the taxonomy: the feed's term id, or the term's path for pc_* fields. */
  key: string;
  name: string;
  description: string | null;
  code: string | null;
  /** Key of the parent term in the same taxonomy, when known. */
  parentKey: string | null;
  termUri: string | null;
  taxonomy: OrukTaxonomyRef;
}

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export interface OrukService {
  externalId: string;
  name: string;
  description: string | null;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  feesDescription: string | null;
  applicationProcess: string | null;
  interpretationServices: string | null;
  accreditations: string | null;
  alert: string | null;
  /** YYYY-MM-DD */
  assuredDate: string | null;
  organisation: OrukOrganisation;
  serviceAtLocations: OrukServiceAtLocation[];
  schedules: OrukSchedule[];
  phones: OrukPhone[];
  contacts: OrukContact[];
  costOptions: OrukCostOption[];
  serviceAreas: OrukServiceArea[];
  languages: OrukLanguage[];
  taxonomyTerms: OrukTaxonomyTerm[];
}

/** Why a record was left out (counted per reason; the record's content is never reported). */
export const SKIP_REASONS = ['missing_id', 'missing_name', 'duplicate_id', 'missing_organisation'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Parts of a record that were dropped or corrected while the record itself was kept. */
export const WARNING_CODES = [
  'unknown_status',
  'invalid_age',
  'invalid_date',
  'invalid_coordinates',
  'invalid_url',
  'invalid_email',
  'address_incomplete',
  'phone_missing_number',
  'location_missing_id',
  'term_missing_name',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type CountByCode<K extends string> = Partial<Record<K, number>>;

/** The outcome of normalising a whole feed. */
export interface NormalisedFeed {
  services: OrukService[];
  /** How many records the feed held. */
  records: number;
  skipped: CountByCode<SkipReason>;
  warnings: CountByCode<WarningCode>;
  /**
   * Every service id the feed named, including records that were skipped for a gap in their
   * content: those services are still listed by the source, so they are not "missing from it".
   */
  presentIds: string[];
}

/** A term's identity within a source: its taxonomy's key and its own. */
export const termKey = (t: Pick<OrukTaxonomyTerm, 'key' | 'taxonomy'>): string => `${t.taxonomy.key}\u0000${t.key}`;
