import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type {
  AccessibilityTable,
  AddressTable,
  AttributeTable,
  CostOptionTable,
  DB,
  LanguageTable,
  LocationTable,
  PhoneTable,
  ScheduleTable,
  ServiceAreaTable,
  ServiceContactTable,
  TaxonomyTable,
  TaxonomyTermTable,
} from '../../schema.ts';
import { nameOrder } from '../../name-order.ts';

// Reads for the Open Referral UK 3.0 API (/oruk). What is published: services that are not
// archived, run by VCSE or partner organisations; those organisations (only when they have such a
// service); their locations and the objects below them; taxonomies and terms. Never practices,
// PCNs, ICBs, users, or anything about people.
//
// Efficiency: a list reads one page of rows plus, for the page's ids, one query per kind of child
// (never one per row). Proximity search narrows by a latitude/longitude box in SQL (portable
// comparisons), then measures exact great-circle distance in the app, because SQLite has no
// dependable trigonometric functions.

/** Organisation kinds whose services are published. */
export const PUBLISHED_ORGANISATION_KINDS = ['vcse', 'partner'] as const;

/** Keeps `in (…)` lists well under every driver's bound-parameter limit. */
const CHUNK = 500;

export interface OrukPage<T> {
  items: T[];
  total: number;
}

export interface OrukServiceFilter {
  search?: string | undefined;
  taxonomyTermId?: string | undefined;
  taxonomyId?: string | undefined;
  minimumAge?: number | undefined;
  maximumAge?: number | undefined;
}

export type OrukOrganisationRow = {
  id: string;
  name: string;
  description: string | null;
  email: string | null;
  website: string | null;
};

export type OrukServiceRow = {
  id: string;
  organisation_id: string;
  name: string;
  description: string | null;
  url: string | null;
  email: string | null;
  status: string;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  fees_description: string | null;
  application_process: string | null;
  interpretation_services: string | null;
  accreditations: string | null;
  alert: string | null;
  assured_date: string | null;
  updated_at: string;
};

export type OrukLocationRow = Omit<Selectable<LocationTable>, 'source' | 'external_id' | 'created_at' | 'updated_at' | 'organisation_id'>;
export type OrukTermRow = Selectable<TaxonomyTermTable> & { taxonomy_name: string | null };
export type OrukAttributeRow = Selectable<AttributeTable> & { term: OrukTermRow | undefined };
export type OrukPhoneRow = Selectable<PhoneTable> & { languages: Selectable<LanguageTable>[] };
export type OrukContactRow = Selectable<ServiceContactTable> & { phones: OrukPhoneRow[] };

/** A location with everything below it. */
export interface OrukLocationGraph {
  location: OrukLocationRow;
  addresses: Selectable<AddressTable>[];
  accessibility: Selectable<AccessibilityTable>[];
  languages: Selectable<LanguageTable>[];
  phones: OrukPhoneRow[];
}

export interface OrukServiceAtLocationGraph {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
  location: OrukLocationGraph | undefined;
  schedules: Selectable<ScheduleTable>[];
}

/** A service with everything ORUK nests in it. */
export interface OrukServiceGraph {
  service: OrukServiceRow;
  organisation: OrukOrganisationRow | undefined;
  serviceAtLocations: OrukServiceAtLocationGraph[];
  schedules: Selectable<ScheduleTable>[];
  phones: OrukPhoneRow[];
  contacts: OrukContactRow[];
  costOptions: Selectable<CostOptionTable>[];
  serviceAreas: Selectable<ServiceAreaTable>[];
  languages: Selectable<LanguageTable>[];
  attributes: OrukAttributeRow[];
}

/** One row of /service_at_locations: the link, its location (with addresses) and its service. */
export interface OrukServiceAtLocationListItem {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
  location: OrukLocationRow;
  addresses: Selectable<AddressTable>[];
  service: OrukServiceRow;
  organisation: OrukOrganisationRow | undefined;
}

const SERVICE_COLUMNS = [
  's.id',
  's.organisation_id',
  's.name',
  's.description',
  's.url',
  's.email',
  's.status',
  's.eligibility_description',
  's.minimum_age',
  's.maximum_age',
  's.fees_description',
  's.application_process',
  's.interpretation_services',
  's.accreditations',
  's.alert',
  's.assured_date',
  's.updated_at',
] as const;

