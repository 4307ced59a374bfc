import type { Kysely } from 'kysely';
import type { EthnicCategoryCode } from '../../../domain/ethnicity.ts';
import { foldName } from '../../../domain/duplicates.ts';
import {
  communicationNeedsSchema,
  contactPreferencesSchema,
  type CommunicationNeeds,
  type ContactPreferences,
  type Sex,
} from '../../../domain/schemas/person-details.ts';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

/** An address in a person's history; `validTo` null is the current one. */
export interface PersonAddress {
  id: string;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string;
  validFrom: string;
  validTo: string | null;
}

/** The person in full, with the practice's name and the address history (newest first). */
export interface PersonDetails {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex | null;
  genderIdentity: string | null;
  ethnicCategory: EthnicCategoryCode | null;
  postcode: string | null;
  lsoa: string | null;
  imdDecile: number | null;
  practiceId: string;
  practiceName: string;
  phone: string | null;
  email: string | null;
  contactPreferences: ContactPreferences | null;
  communicationNeeds: CommunicationNeeds | null;
  mergedIntoId: string | null;
  version: number;
  addresses: PersonAddress[];
}

/** The facts duplicate detection compares, with where the person is registered. */
export interface PersonIdentity {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  practiceId: string;
  practiceName: string;
  mergedIntoId: string | null;
  version: number;
}

/** Whose people a query may return: everyone (the operator, the public intake) or a user's practices. */
export type PersonScope = { all: true } | { userId: string };

// JSON columns are read defensively: a value that no longer fits the schema reads as "not recorded"
// rather than breaking the page.
function parseJson<T>(text: string | null, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  if (text === null) return null;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function selectIdentities(db: Kysely<DB>) {
  return db
    .selectFrom('person as p')
    .innerJoin('organisation as o', 'o.id', 'p.practice_id')
    .select([
      'p.id',
      'p.nhs_number',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.postcode',
      'p.practice_id',
      'o.name as practice_name',
      'p.merged_into_id',
      'p.version',
    ]);
}
type IdentityRow = Awaited<ReturnType<ReturnType<typeof selectIdentities>['executeTakeFirstOrThrow']>>;

const toIdentity = (r: IdentityRow): PersonIdentity => ({
  id: r.id,
  nhsNumber: r.nhs_number,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  postcode: r.postcode,
  practiceId: r.practice_id,
  practiceName: r.practice_name,
  mergedIntoId: r.merged_into_id,
  version: Number(r.version),
});

/** A person by id within a scope (their practice covered by the user), merged or not. */
export async function findPersonIdentity(db: Kysely<DB>, id: string, scope: PersonScope): Promise<PersonIdentity | undefined> {
  let q = selectIdentities(db).where('p.id', '=', id);
  if (!('all' in scope)) q = q.where('p.practice_id', 'in', orgIdsInScope(db, scope.userId));
  const r = await q.executeTakeFirst();
  return r === undefined ? undefined : toIdentity(r);
}

/**
 * A person a referrer may refer again: at a practice they cover, or someone they referred before
 * (partners cover their own organisation, not practices, so only the second applies to them).
 */
export async function findPersonForReferrer(db: Kysely<DB>, id: string, userId: string): Promise<PersonIdentity | undefined> {
  const r = await selectIdentities(db)
    .where('p.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('p.practice_id', 'in', orgIdsInScope(db, userId)),
        eb('p.id', 'in', eb.selectFrom('referral').select('referral.person_id').where('referral.referrer_user_id', '=', userId)),
      ]),
    )
    .executeTakeFirst();
  return r === undefined ? undefined : toIdentity(r);
}

/** The person holding an NHS number, wherever they are registered (for reuse, never shown as such). */
export async function findPersonByNhsNumber(db: Kysely<DB>, nhsNumber: string): Promise<PersonIdentity | undefined> {
  const r = await selectIdentities(db).where('p.nhs_number', '=', nhsNumber).executeTakeFirst();
  return r === undefined ? undefined : toIdentity(r);
}

/**
 * People born on any of the given dates and not merged away, within a scope or at given practices:
 * the candidates duplicate detection then compares in the domain (the date of birth index narrows it).
 */
