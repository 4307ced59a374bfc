import type { Insertable, Kysely } from 'kysely';
import type { NeedClassification } from '../../../domain/needs-classifier.ts';
import type { NeedCode } from '../../../domain/needs.ts';
import {
  termKey,
  type OrukLanguage,
  type OrukLocation,
  type OrukOrganisation,
  type OrukPhone,
  type OrukSchedule,
  type OrukService,
} from '../../../domain/oruk/types.ts';
import type { DB, LanguageTable, PhoneTable, ScheduleTable } from '../../schema.ts';

/*
 * The write side of the directory import: rows keyed by (source, external id), child rows replaced
 * per service. Every function takes the caller's transaction; none commits. Inserts go in chunks
 * so no statement passes SQLite's or PostgreSQL's bound-parameter limits.
 */

const CHUNK = 100;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function insertRows<T extends keyof DB>(db: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  // Chunk by bound parameters (~25 columns × 100 rows stays far below both databases' limits).
  for (const part of chunks(rows)) {
    await db.insertInto(table).values(part).execute();
  }
}

export type NewId = () => string;

/** What an import needs to know about a service already imported from the source. */
export interface ImportedServiceRow {
  id: string;
  externalId: string;
  contentHash: string | null;
  missingFromSourceAt: string | null;
  needsSource: string;
}

export async function listImportedServices(db: Kysely<DB>, source: string): Promise<ImportedServiceRow[]> {
  const rows = await db
    .selectFrom('service')
    .select(['id', 'external_id', 'content_hash', 'missing_from_source_at', 'needs_source'])
    .where('source', '=', source)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id ?? '',
    contentHash: r.content_hash,
    missingFromSourceAt: r.missing_from_source_at,
    needsSource: r.needs_source,
  }));
}

/**
 * How many of these feed ids other sources already hold, per source: the same feed imported
 * before under another name (its services would be listed twice).
 */
export async function countServicesFromOtherSources(
  db: Kysely<DB>,
  source: string,
  externalIds: readonly string[],
): Promise<{ source: string; services: number }[]> {
  const counts = new Map<string, number>();
  for (const part of chunks([...externalIds])) {
    const rows = await db
      .selectFrom('service')
      .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('source', 'is not', null)
      .where('source', '!=', source)
      .where('archived', '=', 0)
      .where('external_id', 'in', part)
      .groupBy('source')
      .execute();
    for (const r of rows) if (r.source !== null) counts.set(r.source, (counts.get(r.source) ?? 0) + Number(r.n));
  }
  return [...counts].map(([s, n]) => ({ source: s, services: n })).sort((a, b) => b.services - a.services || (a.source < b.source ? -1 : 1));
}

export interface ImportedOrganisationRow {
  id: string;
  externalId: string;
  name: string;
  description: string | null;
  email: string | null;
  website: string | null;
}

export async function listImportedOrganisations(db: Kysely<DB>, source: string): Promise<ImportedOrganisationRow[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'external_id', 'name', 'description', 'email', 'website'])
    .where('source', '=', source)
    .execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id ?? '', name: r.name, description: r.description, email: r.email, website: r.website }));
}

/** A feed organisation becomes a Linkwork VCSE organisation (so provider users can be scoped to it). */
export async function insertImportedOrganisations(
  db: Kysely<DB>,
  source: string,
  orgs: { id: string; org: OrukOrganisation & { name: string } }[],
  at: string,
): Promise<void> {
  await insertRows(
    db,
    'organisation',
    orgs.map(({ id, org }) => ({
      id,
      kind: 'vcse',
      name: org.name,
      ods_code: null,
      parent_id: null,
      list_size: null,
      created_at: at,
      description: org.description,
      email: org.email,
      website: org.website,
      source,
      external_id: org.externalId,
    })),
  );
}

export async function updateImportedOrganisation(db: Kysely<DB>, id: string, org: OrukOrganisation & { name: string }): Promise<void> {
  await db
    .updateTable('organisation')
    .set({ name: org.name, description: org.description, email: org.email, website: org.website })
    .where('id', '=', id)
    .execute();
}

