import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { upsertPostcodes } from '../../src/db/repositories/geo/postcodes.ts';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/services/kernel/ids.ts';

// Complete, realistic Open Referral UK services for tests, inserted straight through Kysely (the
// directory's own use cases are built in parallel; these factories depend only on the tables).
// Locations sit at real Calderdale (HX) postcodes with their ONS coordinates, so distance tests
// measure real geography.

const HX_NSPL = new URL('../../../shared/data/geo/nspl-nov2021-HX.csv', import.meta.url);
const AT = '2026-11-01T09:00:00.000Z';

export interface HxPostcode {
  postcode: string;
  latitude: number;
  longitude: number;
  lsoa: string | null;
}

let nspl: Map<string, HxPostcode> | undefined;

/** The live (not terminated) HX postcodes of the ONS lookup, by postcode. */
export function hxPostcodes(): Map<string, HxPostcode> {
  if (nspl !== undefined) return nspl;
  const rows = parse<Record<string, string>>(readFileSync(HX_NSPL), { columns: true, skip_empty_lines: true });
  nspl = new Map();
  for (const r of rows) {
    const pcds = r['pcds'];
    if (pcds === undefined || (r['doterm'] ?? '') !== '' || (r['lat'] ?? '') === '') continue;
    nspl.set(pcds, { postcode: pcds, latitude: Number(r['lat']), longitude: Number(r['long']), lsoa: r['lsoa11'] ?? null });
  }
  return nspl;
}

/** The coordinates of a live HX postcode (throws for one not in the lookup, so tests stay real). */
export function hxPoint(postcode: string): HxPostcode {
  const p = hxPostcodes().get(postcode);
  if (p === undefined) throw new Error(`${postcode} is not a live HX postcode in the NSPL slice`);
  return p;
}

/** Loads the given HX postcodes (all live ones when none are given) into the geography table. */
export async function loadHxPostcodes(db: Kysely<DB>, postcodes?: readonly string[]): Promise<void> {
  const all = hxPostcodes();
  const chosen = postcodes === undefined ? [...all.values()] : postcodes.map(hxPoint);
  for (let i = 0; i < chosen.length; i += 500) {
    await upsertPostcodes(
      db,
      chosen.slice(i, i + 500).map((p) => ({ postcode: p.postcode, lsoa: p.lsoa, latitude: p.latitude, longitude: p.longitude, terminated: false })),
    );
  }
}

/** Real places in Calderdale to put services at (street names are real; numbers illustrative). */
export const HX_PLACES = [
  { postcode: 'HX1 1AA', name: 'Halifax Central Library', street: 'Square Road', city: 'Halifax' },
  { postcode: 'HX1 1RE', name: 'Square Chapel Arts Centre', street: '10 Square Road', city: 'Halifax' },
  { postcode: 'HX2 0AA', name: 'Pellon Community Centre', street: 'Pellon Lane', city: 'Halifax' },
  { postcode: 'HX6 1AA', name: 'Sowerby Bridge Methodist Hall', street: 'Wharf Street', city: 'Sowerby Bridge' },
  { postcode: 'HX5 0AA', name: 'Elland Town Hall', street: 'Southgate', city: 'Elland' },
  { postcode: 'HX4 8AA', name: 'Greetland Village Hall', street: 'Rochdale Road', city: 'Greetland' },
  { postcode: 'HX7 5AA', name: 'Hebden Bridge Town Hall', street: 'St George\u2019s Street', city: 'Hebden Bridge' },
] as const;

/** A place a service runs at: a live HX postcode (its coordinates come from the NSPL) and an address. */
export interface HxPlace {
  readonly postcode: string;
  readonly name: string;
  readonly street: string;
  readonly city: string;
}

export interface OrukTaxonomyFixture {
  id: string;
  name: string;
  terms: { id: string; code: string; name: string }[];
}

/** A taxonomy with the given terms (codes double as names, prettified). */
export async function makeOrukTaxonomy(db: Kysely<DB>, name: string, codes: readonly string[]): Promise<OrukTaxonomyFixture> {
  const id = newId();
  await db
    .insertInto('taxonomy')
    .values({ id, name, description: `${name}: the needs a community service meets`, uri: 'https://linkwork.example/taxonomies/needs', version: '1.0' })
    .execute();
  const terms = codes.map((code) => ({ id: newId(), code, name: code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) }));
  if (terms.length > 0) {
    await db
      .insertInto('taxonomy_term')
      .values(
        terms.map((t) => ({
          id: t.id,
          taxonomy_id: id,
          code: t.code,
          name: t.name,
          description: `Services for ${t.name.toLowerCase()}`,
          parent_id: null,
          term_uri: `https://linkwork.example/needs/${t.code}`,
          language: 'en',
        })),
      )
      .execute();
  }
  return { id, name, terms };
}

