import type { Selectable } from 'kysely';
import type {
  OrukAttributeRow,
  OrukContactRow,
  OrukLocationGraph,
  OrukLocationRow,
  OrukOrganisationRow,
  OrukPhoneRow,
  OrukServiceAtLocationGraph,
  OrukServiceAtLocationListItem,
  OrukServiceGraph,
  OrukServiceRow,
  OrukTermRow,
} from '../../../db/repositories/directory/oruk.ts';
import type { AccessibilityTable, AddressTable, CostOptionTable, LanguageTable, ScheduleTable, ServiceAreaTable, TaxonomyTable } from '../../../db/schema.ts';

// Presenters for the Open Referral UK 3.0 API: explicit field lists, the standard's snake_case
// names, ids as strings. No field of the ORUK schemata is nullable, so a missing value is left out
// rather than sent as null; a value that would break the schema's format (a URL without a scheme,
// an e-mail without an @) is left out too rather than published broken. Linkwork's own fields
// (capacity, waiting time, classification, who verified a listing, source feed) are not published.

/** A JSON value an ORUK response may hold. */
export type OrukValue = string | number | boolean | OrukValue[] | { [key: string]: OrukValue };
export type OrukObject = { [key: string]: OrukValue };

/** The ORUK 3.0 page wrapper (openapi.json `components.schemas.Page`) around `contents`. */
export interface OrukPageBody {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: OrukObject[];
}

const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'];
const LOCATION_TYPES = ['physical', 'postal', 'virtual'];
const SCHEDULE_FREQS = ['WEEKLY', 'MONTHLY'];
const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Builds an object from [name, value] pairs, leaving out null and undefined values. */
function fields(pairs: [string, OrukValue | null | undefined][]): OrukObject {
  const out: OrukObject = {};
  for (const [k, v] of pairs) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

const uri = (v: string | null): string | null => (v !== null && URI.test(v.trim()) ? v.trim() : null);
const email = (v: string | null): string | null => (v !== null && EMAIL.test(v.trim()) ? v.trim() : null);
const text = (v: string | null): string | null => (v === null || v.trim() === '' ? null : v);
const oneOf = (v: string | null, allowed: readonly string[]): string | null => (v !== null && allowed.includes(v) ? v : null);

/** The page wrapper: total_pages is 0 for an empty list; a page past the end is empty and last. */
export function presentOrukPage(items: OrukObject[], total: number, page: number, perPage: number): OrukPageBody {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: items.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: items.length === 0,
    contents: items,
  };
}

export const ORUK_API_DETAILS = {
  version: 'HSDS-UK-3.0',
  profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
  openapi_url: 'https://docs.openreferraluk.org/en/latest/openapi30.json',
} as const;

export function presentOrukOrganization(o: OrukOrganisationRow): OrukObject {
  return fields([
    ['id', o.id],
    ['name', o.name],
    // Required by the schema; an organisation without one publishes an empty description.
    ['description', o.description ?? ''],
    ['email', email(o.email)],
    ['website', uri(o.website)],
  ]);
}

/** The service's one-to-one fields (what lists carry), plus its organisation when given. */
export function presentOrukServiceSummary(s: OrukServiceRow, organisation?: OrukOrganisationRow): OrukObject {
  return fields([
    ['id', s.id],
    ['organization_id', s.organisation_id],
    ['name', s.name],
    ['description', text(s.description)],
    ['url', uri(s.url)],
    ['email', email(s.email)],
    ['status', oneOf(s.status, SERVICE_STATUSES) ?? 'inactive'],
    ['eligibility_description', text(s.eligibility_description)],
    ['minimum_age', s.minimum_age],
    ['maximum_age', s.maximum_age],
    ['fees_description', text(s.fees_description)],
    ['application_process', text(s.application_process)],
    ['interpretation_services', text(s.interpretation_services)],
    ['accreditations', text(s.accreditations)],
    ['alert', text(s.alert)],
    ['assured_date', text(s.assured_date)],
    ['last_modified', s.updated_at],
    ['organization', organisation === undefined ? null : presentOrukOrganization(organisation)],
  ]);
}