export async function listImportedLocations(db: Kysely<DB>, source: string): Promise<{ id: string; externalId: string }[]> {
  const rows = await db.selectFrom('location').select(['id', 'external_id']).where('source', '=', source).execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id ?? '' }));
}

const languageRow = (
  newId: NewId,
  l: OrukLanguage,
  link: Partial<Pick<LanguageTable, 'service_id' | 'location_id' | 'phone_id'>>,
): Insertable<LanguageTable> => ({
  id: newId(),
  service_id: link.service_id ?? null,
  location_id: link.location_id ?? null,
  phone_id: link.phone_id ?? null,
  name: l.name,
  code: l.code,
  note: l.note,
});

/** Phone rows and the language rows of each phone. */
function phoneRows(
  newId: NewId,
  phones: readonly OrukPhone[],
  link: Partial<Pick<PhoneTable, 'service_id' | 'location_id' | 'contact_id' | 'organisation_id'>>,
) {
  const rows: Insertable<PhoneTable>[] = [];
  const languages: Insertable<LanguageTable>[] = [];
  for (const p of phones) {
    const id = newId();
    rows.push({
      id,
      organisation_id: link.organisation_id ?? null,
      service_id: link.service_id ?? null,
      location_id: link.location_id ?? null,
      contact_id: link.contact_id ?? null,
      number: p.number,
      extension: p.extension,
      type: p.type,
      description: p.description,
    });
    for (const l of p.languages) languages.push(languageRow(newId, l, { phone_id: id }));
  }
  return { rows, languages };
}

const scheduleRow = (
  newId: NewId,
  s: OrukSchedule,
  link: Partial<Pick<ScheduleTable, 'service_id' | 'location_id' | 'service_at_location_id'>>,
): Insertable<ScheduleTable> => ({
  id: newId(),
  service_id: link.service_id ?? null,
  location_id: link.location_id ?? null,
  service_at_location_id: link.service_at_location_id ?? null,
  valid_from: s.validFrom,
  valid_to: s.validTo,
  dtstart: s.dtstart,
  timezone: s.timezone,
  until: s.until,
  count: s.count,
  wkst: s.wkst,
  freq: s.freq,
  interval: s.interval,
  byday: s.byday,
  byweekno: s.byweekno,
  bymonthday: s.bymonthday,
  byyearday: s.byyearday,
  description: s.description,
  opens_at: s.opensAt,
  closes_at: s.closesAt,
  schedule_link: s.scheduleLink,
  attending_type: s.attendingType,
  notes: s.notes,
});

const locationFields = (l: OrukLocation) => ({
  location_type: l.locationType,
  name: l.name,
  description: l.description,
  url: l.url,
  transportation: l.transportation,
  latitude: l.latitude,
  longitude: l.longitude,
});

/**
 * Writes locations (new ones inserted, known ones updated) and replaces their addresses,
 * accessibility and phones. `existing` maps external id → Linkwork id for the source.
 */
export async function saveLocations(
  db: Kysely<DB>,
  source: string,
  locations: { id: string; isNew: boolean; organisationId: string; location: OrukLocation }[],
  newId: NewId,
  at: string,
): Promise<void> {
  if (locations.length === 0) return;
  const fresh = locations.filter((l) => l.isNew);
  await insertRows(
    db,
    'location',
    fresh.map((l) => ({
      id: l.id,
      organisation_id: l.organisationId,
      source,
      external_id: l.location.externalId,
      ...locationFields(l.location),
      created_at: at,
      updated_at: at,
    })),
  );
  for (const l of locations.filter((x) => !x.isNew)) {
    await db
      .updateTable('location')
      .set({ ...locationFields(l.location), updated_at: at })
      .where('id', '=', l.id)
      .execute();
  }
  const known = locations.filter((l) => !l.isNew).map((l) => l.id);
  for (const part of chunks(known)) {
    await db
      .deleteFrom('language')
      .where('phone_id', 'in', db.selectFrom('phone').select('id').where('location_id', 'in', part))
      .execute();
    await db.deleteFrom('language').where('location_id', 'in', part).execute();
    await db.deleteFrom('phone').where('location_id', 'in', part).execute();
    await db.deleteFrom('accessibility').where('location_id', 'in', part).execute();
    await db.deleteFrom('address').where('location_id', 'in', part).execute();
  }
  const phones: Insertable<PhoneTable>[] = [];
  const languages: Insertable<LanguageTable>[] = [];
  const addresses: Insertable<DB['address']>[] = [];
  const accessibility: Insertable<DB['accessibility']>[] = [];
  for (const { id, location } of locations) {
    for (const a of location.addresses) {
      addresses.push({
        id: newId(),
        location_id: id,
        attention: a.attention,
        address_1: a.address1,
        address_2: a.address2,
        city: a.city,
        region: a.region,
        state_province: a.stateProvince,
        postal_code: a.postalCode,
        country: a.country,
        address_type: a.addressType,
      });
    }
    for (const a of location.accessibility) accessibility.push({ id: newId(), location_id: id, description: a.description, details: a.details, url: a.url });
    const p = phoneRows(newId, location.phones, { location_id: id });
    phones.push(...p.rows);
    languages.push(...p.languages);
  }
  await insertRows(db, 'address', addresses);
  await insertRows(db, 'accessibility', accessibility);
  await insertRows(db, 'phone', phones);
  await insertRows(db, 'language', languages);
}