/** An organisation (VCSE by default) with its ORUK fields. */
export async function makeDirectoryOrganisation(
  db: Kysely<DB>,
  name: string,
  kind: 'vcse' | 'partner' | 'practice' | 'pcn' | 'icb' = 'vcse',
): Promise<{ id: string; name: string }> {
  const id = newId();
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  await db
    .insertInto('organisation')
    .values({
      id,
      kind,
      name,
      ods_code: kind === 'practice' || kind === 'pcn' || kind === 'icb' ? `D${id.slice(-5).toUpperCase()}` : null,
      parent_id: null,
      list_size: null,
      created_at: AT,
      description: `${name} is a local charity working across Calderdale.`,
      email: `hello@${slug}.example.org`,
      website: `https://${slug}.example.org`,
      source: null,
      external_id: null,
    })
    .execute();
  return { id, name };
}

export interface OrukServiceOptions {
  organisationId: string;
  name: string;
  description?: string;
  /** Where it runs (one location each); none makes an online-only service. */
  places?: readonly HxPlace[];
  /** Taxonomy term ids the service is classified under (ORUK attributes). */
  termIds?: readonly string[];
  minimumAge?: number | null;
  maximumAge?: number | null;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  archived?: boolean;
  /** Weekly day codes (RFC 5545 BYDAY), e.g. 'TU' or 'MO,WE'. */
  byday?: string;
  free?: boolean;
}

export interface OrukServiceFixture {
  id: string;
  name: string;
  locationIds: string[];
  serviceAtLocationIds: string[];
  contactIds: string[];
}

/**
 * A service with every ORUK child: locations (address, accessibility, phone, language), the links
 * to them with their own schedule, a service schedule, a named contact with a phone, a service
 * phone with a language, a cost option, a service area, languages and taxonomy attributes.
 */
