import type { Kysely } from 'kysely';
import { localityOf } from '../../../domain/matching/places.ts';
import type { MatchableService } from '../../../domain/matching/types.ts';
import type { NeedClassification } from '../../../domain/needs-classifier.ts';
import { isNeedCode, type NeedCode } from '../../../domain/needs.ts';
import type { DB } from '../../schema.ts';
import { fromDbBool } from '../../values.ts';

/**
 * What the matcher's index needs, read in a handful of bulk queries (one per table, each joined to
 * the same filter on service) rather than per service: services that can be suggested (not archived,
 * ORUK status active, capacity not closed) with their organisation, taxonomy terms, cost options,
 * schedules (own, and through their locations), locations (with the place names of their addresses)
 * with accessibility, and languages.
 */

type Db = Kysely<DB>;

/** A cheap stamp that changes whenever the directory does: counts and latest updates of services
 * and locations. Checked before each match; the index is rebuilt when it differs. */
export async function directoryVersion(db: Db): Promise<string> {
  const s = await db
    .selectFrom('service')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirstOrThrow();
  const l = await db
    .selectFrom('location')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirstOrThrow();
  return `${Number(s.n)}|${String(s.at ?? '')}|${Number(l.n)}|${String(l.at ?? '')}`;
}

function parseJsonArray(text: string | null): unknown[] {
  if (text === null || text === '') return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function parseNeeds(text: string): NeedCode[] {
  return parseJsonArray(text).filter((x): x is NeedCode => typeof x === 'string' && isNeedCode(x));
}

function parseClassification(text: string): NeedClassification[] {
  const out: NeedClassification[] = [];
  for (const x of parseJsonArray(text)) {
    if (typeof x !== 'object' || x === null) continue;
    const c = x as { need?: unknown; confidence?: unknown; terms?: unknown };
    if (typeof c.need !== 'string' || !isNeedCode(c.need) || typeof c.confidence !== 'number') continue;
    const terms = Array.isArray(c.terms) ? c.terms.filter((t): t is string => typeof t === 'string') : [];
    out.push({ need: c.need, confidence: c.confidence, terms });
  }
  return out;
}

/**
 * A very cheap stamp that changes whenever a service or location is added: the greatest id of each
 * (ids are time-ordered UUIDv7; both answered from the primary-key index). Edits do not change it:
 * `directoryVersion` catches those.
 */
export async function directoryHead(db: Db): Promise<string> {
  const s = await db
    .selectFrom('service')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  const l = await db
    .selectFrom('location')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return `${String(s.id ?? '')}|${String(l.id ?? '')}`;
}

type Location = { -readonly [K in keyof MatchableService['locations'][number]]: MatchableService['locations'][number][K] };

interface LocationPlaces {
  /** The town, village or neighbourhood names of its address: its city, and its second line when
   * that reads as a locality (`localityOf`). */
  names: string[];
  /** Where its address's postcode is (geo_postcode), for a location without coordinates. */
  postcodeLatitude: number | null;
  postcodeLongitude: number | null;
}

/**
 * The place names of the locations of these services, by location id, in one query: each
 * location's addresses (physical ones when it has any, else any but virtual ones), with the point
 * of the address's postcode where the postcode table has it (an exact match on the stored postcode,
 * which the importer keeps upper case). Names are only read here; `gazetteerBuilder` decides which
 * are usable places.
 */
async function locationPlaces(db: Db, serviceIds: readonly string[]): Promise<Map<string, LocationPlaces>> {
  const rows = await db
    .selectFrom('service_at_location as sal')
    .innerJoin('address as a', 'a.location_id', 'sal.location_id')
    .leftJoin('geo_postcode as p', 'p.postcode', 'a.postal_code')
    .select(['a.location_id', 'a.address_type', 'a.city', 'a.address_2', 'p.latitude', 'p.longitude'])
    .where('sal.service_id', 'in', serviceIds)
    .execute();
  const physical = new Set(rows.filter((r) => r.address_type.trim().toLowerCase() === 'physical').map((r) => r.location_id));
  const out = new Map<string, LocationPlaces>();
  for (const r of rows) {
    const type = r.address_type.trim().toLowerCase();
    if (type === 'virtual' || (physical.has(r.location_id) && type !== 'physical')) continue;
    let p = out.get(r.location_id);
    if (p === undefined) out.set(r.location_id, (p = { names: [], postcodeLatitude: null, postcodeLongitude: null }));
    if (p.postcodeLatitude === null && r.latitude !== null && r.longitude !== null) {
      p.postcodeLatitude = Number(r.latitude);
      p.postcodeLongitude = Number(r.longitude);
    }
    for (const name of [r.city.replace(/\s+/g, ' ').trim(), localityOf(r.address_2)])
      if (name !== null && name !== '' && !p.names.includes(name)) p.names.push(name);
  }
  return out;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
};

/** Every suggestable service, in the matcher's shape, in id order. */
export async function loadMatchableServices(db: Db): Promise<MatchableService[]> {
  const all: MatchableService[] = [];
  await forEachMatchableServicePage(db, 5_000, (page) => {
    all.push(...page);
  });
  return all;
}

/**
 * The suggestable services page by page in id order (keyset pagination), each page with its
 * children read in one query per table — so a caller can index a large directory without holding
 * every record at once.
 */
export async function forEachMatchableServicePage(db: Db, pageSize: number, onPage: (page: MatchableService[]) => void): Promise<void> {
  let after = '';
  for (;;) {
    const page = await loadPage(db, after, pageSize);
    if (page.length === 0) return;
    onPage(page);
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) return;
  }
}