/** The ORUK fields of a service row (what an import may write; curated fields are not here). */
function orukServiceFields(s: OrukService) {
  return {
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    eligibility_description: s.eligibilityDescription,
    minimum_age: s.minimumAge,
    maximum_age: s.maximumAge,
    fees_description: s.feesDescription,
    application_process: s.applicationProcess,
    interpretation_services: s.interpretationServices,
    accreditations: s.accreditations,
    alert: s.alert,
    assured_date: s.assuredDate,
  };
}

export interface ServiceWrite {
  id: string;
  organisationId: string;
  service: OrukService;
  contentHash: string;
  classification: readonly NeedClassification[];
  needs: readonly NeedCode[];
}

/** New imported services: signpost-only (takes_referrals 0) until a curator says otherwise. */
export async function insertImportedServices(db: Kysely<DB>, source: string, services: readonly ServiceWrite[], at: string): Promise<void> {
  await insertRows(
    db,
    'service',
    services.map((w) => ({
      id: w.id,
      organisation_id: w.organisationId,
      ...orukServiceFields(w.service),
      needs: JSON.stringify(w.needs),
      takes_referrals: 0,
      archived: 0,
      created_at: at,
      updated_at: at,
      source,
      external_id: w.service.externalId,
      content_hash: w.contentHash,
      classification: JSON.stringify(w.classification),
      needs_source: 'classified',
    })),
  );
}

/**
 * Updates an imported service from the feed. Never touches what Linkwork curates: capacity,
 * waiting time, last verified, archived, takes_referrals, and — unless they are still the
 * classifier's (`needs_source = 'classified'`) — the needs and their classification.
 */
export async function updateImportedService(db: Kysely<DB>, w: ServiceWrite, replaceNeeds: boolean, at: string): Promise<void> {
  await db
    .updateTable('service')
    .set((eb) => ({
      organisation_id: w.organisationId,
      ...orukServiceFields(w.service),
      content_hash: w.contentHash,
      missing_from_source_at: null,
      updated_at: at,
      version: eb('version', '+', 1),
      ...(replaceNeeds ? { needs: JSON.stringify(w.needs), classification: JSON.stringify(w.classification), needs_source: 'classified' } : {}),
    }))
    .where('id', '=', w.id)
    .execute();
}

/** A service that is back in its feed, unchanged: only the "missing" flag is cleared. */
export async function clearMissingFlag(db: Kysely<DB>, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) await db.updateTable('service').set({ missing_from_source_at: null }).where('id', 'in', part).execute();
}

/** Flags (never deletes) the given services as gone from their source feed. */
export async function flagMissingFromSource(db: Kysely<DB>, ids: readonly string[], at: string): Promise<void> {
  for (const part of chunks(ids)) await db.updateTable('service').set({ missing_from_source_at: at }).where('id', 'in', part).execute();
}