export async function makeOrukService(db: Kysely<DB>, o: OrukServiceOptions): Promise<OrukServiceFixture> {
  const id = newId();
  const slug = o.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  await db
    .insertInto('service')
    .values({
      id,
      organisation_id: o.organisationId,
      name: o.name,
      description: o.description ?? `${o.name}: a friendly, free group run by volunteers in Calderdale.`,
      needs: '[]',
      takes_referrals: 1,
      archived: o.archived === true ? 1 : 0,
      created_at: AT,
      updated_at: AT,
      source: null,
      external_id: null,
      url: `https://example.org/services/${slug}`,
      email: `${slug.slice(0, 40)}@example.org`,
      status: o.status ?? 'active',
      eligibility_description: 'Adults living in Calderdale',
      minimum_age: o.minimumAge ?? null,
      maximum_age: o.maximumAge ?? null,
      fees_description: o.free === false ? '\u00a33 per session, concessions free' : 'Free',
      application_process: 'Ring or e-mail to book a first visit, or ask your link worker to refer you.',
      interpretation_services: 'Telephone interpreting on request',
      accreditations: null,
      alert: null,
      assured_date: '2026-10-01',
      last_verified_at: AT,
      last_verified_by: null,
      missing_from_source_at: null,
      content_hash: null,
    })
    .execute();

  const locationIds: string[] = [];
  const salIds: string[] = [];
  for (const place of o.places ?? []) {
    const point = hxPoint(place.postcode);
    const locationId = newId();
    const salId = newId();
    locationIds.push(locationId);
    salIds.push(salId);
    await db
      .insertInto('location')
      .values({
        id: locationId,
        organisation_id: o.organisationId,
        source: null,
        external_id: null,
        location_type: 'physical',
        name: place.name,
        description: `${place.name}, ${place.city}`,
        url: null,
        transportation: 'Buses stop outside; free parking nearby',
        latitude: point.latitude,
        longitude: point.longitude,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    await db
      .insertInto('address')
      .values({
        id: newId(),
        location_id: locationId,
        attention: null,
        address_1: place.street,
        address_2: null,
        city: place.city,
        region: 'West Yorkshire',
        state_province: 'Calderdale',
        postal_code: place.postcode,
        country: 'GB',
        address_type: 'physical',
      })
      .execute();
    await db
      .insertInto('accessibility')
      .values({
        id: newId(),
        location_id: locationId,
        description: 'Step-free entrance and accessible toilet',
        details: 'Hearing loop at reception',
        url: null,
      })
      .execute();
    await db
      .insertInto('phone')
      .values({
        id: newId(),
        organisation_id: null,
        service_id: null,
        location_id: locationId,
        contact_id: null,
        number: '01422 300000',
        extension: null,
        type: 'voice',
        description: 'Reception',
      })
      .execute();
    await db
      .insertInto('language')
      .values({ id: newId(), service_id: null, location_id: locationId, phone_id: null, name: 'English', code: 'en', note: null })
      .execute();
    await db
      .insertInto('service_at_location')
      .values({ id: salId, service_id: id, location_id: locationId, description: `${o.name} at ${place.name}` })
      .execute();
    await db
      .insertInto('schedule')
      .values({
        ...emptySchedule(),
        id: newId(),
        service_at_location_id: salId,
        freq: 'WEEKLY',
        interval: 1,
        byday: o.byday ?? 'TU',
        opens_at: '10:00',
        closes_at: '12:00',
        description: `Weekly at ${place.name}`,
      })
      .execute();
  }

  await db
    .insertInto('schedule')
    .values({
      ...emptySchedule(),
      id: newId(),
      service_id: id,
      valid_from: '2026-01-01',
      dtstart: '2026-01-06',
      freq: 'WEEKLY',
      interval: 1,
      byday: o.byday ?? 'TU',
      opens_at: '10:00',
      closes_at: '12:00',
      description: 'Term time and holidays',
      attending_type: 'in person',
    })
    .execute();
  const contactId = newId();
  await db
    .insertInto('service_contact')
    .values({
      id: contactId,
      organisation_id: null,
      service_id: id,
      location_id: null,
      name: 'Volunteer coordinator',
      title: 'Coordinator',
      department: 'Volunteering',
      email: `coordinator@${slug.slice(0, 40)}.example.org`,
    })
    .execute();
  await db
    .insertInto('phone')
    .values({
      id: newId(),
      organisation_id: null,
      service_id: null,
      location_id: null,
      contact_id: contactId,
      number: '07700 900123',
      extension: null,
      type: 'cell',
      description: 'Coordinator mobile',
    })
    .execute();
  const servicePhone = newId();
  await db
    .insertInto('phone')
    .values({
      id: servicePhone,
      organisation_id: null,
      service_id: id,
      location_id: null,
      contact_id: null,
      number: '01422 392000',
      extension: 204,
      type: 'voice',
      description: 'Bookings',
    })
    .execute();
  await db
    .insertInto('language')
    .values({ id: newId(), service_id: null, location_id: null, phone_id: servicePhone, name: 'Urdu', code: 'ur', note: 'Tuesdays' })
    .execute();
  await db
    .insertInto('language')
    .values([
      { id: newId(), service_id: id, location_id: null, phone_id: null, name: 'English', code: 'en', note: null },
      { id: newId(), service_id: id, location_id: null, phone_id: null, name: 'Polish', code: 'pl', note: 'Some volunteers' },
    ])
    .execute();
  await db
    .insertInto('cost_option')
    .values({
      id: newId(),
      service_id: id,
      valid_from: '2026-01-01',
      valid_to: null,
      option: o.free === false ? 'Per session' : 'Free',
      currency: 'GBP',
      amount: o.free === false ? 3 : 0,
      amount_description: o.free === false ? 'Concessions free' : 'No charge',
    })
    .execute();
  await db
    .insertInto('service_area')
    .values({
      id: newId(),
      service_id: id,
      name: 'Calderdale',
      description: 'Anyone living in Calderdale',
      extent: null,
      extent_type: null,
      uri: 'http://statistics.data.gov.uk/id/statistical-geography/E08000033',
    })
    .execute();
  for (const termId of o.termIds ?? []) {
    await db
      .insertInto('attribute')
      .values({ id: newId(), link_id: id, link_type: 'service', link_entity: 'service', taxonomy_term_id: termId, value: null, label: null })
      .execute();
  }
  return { id, name: o.name, locationIds, serviceAtLocationIds: salIds, contactIds: [contactId] };
}

function emptySchedule() {
  return {
    service_id: null,
    location_id: null,
    service_at_location_id: null,
    valid_from: null,
    valid_to: null,
    dtstart: null,
    timezone: null,
    until: null,
    count: null,
    wkst: null,
    freq: null,
    interval: null,
    byday: null,
    byweekno: null,
    bymonthday: null,
    byyearday: null,
    description: null,
    opens_at: null,
    closes_at: null,
    schedule_link: null,
    attending_type: null,
    notes: null,
  };
}