async function loadPage(db: Db, after: string, pageSize: number): Promise<MatchableService[]> {
  const services = await db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.external_id',
      's.name',
      's.organisation_id',
      'o.name as organisation_name',
      's.description',
      's.eligibility_description',
      's.fees_description',
      's.needs',
      's.needs_source',
      's.classification',
      's.interpretation_services',
      's.minimum_age',
      's.maximum_age',
      's.capacity',
      's.waiting_weeks',
      's.takes_referrals',
      's.status',
      's.archived',
      's.last_verified_at',
      's.assured_date',
      's.created_at',
    ])
    .where('s.archived', '=', 0)
    .where('s.status', '=', 'active')
    .where('s.capacity', '<>', 'closed')
    .where('s.id', '>', after)
    .orderBy('s.id')
    .limit(pageSize)
    .execute();
  if (services.length === 0) return [];
  const ids = services.map((r) => r.id);

  const terms = new Map<string, string[]>();
  for (const r of await db
    .selectFrom('attribute as a')
    .innerJoin('taxonomy_term as t', 't.id', 'a.taxonomy_term_id')
    .select(['a.link_id', 't.name'])
    .where('a.link_entity', '=', 'service')
    .where('a.link_id', 'in', ids)
    .execute())
    push(terms, r.link_id, r.name);

  const costs = new Map<string, MatchableService['costs'][number][]>();
  for (const r of await db
    .selectFrom('cost_option as c')
    .select(['c.service_id', 'c.amount', 'c.option', 'c.amount_description'])
    .where('c.service_id', 'in', ids)
    .execute())
    push(costs, r.service_id, { amount: r.amount === null ? null : Number(r.amount), option: r.option, amountDescription: r.amount_description });

  type Sched = MatchableService['schedules'][number];
  const schedules = new Map<string, Sched[]>();
  for (const r of await db
    .selectFrom('schedule as sc')
    .select(['sc.service_id', 'sc.byday', 'sc.description', 'sc.attending_type'])
    .where('sc.service_id', 'in', ids)
    .execute())
    push(schedules, r.service_id!, { byday: r.byday, description: r.description, attendingType: r.attending_type });
  for (const r of await db
    .selectFrom('schedule as sc')
    .innerJoin('service_at_location as sal', 'sal.id', 'sc.service_at_location_id')
    .select(['sal.service_id', 'sc.byday', 'sc.description', 'sc.attending_type'])
    .where('sal.service_id', 'in', ids)
    .execute())
    push(schedules, r.service_id, { byday: r.byday, description: r.description, attendingType: r.attending_type });

  const places = await locationPlaces(db, ids);
  const locations = new Map<string, Location[]>();
  for (const r of await db
    .selectFrom('service_at_location as sal')
    .innerJoin('location as l', 'l.id', 'sal.location_id')
    .select(['sal.service_id', 'sal.location_id', 'l.latitude', 'l.longitude'])
    .where('sal.service_id', 'in', ids)
    .execute()) {
    const named = places.get(r.location_id);
    // a location without coordinates takes its address's postcode's, when the postcode is known
    const own = r.latitude !== null && r.longitude !== null;
    const latitude = own ? r.latitude : (named?.postcodeLatitude ?? null);
    const longitude = own ? r.longitude : (named?.postcodeLongitude ?? null);
    if (latitude === null || longitude === null) continue;
    const location: Location = { latitude: Number(latitude), longitude: Number(longitude) };
    if (named !== undefined && named.names.length > 0) location.places = named.names;
    push(locations, r.service_id, location);
  }

  const access = new Map<string, string[]>();
  for (const r of await db
    .selectFrom('accessibility as a')
    .innerJoin('service_at_location as sal', 'sal.location_id', 'a.location_id')
    .select(['sal.service_id', 'a.description', 'a.details'])
    .where('sal.service_id', 'in', ids)
    .execute()) {
    const text = [r.description, r.details].filter((x): x is string => x !== null && x.trim() !== '').join('. ');
    if (text !== '') push(access, r.service_id, text);
  }

  const languages = new Map<string, string[]>();
  for (const r of await db.selectFrom('language as lg').select(['lg.service_id', 'lg.name', 'lg.code']).where('lg.service_id', 'in', ids).execute()) {
    const name = r.name ?? r.code;
    if (name !== null && name.trim() !== '') push(languages, r.service_id!, name);
  }

  return services.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    description: r.description,
    eligibilityDescription: r.eligibility_description,
    feesDescription: r.fees_description,
    needs: parseNeeds(r.needs),
    needsSource: r.needs_source,
    classification: parseClassification(r.classification),
    taxonomyTerms: terms.get(r.id) ?? [],
    costs: costs.get(r.id) ?? [],
    schedules: schedules.get(r.id) ?? [],
    accessibility: access.get(r.id) ?? [],
    languages: languages.get(r.id) ?? [],
    interpretationServices: r.interpretation_services,
    locations: locations.get(r.id) ?? [],
    minimumAge: r.minimum_age === null ? null : Number(r.minimum_age),
    maximumAge: r.maximum_age === null ? null : Number(r.maximum_age),
    capacity: r.capacity,
    waitingWeeks: r.waiting_weeks === null ? null : Number(r.waiting_weeks),
    takesReferrals: fromDbBool(r.takes_referrals),
    status: r.status,
    archived: fromDbBool(r.archived),
    lastVerifiedAt: r.last_verified_at,
    assuredDate: r.assured_date,
    createdAt: r.created_at,
  }));
}