/** The fully nested service of GET /services/{id}. */
export function presentOrukService(g: OrukServiceGraph): OrukObject {
  return {
    ...presentOrukServiceSummary(g.service, g.organisation),
    service_at_locations: g.serviceAtLocations.map(presentServiceAtLocation),
    schedules: g.schedules.map(presentSchedule),
    phones: g.phones.map(presentPhone),
    contacts: g.contacts.map(presentContact),
    cost_options: g.costOptions.map(presentCostOption),
    service_areas: g.serviceAreas.map(presentServiceArea),
    languages: g.languages.map(presentLanguage),
    attributes: g.attributes.flatMap(presentAttribute),
  };
}

function presentServiceAtLocation(sal: OrukServiceAtLocationGraph): OrukObject {
  return fields([
    ['id', sal.id],
    ['service_id', sal.service_id],
    ['location_id', sal.location_id],
    ['description', text(sal.description)],
    ['location', sal.location === undefined ? null : presentLocation(sal.location)],
    ['schedules', sal.schedules.map(presentSchedule)],
  ]);
}

/** A location's one-to-one fields. */
function presentLocationSummary(l: OrukLocationRow): OrukObject {
  return fields([
    ['id', l.id],
    ['location_type', oneOf(l.location_type, LOCATION_TYPES) ?? 'physical'],
    ['name', text(l.name)],
    ['description', text(l.description)],
    ['url', uri(l.url)],
    ['transportation', text(l.transportation)],
    ['latitude', l.latitude],
    ['longitude', l.longitude],
  ]);
}

function presentLocation(g: OrukLocationGraph): OrukObject {
  return {
    ...presentLocationSummary(g.location),
    addresses: g.addresses.map(presentAddress),
    accessibility: g.accessibility.map(presentAccessibility),
    languages: g.languages.map(presentLanguage),
    phones: g.phones.map(presentPhone),
  };
}

function presentAddress(a: Selectable<AddressTable>): OrukObject {
  return fields([
    ['id', a.id],
    ['location_id', a.location_id],
    ['attention', text(a.attention)],
    ['address_1', a.address_1],
    ['address_2', text(a.address_2)],
    ['city', a.city],
    ['region', text(a.region)],
    ['state_province', a.state_province],
    ['postal_code', a.postal_code],
    ['country', a.country],
    ['address_type', oneOf(a.address_type, LOCATION_TYPES) ?? 'physical'],
  ]);
}

function presentAccessibility(a: Selectable<AccessibilityTable>): OrukObject {
  return fields([
    ['id', a.id],
    ['location_id', a.location_id],
    ['description', text(a.description)],
    ['details', text(a.details)],
    ['url', uri(a.url)],
  ]);
}

function presentSchedule(s: Selectable<ScheduleTable>): OrukObject {
  return fields([
    ['id', s.id],
    ['service_id', s.service_id],
    ['location_id', s.location_id],
    ['service_at_location_id', s.service_at_location_id],
    ['valid_from', s.valid_from],
    ['valid_to', s.valid_to],
    ['dtstart', s.dtstart],
    ['timezone', s.timezone === null ? null : Number(s.timezone)],
    ['until', s.until],
    ['count', s.count === null ? null : Number(s.count)],
    ['wkst', s.wkst],
    ['freq', oneOf(s.freq === null ? null : s.freq.toUpperCase(), SCHEDULE_FREQS)],
    ['interval', s.interval === null ? null : Number(s.interval)],
    ['byday', s.byday],
    ['byweekno', s.byweekno],
    ['bymonthday', s.bymonthday],
    ['byyearday', s.byyearday],
    ['description', text(s.description)],
    ['opens_at', s.opens_at],
    ['closes_at', s.closes_at],
    ['schedule_link', uri(s.schedule_link)],
    ['attending_type', text(s.attending_type)],
    ['notes', text(s.notes)],
  ]);
}

function presentLanguage(l: Selectable<LanguageTable>): OrukObject {
  return fields([
    ['id', l.id],
    ['service_id', l.service_id],
    ['location_id', l.location_id],
    ['phone_id', l.phone_id],
    ['name', text(l.name)],
    ['code', text(l.code)],
    ['note', text(l.note)],
  ]);
}