/** Deletes the child rows an import owns for these services (schedules, contacts, phones …, term links). */
export async function deleteServiceChildren(db: Kysely<DB>, serviceIds: readonly string[]): Promise<void> {
  for (const part of chunks(serviceIds)) {
    const contacts = db.selectFrom('service_contact').select('id').where('service_id', 'in', part);
    const phones = db
      .selectFrom('phone')
      .select('id')
      .where((eb) => eb.or([eb('service_id', 'in', part), eb('contact_id', 'in', contacts)]));
    await db
      .deleteFrom('language')
      .where((eb) => eb.or([eb('service_id', 'in', part), eb('phone_id', 'in', phones)]))
      .execute();
    await db
      .deleteFrom('phone')
      .where((eb) => eb.or([eb('service_id', 'in', part), eb('contact_id', 'in', contacts)]))
      .execute();
    await db.deleteFrom('service_contact').where('service_id', 'in', part).execute();
    const sals = db.selectFrom('service_at_location').select('id').where('service_id', 'in', part);
    await db
      .deleteFrom('schedule')
      .where((eb) => eb.or([eb('service_id', 'in', part), eb('service_at_location_id', 'in', sals)]))
      .execute();
    await db.deleteFrom('service_at_location').where('service_id', 'in', part).execute();
    await db.deleteFrom('cost_option').where('service_id', 'in', part).execute();
    await db.deleteFrom('service_area').where('service_id', 'in', part).execute();
    await db.deleteFrom('attribute').where('link_entity', '=', 'service').where('link_id', 'in', part).execute();
  }
}

/** Inserts a service's child rows. `locationIds` and `termIds` map the feed's keys to Linkwork ids. */
export async function insertServiceChildren(
  db: Kysely<DB>,
  services: readonly { id: string; organisationId: string; service: OrukService }[],
  locationIds: ReadonlyMap<string, string>,
  termIds: ReadonlyMap<string, string>,
  newId: NewId,
): Promise<void> {
  const rows = {
    schedule: [] as Insertable<DB['schedule']>[],
    service_contact: [] as Insertable<DB['service_contact']>[],
    phone: [] as Insertable<PhoneTable>[],
    language: [] as Insertable<LanguageTable>[],
    cost_option: [] as Insertable<DB['cost_option']>[],
    service_area: [] as Insertable<DB['service_area']>[],
    service_at_location: [] as Insertable<DB['service_at_location']>[],
    attribute: [] as Insertable<DB['attribute']>[],
  };
  for (const { id, organisationId, service: s } of services) {
    for (const sal of s.serviceAtLocations) {
      const locationId = locationIds.get(sal.location.externalId);
      if (locationId === undefined) continue;
      const salId = newId();
      rows.service_at_location.push({ id: salId, service_id: id, location_id: locationId, description: sal.description });
      for (const sch of sal.schedules) rows.schedule.push(scheduleRow(newId, sch, { service_at_location_id: salId }));
    }
    for (const sch of s.schedules) rows.schedule.push(scheduleRow(newId, sch, { service_id: id }));
    const own = phoneRows(newId, s.phones, { service_id: id });
    rows.phone.push(...own.rows);
    rows.language.push(...own.languages);
    for (const c of s.contacts) {
      const contactId = newId();
      rows.service_contact.push({
        id: contactId,
        organisation_id: organisationId,
        service_id: id,
        location_id: null,
        name: c.name,
        title: c.title,
        department: c.department,
        email: c.email,
      });
      const p = phoneRows(newId, c.phones, { contact_id: contactId });
      rows.phone.push(...p.rows);
      rows.language.push(...p.languages);
    }
    for (const l of s.languages) rows.language.push(languageRow(newId, l, { service_id: id }));
    for (const c of s.costOptions) {
      rows.cost_option.push({
        id: newId(),
        service_id: id,
        valid_from: c.validFrom,
        valid_to: c.validTo,
        option: c.option,
        currency: c.currency,
        amount: c.amount,
        amount_description: c.amountDescription,
      });
    }
    for (const a of s.serviceAreas) {
      rows.service_area.push({
        id: newId(),
        service_id: id,
        name: a.name,
        description: a.description,
        extent: a.extent,
        extent_type: a.extentType,
        uri: a.uri,
      });
    }
    for (const t of s.taxonomyTerms) {
      const termId = termIds.get(termKey(t));
      if (termId !== undefined)
        rows.attribute.push({
          id: newId(),
          link_id: id,
          link_type: 'service_taxonomy',
          link_entity: 'service',
          taxonomy_term_id: termId,
          value: null,
          label: null,
        });
    }
  }
  // Parents before children (phones before their languages, contacts before their phones).
  await insertRows(db, 'service_at_location', rows.service_at_location);
  await insertRows(db, 'schedule', rows.schedule);
  await insertRows(db, 'service_contact', rows.service_contact);
  await insertRows(db, 'phone', rows.phone);
  await insertRows(db, 'language', rows.language);
  await insertRows(db, 'cost_option', rows.cost_option);
  await insertRows(db, 'service_area', rows.service_area);
  await insertRows(db, 'attribute', rows.attribute);
}