export interface ServiceMatchRow {
  id: string;
  referralId: string | null;
  needs: NeedCode[];
  resultIds: string[];
}

export async function insertServiceMatch(
  db: Db,
  m: { id: string; referralId: string | null; needs: readonly NeedCode[]; resultIds: readonly string[]; createdBy: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('service_match')
    .values({
      id: m.id,
      referral_id: m.referralId,
      needs: JSON.stringify(m.needs),
      result_ids: JSON.stringify(m.resultIds),
      created_by: m.createdBy,
      created_at: m.createdAt,
    })
    .execute();
}

export async function findServiceMatch(db: Db, id: string): Promise<ServiceMatchRow | undefined> {
  const r = await db.selectFrom('service_match').select(['id', 'referral_id', 'needs', 'result_ids']).where('id', '=', id).executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    id: r.id,
    referralId: r.referral_id,
    needs: parseNeeds(r.needs),
    resultIds: parseJsonArray(r.result_ids).filter((x): x is string => typeof x === 'string'),
  };
}

/** Records which match run (and place in it) a community referral was chosen from. */
export async function setCommunityReferralMatch(db: Db, communityReferralId: string, matchId: string, matchRank: number): Promise<void> {
  await db.updateTable('community_referral').set({ match_id: matchId, match_rank: matchRank }).where('id', '=', communityReferralId).execute();
}
