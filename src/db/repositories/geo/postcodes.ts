import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';

export interface PostcodeRecord {
  postcode: string;
  lsoa: string | null;
  latitude: number | null;
  longitude: number | null;
  terminated: boolean;
}

export interface PostcodeLookup extends PostcodeRecord {
  imdDecile: number | null;
}

/** Inserts or replaces a batch of postcodes (one statement; call inside a transaction). */
export async function upsertPostcodes(db: Kysely<DB>, batch: readonly PostcodeRecord[]): Promise<void> {
  if (batch.length === 0) return;
  await db
    .insertInto('geo_postcode')
    .values(batch.map((p) => ({ postcode: p.postcode, lsoa: p.lsoa, latitude: p.latitude, longitude: p.longitude, terminated: toDbBool(p.terminated) })))
    .onConflict((oc) =>
      oc.column('postcode').doUpdateSet((eb) => ({
        lsoa: eb.ref('excluded.lsoa'),
        latitude: eb.ref('excluded.latitude'),
        longitude: eb.ref('excluded.longitude'),
        terminated: eb.ref('excluded.terminated'),
      })),
    )
    .execute();
}

export async function upsertLsoaDeciles(db: Kysely<DB>, batch: readonly { lsoa: string; imdDecile: number; imdRank: number | null }[]): Promise<void> {
  if (batch.length === 0) return;
  await db
    .insertInto('geo_lsoa')
    .values(batch.map((l) => ({ lsoa: l.lsoa, imd_decile: l.imdDecile, imd_rank: l.imdRank })))
    .onConflict((oc) => oc.column('lsoa').doUpdateSet((eb) => ({ imd_decile: eb.ref('excluded.imd_decile'), imd_rank: eb.ref('excluded.imd_rank') })))
    .execute();
}

export async function findPostcode(db: Kysely<DB>, postcode: string): Promise<PostcodeLookup | undefined> {
  const r = await db
    .selectFrom('geo_postcode as p')
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'p.lsoa')
    .select(['p.postcode', 'p.lsoa', 'p.latitude', 'p.longitude', 'p.terminated', 'l.imd_decile'])
    .where('p.postcode', '=', postcode)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    postcode: r.postcode,
    lsoa: r.lsoa,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
    terminated: fromDbBool(r.terminated),
    imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
  };
}

export async function countGeo(db: Kysely<DB>): Promise<{ postcodes: number; lsoas: number }> {
  const p = await db
    .selectFrom('geo_postcode')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const l = await db
    .selectFrom('geo_lsoa')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { postcodes: Number(p.n), lsoas: Number(l.n) };
}

/** The positions of these (normalised) postcodes that the table places, by postcode; terminated ones included (a place stays where it was). */
export async function findPostcodePoints(db: Kysely<DB>, postcodes: readonly string[]): Promise<Map<string, { latitude: number; longitude: number }>> {
  const out = new Map<string, { latitude: number; longitude: number }>();
  const unique = [...new Set(postcodes)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('geo_postcode')
      .select(['postcode', 'latitude', 'longitude'])
      .where('postcode', 'in', unique.slice(i, i + 500))
      .where('latitude', 'is not', null)
      .where('longitude', 'is not', null)
      .execute();
    for (const r of rows)
      if (r.latitude !== null && r.longitude !== null) out.set(r.postcode, { latitude: Number(r.latitude), longitude: Number(r.longitude) });
  }
  return out;
}

/** The LSOA of each of these (normalised) postcodes the table places, by postcode; terminated ones included (where someone lived). */
export async function findPostcodeLsoas(db: Kysely<DB>, postcodes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(postcodes)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('geo_postcode')
      .select(['postcode', 'lsoa'])
      .where('postcode', 'in', unique.slice(i, i + 500))
      .where('lsoa', 'is not', null)
      .execute();
    for (const r of rows) if (r.lsoa !== null) out.set(r.postcode, r.lsoa);
  }
  return out;
}