const LOCATION_COLUMNS = ['l.id', 'l.location_type', 'l.name', 'l.description', 'l.url', 'l.transportation', 'l.latitude', 'l.longitude'] as const;

type ServiceScope = ExpressionBuilder<DB & { s: DB['service']; o: DB['organisation'] }, 's' | 'o'>;

/** The published-service predicate plus the caller's filters, over `service as s` joined to `organisation as o`. */
function serviceWhere(eb: ServiceScope, f: OrukServiceFilter) {
  const conds = [eb('s.archived', '=', 0), eb('o.kind', 'in', [...PUBLISHED_ORGANISATION_KINDS])];
  for (const word of searchWords(f.search)) {
    const pattern = `%${escapeLike(word)}%`;
    conds.push(
      eb.or([
        eb(sql<string>`lower(${eb.ref('s.name')})`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(coalesce(${eb.ref('s.description')}, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(${eb.ref('o.name')})`, 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  if (f.taxonomyTermId !== undefined) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('attribute as a')
          .select('a.id')
          .whereRef('a.link_id', '=', 's.id')
          .where('a.link_entity', '=', 'service')
          .where('a.taxonomy_term_id', '=', f.taxonomyTermId),
      ),
    );
  }
  if (f.taxonomyId !== undefined) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('attribute as a')
          .innerJoin('taxonomy_term as tt', 'tt.id', 'a.taxonomy_term_id')
          .select('a.id')
          .whereRef('a.link_id', '=', 's.id')
          .where('a.link_entity', '=', 'service')
          .where('tt.taxonomy_id', '=', f.taxonomyId),
      ),
    );
  }
  // The standard's wording, taken literally: minimum_age=N keeps services whose minimum age is at
  // least N (no minimum counts as 0); maximum_age=N keeps services whose maximum age is at most N
  // (no maximum counts as unbounded, so it never qualifies).
  if (f.minimumAge !== undefined) conds.push(eb(eb.fn.coalesce('s.minimum_age', sql<number>`0`), '>=', f.minimumAge));
  if (f.maximumAge !== undefined) conds.push(eb.and([eb('s.maximum_age', 'is not', null), eb('s.maximum_age', '<=', f.maximumAge)]));
  return eb.and(conds);
}

/** Lower-cased words of a search, at most eight (each must appear in the name, description or organisation). */
function searchWords(search: string | undefined): string[] {
  if (search === undefined) return [];
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 8);
}

/** Escapes LIKE's wildcards so user text matches literally (with `escape '\'`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

function unique(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = map.get(k);
    if (list === undefined) map.set(k, [row]);
    else list.push(row);
  }
  return map;
}

function num(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function toServiceRow(r: OrukServiceRow): OrukServiceRow {
  return { ...r, minimum_age: num(r.minimum_age), maximum_age: num(r.maximum_age) };
}

function toLocationRow(r: OrukLocationRow): OrukLocationRow {
  return { ...r, latitude: num(r.latitude), longitude: num(r.longitude) };
}

// ---- services ----

/** One page of published services, ordered by name then id. */
export async function listPublishedServices(
  db: Kysely<DB>,
  filter: OrukServiceFilter,
  page: number,
  perPage: number,
): Promise<OrukPage<{ service: OrukServiceRow; organisation: OrukOrganisationRow | undefined }>> {
  const base = db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .where((eb) => serviceWhere(eb, filter));
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([...SERVICE_COLUMNS])
    .orderBy(nameOrder('s.name'))
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  const services = rows.map(toServiceRow);
  const orgs = await findOrganisationsByIds(db, unique(services.map((s) => s.organisation_id)));
  return { total: Number(n), items: services.map((service) => ({ service, organisation: orgs.get(service.organisation_id) })) };
}

/** A published service with everything nested in it, or undefined. */
export async function findPublishedServiceGraph(db: Kysely<DB>, id: string): Promise<OrukServiceGraph | undefined> {
  const row = await db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .where((eb) => serviceWhere(eb, {}))
    .where('s.id', '=', id)
    .select([...SERVICE_COLUMNS])
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const [graph] = await loadServiceGraphs(db, [toServiceRow(row)]);
  return graph;
}

/**
 * Everything nested in the given services, read with a fixed number of queries whatever their
 * count: one per kind of child, for all the services' ids at once.
 */
export async function loadServiceGraphs(db: Kysely<DB>, services: readonly OrukServiceRow[]): Promise<OrukServiceGraph[]> {
  const ids = services.map((s) => s.id);
  if (ids.length === 0) return [];
  const orgs = await findOrganisationsByIds(db, unique(services.map((s) => s.organisation_id)));

  const sals: { id: string; service_id: string; location_id: string; description: string | null }[] = [];
  const schedules: Selectable<ScheduleTable>[] = [];
  const contacts: Selectable<ServiceContactTable>[] = [];
  const costOptions: Selectable<CostOptionTable>[] = [];
  const areas: Selectable<ServiceAreaTable>[] = [];
  const languages: Selectable<LanguageTable>[] = [];
  const attributes: Selectable<AttributeTable>[] = [];
  for (const part of chunks(ids)) {
    sals.push(
      ...(await db
        .selectFrom('service_at_location')
        .select(['id', 'service_id', 'location_id', 'description'])
        .where('service_id', 'in', part)
        .orderBy('id')
        .execute()),
    );
    schedules.push(...(await db.selectFrom('schedule').selectAll().where('service_id', 'in', part).orderBy('id').execute()));
    contacts.push(...(await db.selectFrom('service_contact').selectAll().where('service_id', 'in', part).orderBy('id').execute()));
    costOptions.push(...(await db.selectFrom('cost_option').selectAll().where('service_id', 'in', part).orderBy('id').execute()));
    areas.push(...(await db.selectFrom('service_area').selectAll().where('service_id', 'in', part).orderBy('id').execute()));
    languages.push(...(await db.selectFrom('language').selectAll().where('service_id', 'in', part).orderBy('id').execute()));
    attributes.push(
      ...(await db.selectFrom('attribute').selectAll().where('link_entity', '=', 'service').where('link_id', 'in', part).orderBy('id').execute()),
    );
  }
  // Schedules of a service's locations come through the service_at_location they belong to.
  const salIds = sals.map((s) => s.id);
  for (const part of chunks(salIds)) {
    schedules.push(
      ...(await db.selectFrom('schedule').selectAll().where('service_at_location_id', 'in', part).where('service_id', 'is', null).orderBy('id').execute()),
    );
  }
  const locations = await loadLocationGraphs(db, unique(sals.map((s) => s.location_id)));
  const phones = await loadPhones(db, { serviceIds: ids, contactIds: contacts.map((c) => c.id) });
  const terms = await findTermsByIds(db, unique(attributes.map((a) => a.taxonomy_term_id)));

  const salSchedules = groupBy(schedules, (s) => s.service_at_location_id);
  const byService = {
    sals: groupBy(sals, (s) => s.service_id),
    schedules: groupBy(schedules, (s) => (s.service_at_location_id === null ? s.service_id : null)),
    contacts: groupBy(contacts, (c) => c.service_id),
    costOptions: groupBy(costOptions, (c) => c.service_id),
    areas: groupBy(areas, (a) => a.service_id),
    languages: groupBy(languages, (l) => l.service_id),
    attributes: groupBy(attributes, (a) => a.link_id),
    phones: groupBy(phones, (p) => (p.contact_id === null ? p.service_id : null)),
  };
  const contactPhones = groupBy(phones, (p) => p.contact_id);

  return services.map((service) => ({
    service,
    organisation: orgs.get(service.organisation_id),
    serviceAtLocations: (byService.sals.get(service.id) ?? []).map((sal) => ({
      ...sal,
      location: locations.get(sal.location_id),
      schedules: salSchedules.get(sal.id) ?? [],
    })),
    schedules: byService.schedules.get(service.id) ?? [],
    phones: byService.phones.get(service.id) ?? [],
    contacts: (byService.contacts.get(service.id) ?? []).map((c) => ({ ...c, phones: contactPhones.get(c.id) ?? [] })),
    costOptions: (byService.costOptions.get(service.id) ?? []).map((c) => ({ ...c, amount: num(c.amount) })),
    serviceAreas: byService.areas.get(service.id) ?? [],
    languages: byService.languages.get(service.id) ?? [],
    attributes: (byService.attributes.get(service.id) ?? []).map((a) => ({ ...a, term: terms.get(a.taxonomy_term_id) })),
  }));
}

/** Phones of the given services and contacts, each with its languages. */
async function loadPhones(db: Kysely<DB>, by: { serviceIds?: string[]; contactIds?: string[]; locationIds?: string[] }): Promise<OrukPhoneRow[]> {
  const phones = new Map<string, Selectable<PhoneTable>>();
  const read = async (column: 'service_id' | 'contact_id' | 'location_id', ids: string[] | undefined) => {
    for (const part of chunks(ids ?? [])) {
      for (const p of await db.selectFrom('phone').selectAll().where(column, 'in', part).orderBy('id').execute()) phones.set(p.id, p);
    }
  };
  await read('service_id', by.serviceIds);
  await read('contact_id', by.contactIds);
  await read('location_id', by.locationIds);
  const languages: Selectable<LanguageTable>[] = [];
  for (const part of chunks([...phones.keys()])) {
    languages.push(...(await db.selectFrom('language').selectAll().where('phone_id', 'in', part).orderBy('id').execute()));
  }
  const byPhone = groupBy(languages, (l) => l.phone_id);
  return [...phones.values()].map((p) => ({ ...p, extension: num(p.extension), languages: byPhone.get(p.id) ?? [] }));
}

/** Locations with their addresses, accessibility, languages and phones, by id. */
async function loadLocationGraphs(db: Kysely<DB>, ids: string[]): Promise<Map<string, OrukLocationGraph>> {
  const locations: OrukLocationRow[] = [];
  const addresses: Selectable<AddressTable>[] = [];
  const access: Selectable<AccessibilityTable>[] = [];
  const languages: Selectable<LanguageTable>[] = [];
  for (const part of chunks(ids)) {
    locations.push(
      ...(
        await db
          .selectFrom('location as l')
          .select([...LOCATION_COLUMNS])
          .where('l.id', 'in', part)
          .execute()
      ).map(toLocationRow),
    );
    addresses.push(...(await db.selectFrom('address').selectAll().where('location_id', 'in', part).orderBy('id').execute()));
    access.push(...(await db.selectFrom('accessibility').selectAll().where('location_id', 'in', part).orderBy('id').execute()));
    languages.push(...(await db.selectFrom('language').selectAll().where('location_id', 'in', part).where('phone_id', 'is', null).orderBy('id').execute()));
  }
  // Phones that belong to a location itself (not to a service or contact held there).
  const phones = (await loadPhones(db, { locationIds: ids })).filter((p) => p.service_id === null && p.contact_id === null);
  const a = groupBy(addresses, (r) => r.location_id);
  const acc = groupBy(access, (r) => r.location_id);
  const lang = groupBy(languages, (r) => r.location_id);
  const ph = groupBy(phones, (r) => r.location_id);
  return new Map(
    locations.map((location) => [
      location.id,
      {
        location,
        addresses: a.get(location.id) ?? [],
        accessibility: acc.get(location.id) ?? [],
        languages: lang.get(location.id) ?? [],
        phones: ph.get(location.id) ?? [],
      },
    ]),
  );
}

// ---- service at location ----

export interface OrukProximity {
  latitude: number;
  longitude: number;
  /** Metres; undefined orders by distance without a limit. */
  withinMetres: number | undefined;
}

/**
 * One page of published service-at-locations. With a point, ordered by distance from it (those
 * without coordinates last, unless a proximity is given, which leaves them out); otherwise by
 * service name.
 */
export async function listPublishedServiceAtLocations(
  db: Kysely<DB>,
  filter: OrukServiceFilter,
  near: OrukProximity | undefined,
  page: number,
  perPage: number,
): Promise<OrukPage<OrukServiceAtLocationListItem & { distanceMetres: number | null }>> {
  const base = db
    .selectFrom('service_at_location as sal')
    .innerJoin('service as s', 's.id', 'sal.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .innerJoin('location as l', 'l.id', 'sal.location_id')
    .where((eb) => serviceWhere(eb as unknown as ServiceScope, filter));

  let pageIds: string[];
  let total: number;
  const distances = new Map<string, number | null>();
  if (near === undefined) {
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(n);
    const rows = await base
      .select('sal.id')
      .orderBy(nameOrder('s.name'))
      .orderBy('s.name')
      .orderBy('sal.id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute();
    pageIds = rows.map((r) => r.id);
  } else {
    let q = base.select(['sal.id', 'l.latitude', 'l.longitude']);
    if (near.withinMetres !== undefined) {
      // A box around the point, in SQL, so only nearby rows come back; the exact circle is below.
      const dLat = near.withinMetres / 111_000;
      const dLon = near.withinMetres / (111_000 * Math.max(Math.cos((near.latitude * Math.PI) / 180), 0.01));
      q = q
        .where('l.latitude', '>=', near.latitude - dLat)
        .where('l.latitude', '<=', near.latitude + dLat)
        .where('l.longitude', '>=', near.longitude - dLon)
        .where('l.longitude', '<=', near.longitude + dLon);
    }
    const candidates = (await q.execute()).map((r) => {
      const lat = num(r.latitude);
      const lon = num(r.longitude);
      return { id: r.id, distance: lat === null || lon === null ? null : haversineMetres(near.latitude, near.longitude, lat, lon) };
    });
    const kept = candidates
      .filter((c) => near.withinMetres === undefined || (c.distance !== null && c.distance <= near.withinMetres))
      .sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    total = kept.length;
    const slice = kept.slice((page - 1) * perPage, page * perPage);
    for (const c of slice) distances.set(c.id, c.distance);
    pageIds = slice.map((c) => c.id);
  }
  if (pageIds.length === 0) return { total, items: [] };

  const rows = await db
    .selectFrom('service_at_location as sal')
    .innerJoin('service as s', 's.id', 'sal.service_id')
    .innerJoin('location as l', 'l.id', 'sal.location_id')
    .where('sal.id', 'in', pageIds)
    .select([
      'sal.id as sal_id',
      'sal.description as sal_description',
      ...SERVICE_COLUMNS,
      'l.id as l_id',
      'l.location_type',
      'l.name as l_name',
      'l.description as l_description',
      'l.url as l_url',
      'l.transportation',
      'l.latitude',
      'l.longitude',
    ])
    .execute();
  const orgs = await findOrganisationsByIds(db, unique(rows.map((r) => r.organisation_id)));
  const addresses = groupBy(
    await db
      .selectFrom('address')
      .selectAll()
      .where('location_id', 'in', unique(rows.map((r) => r.l_id)))
      .orderBy('id')
      .execute(),
    (a) => a.location_id,
  );
  const byId = new Map(rows.map((r) => [r.sal_id, r]));
  const items = pageIds.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    const service = toServiceRow({
      id: r.id,
      organisation_id: r.organisation_id,
      name: r.name,
      description: r.description,
      url: r.url,
      email: r.email,
      status: r.status,
      eligibility_description: r.eligibility_description,
      minimum_age: r.minimum_age,
      maximum_age: r.maximum_age,
      fees_description: r.fees_description,
      application_process: r.application_process,
      interpretation_services: r.interpretation_services,
      accreditations: r.accreditations,
      alert: r.alert,
      assured_date: r.assured_date,
      updated_at: r.updated_at,
    });
    const location = toLocationRow({
      id: r.l_id,
      location_type: r.location_type,
      name: r.l_name,
      description: r.l_description,
      url: r.l_url,
      transportation: r.transportation,
      latitude: r.latitude,
      longitude: r.longitude,
    });
    return [
      {
        id: r.sal_id,
        service_id: r.id,
        location_id: r.l_id,
        description: r.sal_description,
        location,
        addresses: addresses.get(r.l_id) ?? [],
        service,
        organisation: orgs.get(r.organisation_id),
        distanceMetres: distances.get(id) ?? null,
      },
    ];
  });
  return { total, items };
}

/** A published service-at-location with its location graph, schedules and service, or undefined. */
export async function findPublishedServiceAtLocation(
  db: Kysely<DB>,
  id: string,
): Promise<{ sal: OrukServiceAtLocationGraph; service: OrukServiceRow; organisation: OrukOrganisationRow | undefined } | undefined> {
  const r = await db
    .selectFrom('service_at_location as sal')
    .innerJoin('service as s', 's.id', 'sal.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .where((eb) => serviceWhere(eb as unknown as ServiceScope, {}))
    .where('sal.id', '=', id)
    .select(['sal.id as sal_id', 'sal.location_id', 'sal.description as sal_description', ...SERVICE_COLUMNS])
    .executeTakeFirst();
  if (r === undefined) return undefined;
  const locations = await loadLocationGraphs(db, [r.location_id]);
  const schedules = await db.selectFrom('schedule').selectAll().where('service_at_location_id', '=', id).orderBy('id').execute();
  const { sal_id, location_id, sal_description, ...serviceCols } = r;
  const service = toServiceRow(serviceCols);
  const orgs = await findOrganisationsByIds(db, [service.organisation_id]);
  return {
    sal: { id: sal_id, service_id: service.id, location_id, description: sal_description, location: locations.get(location_id), schedules },
    service,
    organisation: orgs.get(service.organisation_id),
  };
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---- organisations ----

const ORG_COLUMNS = ['o.id', 'o.name', 'o.description', 'o.email', 'o.website'] as const;

/** Only organisations that run at least one published service are themselves published. */
function hasPublishedService(eb: ExpressionBuilder<DB & { o: DB['organisation'] }, 'o'>) {
  return eb.and([
    eb('o.kind', 'in', [...PUBLISHED_ORGANISATION_KINDS]),
    eb.exists(eb.selectFrom('service as ps').select('ps.id').whereRef('ps.organisation_id', '=', 'o.id').where('ps.archived', '=', 0)),
  ]);
}

async function findOrganisationsByIds(db: Kysely<DB>, ids: string[]): Promise<Map<string, OrukOrganisationRow>> {
  const out = new Map<string, OrukOrganisationRow>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('organisation as o')
      .select([...ORG_COLUMNS])
      .where('o.id', 'in', part)
      .where('o.kind', 'in', [...PUBLISHED_ORGANISATION_KINDS])
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

export async function listPublishedOrganisations(db: Kysely<DB>, page: number, perPage: number): Promise<OrukPage<OrukOrganisationRow>> {
  const base = db.selectFrom('organisation as o').where(hasPublishedService);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select([...ORG_COLUMNS])
    .orderBy(nameOrder('o.name'))
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { total: Number(n), items };
}

/** A published organisation with its published services (one-to-one fields), or undefined. */
export async function findPublishedOrganisation(
  db: Kysely<DB>,
  id: string,
): Promise<{ organisation: OrukOrganisationRow; services: OrukServiceRow[] } | undefined> {
  const organisation = await db
    .selectFrom('organisation as o')
    .select([...ORG_COLUMNS])
    .where('o.id', '=', id)
    .where(hasPublishedService)
    .executeTakeFirst();
  if (organisation === undefined) return undefined;
  const services = await db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .where((eb) => serviceWhere(eb, {}))
    .where('s.organisation_id', '=', id)
    .select([...SERVICE_COLUMNS])
    .orderBy(nameOrder('s.name'))
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
  return { organisation, services: services.map(toServiceRow) };
}

// ---- taxonomies ----

export async function listTaxonomies(db: Kysely<DB>, page: number, perPage: number): Promise<OrukPage<Selectable<TaxonomyTable>>> {
  const { n } = await db
    .selectFrom('taxonomy')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('taxonomy')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { total: Number(n), items };
}

/** A taxonomy with all its terms (ordered by name), or undefined. */
export async function findTaxonomy(db: Kysely<DB>, id: string): Promise<{ taxonomy: Selectable<TaxonomyTable>; terms: OrukTermRow[] } | undefined> {
  const taxonomy = await db.selectFrom('taxonomy').selectAll().where('id', '=', id).executeTakeFirst();
  if (taxonomy === undefined) return undefined;
  const terms = await db.selectFrom('taxonomy_term').selectAll().where('taxonomy_id', '=', id).orderBy('name').orderBy('id').execute();
  return { taxonomy, terms: terms.map((t) => ({ ...t, taxonomy_name: taxonomy.name })) };
}

export async function listTaxonomyTerms(db: Kysely<DB>, taxonomyId: string | undefined, page: number, perPage: number): Promise<OrukPage<OrukTermRow>> {
  let base = db.selectFrom('taxonomy_term as t').leftJoin('taxonomy as x', 'x.id', 't.taxonomy_id');
  if (taxonomyId !== undefined) base = base.where('t.taxonomy_id', '=', taxonomyId);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .selectAll('t')
    .select('x.name as taxonomy_name')
    .orderBy('t.name')
    .orderBy('t.id')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { total: Number(n), items };
}

export async function findTaxonomyTerm(db: Kysely<DB>, id: string): Promise<OrukTermRow | undefined> {
  return (await findTermsByIds(db, [id])).get(id);
}

async function findTermsByIds(db: Kysely<DB>, ids: string[]): Promise<Map<string, OrukTermRow>> {
  const out = new Map<string, OrukTermRow>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('taxonomy_term as t')
      .leftJoin('taxonomy as x', 'x.id', 't.taxonomy_id')
      .selectAll('t')
      .select('x.name as taxonomy_name')
      .where('t.id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