function presentPhone(p: OrukPhoneRow): OrukObject {
  return fields([
    ['id', p.id],
    ['service_id', p.service_id],
    ['location_id', p.location_id],
    ['contact_id', p.contact_id],
    ['number', p.number],
    ['extension', p.extension],
    ['type', text(p.type)],
    ['description', text(p.description)],
    ['languages', p.languages.map(presentLanguage)],
  ]);
}

function presentContact(c: OrukContactRow): OrukObject {
  return fields([
    ['id', c.id],
    ['service_id', c.service_id],
    ['name', text(c.name)],
    ['title', text(c.title)],
    ['department', text(c.department)],
    ['email', email(c.email)],
    ['phones', c.phones.map(presentPhone)],
  ]);
}

function presentCostOption(c: Selectable<CostOptionTable>): OrukObject {
  return fields([
    ['id', c.id],
    ['service_id', c.service_id],
    ['valid_from', c.valid_from],
    ['valid_to', c.valid_to],
    ['option', text(c.option)],
    ['currency', text(c.currency)],
    ['amount', c.amount === null ? null : Number(c.amount)],
    ['amount_description', text(c.amount_description)],
  ]);
}

function presentServiceArea(a: Selectable<ServiceAreaTable>): OrukObject {
  return fields([
    ['id', a.id],
    ['service_id', a.service_id],
    ['name', text(a.name)],
    ['description', text(a.description)],
    ['extent', text(a.extent)],
    ['extent_type', text(a.extent_type)],
    ['uri', text(a.uri)],
  ]);
}

/** An attribute with its taxonomy term; one whose term has gone is left out. */
function presentAttribute(a: OrukAttributeRow): OrukObject[] {
  if (a.term === undefined) return [];
  return [
    fields([
      ['id', a.id],
      ['link_id', a.link_id],
      ['link_type', a.link_type],
      ['link_entity', a.link_entity],
      ['taxonomy_term_id', a.taxonomy_term_id],
      ['value', text(a.value)],
      ['label', text(a.label)],
      ['taxonomy_term', presentOrukTaxonomyTerm(a.term)],
    ]),
  ];
}

export function presentOrukTaxonomyTerm(t: OrukTermRow): OrukObject {
  return fields([
    ['id', t.id],
    ['code', text(t.code)],
    ['name', t.name],
    ['description', t.description],
    ['parent_id', t.parent_id],
    ['taxonomy', t.taxonomy_name],
    ['taxonomy_id', t.taxonomy_id],
    ['term_uri', uri(t.term_uri)],
    ['language', text(t.language)],
  ]);
}

export function presentOrukTaxonomy(t: Selectable<TaxonomyTable>, terms?: OrukTermRow[]): OrukObject {
  return fields([
    ['id', t.id],
    ['name', t.name],
    ['description', t.description],
    ['uri', uri(t.uri)],
    ['version', text(t.version)],
    ['taxonomy_terms', terms?.map(presentOrukTaxonomyTerm)],
  ]);
}

/** One row of GET /service_at_locations: the link with its location (and addresses) and service. */
export function presentOrukServiceAtLocationListItem(i: OrukServiceAtLocationListItem): OrukObject {
  return fields([
    ['id', i.id],
    ['service_id', i.service_id],
    ['location_id', i.location_id],
    ['description', text(i.description)],
    ['location', { ...presentLocationSummary(i.location), addresses: i.addresses.map(presentAddress) }],
    ['service', presentOrukServiceSummary(i.service, i.organisation)],
  ]);
}

/** GET /service_at_locations/{id}: the link, its full location and schedules, and its service. */
export function presentOrukServiceAtLocation(
  sal: OrukServiceAtLocationGraph,
  service: OrukServiceRow,
  organisation: OrukOrganisationRow | undefined,
): OrukObject {
  return { ...presentServiceAtLocation(sal), service: presentOrukServiceSummary(service, organisation) };
}

/** GET /organizations/{id}: the organisation with its published services (one-to-one fields). */
export function presentOrukOrganizationFull(o: OrukOrganisationRow, services: OrukServiceRow[]): OrukObject {
  return { ...presentOrukOrganization(o), services: services.map((s) => presentOrukServiceSummary(s)) };
}
