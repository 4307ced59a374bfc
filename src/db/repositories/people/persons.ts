import type { Kysely } from 'kysely';
import { foldName } from '../../../domain/duplicates.ts';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

export interface Person {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  lsoa: string | null;
  imdDecile: number | null;
  practiceId: string;
  version: number;
}

function selectPersons(db: Kysely<DB>) {
  return db
    .selectFrom('person as p')
    .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'g.lsoa')
    .select(['p.id', 'p.nhs_number', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'p.postcode', 'p.practice_id', 'p.version', 'g.lsoa', 'l.imd_decile']);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectPersons>['executeTakeFirstOrThrow']>>;

const toPerson = (r: Row): Person => ({
  id: r.id,
  nhsNumber: r.nhs_number,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  postcode: r.postcode,
  lsoa: r.lsoa,
  imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
  practiceId: r.practice_id,
  version: Number(r.version),
});

export async function insertPerson(
  db: Kysely<DB>,
  p: { id: string; nhsNumber: string | null; givenName: string; familyName: string; dateOfBirth: string; postcode: string | null; practiceId: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('person')
    .values({
      id: p.id,
      nhs_number: p.nhsNumber,
      given_name: p.givenName,
      family_name: p.familyName,
      date_of_birth: p.dateOfBirth,
      postcode: p.postcode,
      practice_id: p.practiceId,
      // Kept in step with the names for portable, case- and accent-insensitive search.
      name_folded: foldName(p.givenName, p.familyName),
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
}

/** A person whose practice is in the user's scope, or undefined (not there, or not theirs). */
export async function findPersonInScope(db: Kysely<DB>, id: string, userId: string | null): Promise<Person | undefined> {
  let q = selectPersons(db).where('p.id', '=', id);
  if (userId !== null) q = q.where('p.practice_id', 'in', orgIdsInScope(db, userId));
  const r = await q.executeTakeFirst();
  return r === undefined ? undefined : toPerson(r);
}

export async function listPersonsInScope(db: Kysely<DB>, userId: string | null, limit: number): Promise<Person[]> {
  // Records merged into another are kept (for the audit trail) but no longer listed.
  let q = selectPersons(db).where('p.merged_into_id', 'is', null);
  if (userId !== null) q = q.where('p.practice_id', 'in', orgIdsInScope(db, userId));
  const rows = await q.orderBy('p.family_name').orderBy('p.given_name').orderBy('p.id').limit(limit).execute();
  return rows.map(toPerson);
}