export async function listDuplicatePool(
  db: Kysely<DB>,
  datesOfBirth: readonly string[],
  where: { scope: PersonScope } | { practiceIds: readonly string[] },
): Promise<PersonIdentity[]> {
  if (datesOfBirth.length === 0) return [];
  let q = selectIdentities(db)
    .where('p.date_of_birth', 'in', [...new Set(datesOfBirth)])
    .where('p.merged_into_id', 'is', null);
  if ('practiceIds' in where) {
    if (where.practiceIds.length === 0) return [];
    q = q.where('p.practice_id', 'in', [...where.practiceIds]);
  } else if (!('all' in where.scope)) {
    q = q.where('p.practice_id', 'in', orgIdsInScope(db, where.scope.userId));
  }
  // A guard, not a page: a PCN has one or two people per date of birth, so even a full triage
  // board's dates stay far below it.
  const rows = await q.orderBy('p.family_name').orderBy('p.given_name').orderBy('p.id').limit(10_000).execute();
  return rows.map(toIdentity);
}

/** The full record of a person in scope, with address history; undefined when not there or not theirs. */
export async function findPersonDetails(db: Kysely<DB>, id: string, scope: PersonScope): Promise<PersonDetails | undefined> {
  let q = db
    .selectFrom('person as p')
    .innerJoin('organisation as o', 'o.id', 'p.practice_id')
    .leftJoin('geo_postcode as g', 'g.postcode', 'p.postcode')
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'g.lsoa')
    .select([
      'p.id',
      'p.nhs_number',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.sex',
      'p.gender_identity',
      'p.ethnic_category',
      'p.postcode',
      'g.lsoa',
      'l.imd_decile',
      'p.practice_id',
      'o.name as practice_name',
      'p.phone',
      'p.email',
      'p.contact_preferences',
      'p.communication_needs',
      'p.merged_into_id',
      'p.version',
    ])
    .where('p.id', '=', id);
  if (!('all' in scope)) q = q.where('p.practice_id', 'in', orgIdsInScope(db, scope.userId));
  const r = await q.executeTakeFirst();
  if (r === undefined) return undefined;
  const addresses = await db
    .selectFrom('person_address')
    .select(['id', 'line1', 'line2', 'town', 'postcode', 'valid_from', 'valid_to'])
    .where('person_id', '=', id)
    .execute();
  // Current first, then by the date each began, newest first.
  addresses.sort(
    (a, b) => (a.valid_to === null ? 0 : 1) - (b.valid_to === null ? 0 : 1) || b.valid_from.localeCompare(a.valid_from) || b.id.localeCompare(a.id),
  );
  return {
    id: r.id,
    nhsNumber: r.nhs_number,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    sex: r.sex as Sex | null,
    genderIdentity: r.gender_identity,
    ethnicCategory: r.ethnic_category as EthnicCategoryCode | null,
    postcode: r.postcode,
    lsoa: r.lsoa,
    imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
    practiceId: r.practice_id,
    practiceName: r.practice_name,
    phone: r.phone,
    email: r.email,
    contactPreferences: parseJson(r.contact_preferences, contactPreferencesSchema),
    communicationNeeds: parseJson(r.communication_needs, communicationNeedsSchema),
    mergedIntoId: r.merged_into_id,
    version: Number(r.version),
    addresses: addresses.map((a) => ({
      id: a.id,
      line1: a.line1,
      line2: a.line2,
      town: a.town,
      postcode: a.postcode,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
  };
}

export interface NewPersonRow {
  id: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex | null;
  genderIdentity: string | null;
  ethnicCategory: EthnicCategoryCode | null;
  phone: string | null;
  email: string | null;
  contactPreferences: ContactPreferences | null;
  communicationNeeds: CommunicationNeeds | null;
  practiceId: string;
  address: { id: string; line1: string | null; line2: string | null; town: string | null; postcode: string; validFrom: string } | null;
}

/**
 * Inserts a person (and their first address). Returns false, writing nothing, when the NHS number
 * is already taken — `ON CONFLICT DO NOTHING` rather than an error, because on PostgreSQL a failed
 * statement would abort the whole transaction; the caller then reuses the existing record.
 */
export async function insertPersonWithDetails(db: Kysely<DB>, p: NewPersonRow, at: string): Promise<boolean> {
  const inserted = await db
    .insertInto('person')
    .values({
      id: p.id,
      nhs_number: p.nhsNumber,
      given_name: p.givenName,
      family_name: p.familyName,
      name_folded: foldName(p.givenName, p.familyName),
      date_of_birth: p.dateOfBirth,
      sex: p.sex,
      gender_identity: p.genderIdentity,
      ethnic_category: p.ethnicCategory,
      postcode: p.address?.postcode ?? null,
      phone: p.phone,
      email: p.email,
      contact_preferences: p.contactPreferences === null ? null : JSON.stringify(p.contactPreferences),
      communication_needs: p.communicationNeeds === null ? null : JSON.stringify(p.communicationNeeds),
      practice_id: p.practiceId,
      merged_into_id: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .onConflict((oc) => oc.column('nhs_number').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return false;
  if (p.address !== null) {
    await db
      .insertInto('person_address')
      .values({
        id: p.address.id,
        person_id: p.id,
        line1: p.address.line1,
        line2: p.address.line2,
        town: p.address.town,
        postcode: p.address.postcode,
        valid_from: p.address.validFrom,
        valid_to: null,
        created_at: at,
      })
      .execute();
  }
  return true;
}

/** Column changes to a person; undefined leaves a column alone. */
export interface PersonChanges {
  nhsNumber?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  sex?: Sex | null;
  genderIdentity?: string | null;
  ethnicCategory?: EthnicCategoryCode | null;
  phone?: string | null;
  email?: string | null;
  contactPreferences?: ContactPreferences | null;
  communicationNeeds?: CommunicationNeeds | null;
  practiceId?: string;
  postcode?: string | null;
}

const json = (v: object | null): string | null => (v === null ? null : JSON.stringify(v));

/**
 * Optimistic update: changes the person only if they are still at `expectedVersion`, bumps the
 * version and keeps `name_folded` in step with the names. Returns whether a row changed (false:
 * someone else saved first, or the NHS number is taken — the caller tells the two apart).
 */
export async function updatePersonIfVersion(
  db: Kysely<DB>,
  id: string,
  expectedVersion: number,
  c: PersonChanges,
  names: { givenName: string; familyName: string },
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('person')
    .set((eb) => ({
      ...(c.nhsNumber === undefined ? {} : { nhs_number: c.nhsNumber }),
      ...(c.givenName === undefined ? {} : { given_name: c.givenName }),
      ...(c.familyName === undefined ? {} : { family_name: c.familyName }),
      ...(c.dateOfBirth === undefined ? {} : { date_of_birth: c.dateOfBirth }),
      ...(c.sex === undefined ? {} : { sex: c.sex }),
      ...(c.genderIdentity === undefined ? {} : { gender_identity: c.genderIdentity }),
      ...(c.ethnicCategory === undefined ? {} : { ethnic_category: c.ethnicCategory }),
      ...(c.phone === undefined ? {} : { phone: c.phone }),
      ...(c.email === undefined ? {} : { email: c.email }),
      ...(c.contactPreferences === undefined ? {} : { contact_preferences: json(c.contactPreferences) }),
      ...(c.communicationNeeds === undefined ? {} : { communication_needs: json(c.communicationNeeds) }),
      ...(c.practiceId === undefined ? {} : { practice_id: c.practiceId }),
      ...(c.postcode === undefined ? {} : { postcode: c.postcode }),
      name_folded: foldName(names.givenName, names.familyName),
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** True when another person already holds this NHS number. */
export async function nhsNumberTakenByOther(db: Kysely<DB>, nhsNumber: string, personId: string): Promise<boolean> {
  const r = await db.selectFrom('person').select('id').where('nhs_number', '=', nhsNumber).where('id', '!=', personId).executeTakeFirst();
  return r !== undefined;
}

/** The current address (valid_to null), if any. */
export async function findCurrentAddress(db: Kysely<DB>, personId: string): Promise<PersonAddress | undefined> {
  const a = await db
    .selectFrom('person_address')
    .select(['id', 'line1', 'line2', 'town', 'postcode', 'valid_from', 'valid_to'])
    .where('person_id', '=', personId)
    .where('valid_to', 'is', null)
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
  return a === undefined
    ? undefined
    : { id: a.id, line1: a.line1, line2: a.line2, town: a.town, postcode: a.postcode, validFrom: a.valid_from, validTo: a.valid_to };
}

/** A move: closes every open address on `validFrom` and opens the new one. */
export async function moveToAddress(
  db: Kysely<DB>,
  personId: string,
  a: { id: string; line1: string | null; line2: string | null; town: string | null; postcode: string; validFrom: string },
  at: string,
): Promise<void> {
  await db.updateTable('person_address').set({ valid_to: a.validFrom }).where('person_id', '=', personId).where('valid_to', 'is', null).execute();
  await db
    .insertInto('person_address')
    .values({
      id: a.id,
      person_id: personId,
      line1: a.line1,
      line2: a.line2,
      town: a.town,
      postcode: a.postcode,
      valid_from: a.validFrom,
      valid_to: null,
      created_at: at,
    })
    .execute();
}

/** A correction: the current address's lines and postcode replaced in place (same period). */
export async function correctAddress(
  db: Kysely<DB>,
  addressId: string,
  a: { line1: string | null; line2: string | null; town: string | null; postcode: string },
): Promise<void> {
  await db.updateTable('person_address').set({ line1: a.line1, line2: a.line2, town: a.town, postcode: a.postcode }).where('id', '=', addressId).execute();
}

/** The person's columns a merge may fill in on the kept record when it has no value. */
export const FILLABLE_COLUMNS = [
  'nhs_number',
  'sex',
  'gender_identity',
  'ethnic_category',
  'phone',
  'email',
  'contact_preferences',
  'communication_needs',
  'postcode',
] as const;
export type FillableColumn = (typeof FILLABLE_COLUMNS)[number];

async function findFillableColumns(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('person')
    .select([...FILLABLE_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * The record-keeping side of a merge, after the caller has checked scope and versions:
 * - the merged record gives up its NHS number (unique) and points at the kept one, version bumped;
 * - records previously merged into it now point at the kept one (chains stay one step long);
 * - the kept record takes any value it lacks from the merged one, version bumped;
 * - GP-record entries move with the referrals (the caller moves those).
 * Returns the names of the fields filled in on the kept record.
 */
export async function mergePersonRecords(
  db: Kysely<DB>,
  keep: { id: string; version: number },
  merge: { id: string; version: number },
  at: string,
): Promise<{ ok: boolean; filled: FillableColumn[] }> {
  const k = await findFillableColumns(db, keep.id);
  const m = await findFillableColumns(db, merge.id);
  const mergedDone = await db
    .updateTable('person')
    .set((eb) => ({ nhs_number: null, merged_into_id: keep.id, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', merge.id)
    .where('version', '=', merge.version)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  if (Number(mergedDone.numUpdatedRows) !== 1) return { ok: false, filled: [] };
  await db.updateTable('person').set({ merged_into_id: keep.id, updated_at: at }).where('merged_into_id', '=', merge.id).execute();
  const fill: { [C in FillableColumn]?: string | null } = {};
  const filled: FillableColumn[] = [];
  for (const col of FILLABLE_COLUMNS) {
    if (k[col] === null && m[col] !== null) {
      fill[col] = m[col];
      filled.push(col);
    }
  }
  const keptDone = await db
    .updateTable('person')
    .set((eb) => ({ ...fill, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', keep.id)
    .where('version', '=', keep.version)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  if (Number(keptDone.numUpdatedRows) !== 1) return { ok: false, filled: [] };
  // A postcode taken over from the merged record brings its address with it, so history and
  // postcode agree.
  if (fill['postcode'] !== undefined) {
    const open = await db.selectFrom('person_address').selectAll().where('person_id', '=', merge.id).where('valid_to', 'is', null).executeTakeFirst();
    if (open !== undefined) await db.updateTable('person_address').set({ person_id: keep.id }).where('id', '=', open.id).execute();
  }
  return { ok: true, filled };
}

/** Moves GP-record entries from one person to another (a merge); returns how many moved. */
export async function moveGpRecordEntries(db: Kysely<DB>, fromPersonId: string, toPersonId: string): Promise<number> {
  const res = await db.updateTable('gp_record_entry').set({ person_id: toPersonId }).where('person_id', '=', fromPersonId).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
