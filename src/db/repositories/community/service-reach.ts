import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';

// What decides whether a listed service suits one person (their age, sex and where they live),
// read for a page of listed services in one query per table, and the few facts about the person.

export interface ServiceReachRecord {
  minimumAge: number | null;
  maximumAge: number | null;
  eligibilityDescription: string | null;
  /** Every location, with its type (ORUK: physical | postal | virtual), position and address postcode if any. */
  locations: { type: string; latitude: number | null; longitude: number | null; postcode: string | null }[];
  /** The attending types of its schedules (own, and at its locations), e.g. "in person", "online". */
  attendingTypes: string[];
}

/** Ids per query: far below SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** The reach facts of these services, by id (every id given has an entry). */
export async function listServiceReach(db: Kysely<DB>, serviceIds: readonly string[]): Promise<Map<string, ServiceReachRecord>> {
  const out = new Map<string, ServiceReachRecord>();
  for (let i = 0; i < serviceIds.length; i += CHUNK) {
    const ids = serviceIds.slice(i, i + CHUNK);
    for (const r of await db.selectFrom('service').select(['id', 'minimum_age', 'maximum_age', 'eligibility_description']).where('id', 'in', ids).execute()) {
      out.set(r.id, {
        minimumAge: num(r.minimum_age),
        maximumAge: num(r.maximum_age),
        eligibilityDescription: r.eligibility_description,
        locations: [],
        attendingTypes: [],
      });
    }
    // A location with several addresses (physical and postal) appears once per address.
    const seen = new Set<string>();
    for (const r of await db
      .selectFrom('service_at_location as sal')
      .innerJoin('location as l', 'l.id', 'sal.location_id')
      .leftJoin('address as a', 'a.location_id', 'l.id')
      .select(['sal.service_id', 'l.id as location_id', 'l.location_type', 'l.latitude', 'l.longitude', 'a.postal_code', 'a.address_type'])
      .where('sal.service_id', 'in', ids)
      .orderBy('sal.service_id')
      .orderBy('l.id')
      .execute()) {
      const key = `${r.service_id}\u0000${r.location_id}`;
      const entry = out.get(r.service_id);
      if (entry === undefined) continue;
      const postcode = r.postal_code !== null && (r.address_type ?? 'physical') !== 'postal' ? r.postal_code : null;
      if (seen.has(key)) {
        const last = entry.locations[entry.locations.length - 1];
        if (last !== undefined && last.postcode === null && postcode !== null) last.postcode = postcode;
        continue;
      }
      seen.add(key);
      entry.locations.push({ type: r.location_type, latitude: num(r.latitude), longitude: num(r.longitude), postcode });
    }
    const own = db.selectFrom('schedule as sc').select(['sc.service_id as service_id', 'sc.attending_type']).where('sc.service_id', 'in', ids);
    const atLocations = db
      .selectFrom('schedule as sc')
      .innerJoin('service_at_location as sal', 'sal.id', 'sc.service_at_location_id')
      .select(['sal.service_id as service_id', 'sc.attending_type'])
      .where('sal.service_id', 'in', ids);
    for (const r of [...(await own.execute()), ...(await atLocations.execute())]) {
      if (r.service_id === null || r.attending_type === null || r.attending_type.trim() === '') continue;
      out.get(r.service_id)?.attendingTypes.push(r.attending_type);
    }
  }
  return out;
}

/** The person's date of birth, recorded sex, gender identity and postcode: personal data, never logged. */
export async function findPersonForServices(
  db: Kysely<DB>,
  personId: string,
): Promise<{ dateOfBirth: string; sex: string | null; genderIdentity: string | null; postcode: string | null } | undefined> {
  const r = await db.selectFrom('person').select(['date_of_birth', 'sex', 'gender_identity', 'postcode']).where('id', '=', personId).executeTakeFirst();
  return r === undefined ? undefined : { dateOfBirth: r.date_of_birth, sex: r.sex, genderIdentity: r.gender_identity, postcode: r.postcode };
}