export interface TaxonomyWrite {
  id: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

export interface TermWrite {
  id: string;
  taxonomyId: string;
  code: string | null;
  name: string;
  description: string;
  parentId: string | null;
  termUri: string | null;
}

/**
 * Inserts taxonomies and terms that are new and updates those whose content differs; identical
 * ones are not written at all (so a re-import or re-load changes nothing). Returns counts.
 */
export async function saveTaxonomy(
  db: Kysely<DB>,
  taxonomies: readonly TaxonomyWrite[],
  terms: readonly TermWrite[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const existingTax = new Map<string, TaxonomyWrite>();
  for (const part of chunks(taxonomies.map((t) => t.id))) {
    for (const r of await db.selectFrom('taxonomy').selectAll().where('id', 'in', part).execute()) existingTax.set(r.id, r);
  }
  const newTax: TaxonomyWrite[] = [];
  for (const t of taxonomies) {
    const old = existingTax.get(t.id);
    if (old === undefined) newTax.push(t);
    else if (old.name !== t.name || old.description !== t.description || old.uri !== t.uri || old.version !== t.version) {
      await db.updateTable('taxonomy').set({ name: t.name, description: t.description, uri: t.uri, version: t.version }).where('id', '=', t.id).execute();
    }
  }
  await insertRows(
    db,
    'taxonomy',
    newTax.map((t) => ({ id: t.id, name: t.name, description: t.description, uri: t.uri, version: t.version })),
  );
  const existing = new Map<string, TermWrite>();
  for (const part of chunks(terms.map((t) => t.id))) {
    const rows = await db.selectFrom('taxonomy_term').selectAll().where('id', 'in', part).execute();
    for (const r of rows)
      existing.set(r.id, {
        id: r.id,
        taxonomyId: r.taxonomy_id ?? '',
        code: r.code,
        name: r.name,
        description: r.description,
        parentId: r.parent_id,
        termUri: r.term_uri,
      });
  }
  const fresh: TermWrite[] = [];
  for (const t of terms) {
    const old = existing.get(t.id);
    if (old === undefined) {
      fresh.push(t);
      counts.created += 1;
    } else if (
      old.taxonomyId !== t.taxonomyId ||
      old.code !== t.code ||
      old.name !== t.name ||
      old.description !== t.description ||
      old.parentId !== t.parentId ||
      old.termUri !== t.termUri
    ) {
      await db
        .updateTable('taxonomy_term')
        .set({ taxonomy_id: t.taxonomyId, code: t.code, name: t.name, description: t.description, parent_id: t.parentId, term_uri: t.termUri })
        .where('id', '=', t.id)
        .execute();
      counts.updated += 1;
    } else counts.unchanged += 1;
  }
  await insertRows(
    db,
    'taxonomy_term',
    fresh.map((t) => ({
      id: t.id,
      taxonomy_id: t.taxonomyId,
      code: t.code,
      name: t.name,
      description: t.description,
      parent_id: t.parentId,
      term_uri: t.termUri,
      language: 'en',
    })),
  );
  return counts;
}

/** How many services came from this source (archived and flagged ones included). */
export async function countServicesFromSource(db: Kysely<DB>, source: string): Promise<number> {
  const r = await db
    .selectFrom('service')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
