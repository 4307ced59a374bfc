import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../connection.ts';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

// What the impact analysis reads (src/services/proactive/analyse-impact.ts): each practice's
// current extract, its people (no identifiers leave this module: a row number, the practice and
// the matching variables) and their coded events as sorted day lists. Person-level, so only the
// use case sees it, and it returns aggregates only.

/** Who is asking: everything (the command-line operator) or the practices a user covers. */
export type ImpactScope = { all: true } | { userId: string };

/** A practice's current extract (its latest extract date), with what completeness needs. */
export interface ImpactExtract {
  extractId: string;
  practiceId: string;
  ods: string | null;
  name: string;
  extractDate: string;
  /** People in the extract, and the practice's registered list size (null: not recorded). */
  people: number;
  listSize: number | null;
}

/** The current extract of each practice in scope; `practice` (ODS code or id) narrows to one. */
export async function listImpactExtracts(db: Kysely<DB>, scope: ImpactScope, practice?: string): Promise<ImpactExtract[]> {
  let q = db
    .selectFrom('practice_extract as e')
    .innerJoin('organisation as o', 'o.id', 'e.practice_id')
    .select(['e.id', 'e.practice_id', 'e.extract_date', 'e.people', 'o.ods_code', 'o.name', 'o.list_size'])
    .where('e.extract_date', '=', (eb) =>
      eb
        .selectFrom('practice_extract as e2')
        .select((e2) => e2.fn.max('e2.extract_date').as('d'))
        .whereRef('e2.practice_id', '=', 'e.practice_id'),
    );
  if (!('all' in scope)) q = q.where('e.practice_id', 'in', orgIdsInScope(db, scope.userId));
  if (practice !== undefined) q = q.where((eb) => eb.or([eb('o.ods_code', '=', practice), eb('o.id', '=', practice)]));
  const rows = await q.orderBy('o.ods_code').orderBy('e.practice_id').execute();
  return rows.map((r) => ({
    extractId: r.id,
    practiceId: r.practice_id,
    ods: r.ods_code,
    name: r.name,
    extractDate: r.extract_date,
    people: Number(r.people),
    listSize: r.list_size === null ? null : Number(r.list_size),
  }));
}

/** The earliest event date of an extract (null: no events): a probe of the (extract, kind, date) index per kind. */
export async function findExtractCoverageStart(db: Kysely<DB>, extractId: string, kinds: readonly string[]): Promise<string | null> {
  let first: string | null = null;
  for (const kind of kinds) {
    const r = await db
      .selectFrom('practice_event')
      .select((eb) => eb.fn.min('date').as('d'))
      .where('extract_id', '=', extractId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const d = r?.d ?? null;
    if (d !== null && (first === null || d < first)) first = d;
  }
  return first;
}

/** One person of an extract, as the analysis needs them. */
export interface ImpactPersonRow {
  /** The practice_person id: the key events and referrals are joined on; never returned beyond the use case. */
  id: string;
  practiceId: string;
  dateOfBirth: string;
  sex: string;
  ltcCount: number;
  /** From the person's LSOA (null: no LSOA, or no IMD loaded for it). */
  imdDecile: number | null;
}

/** The people of the given extracts, with the IMD decile of their LSOA. */
export async function listImpactPeople(db: Kysely<DB>, extractIds: readonly string[]): Promise<ImpactPersonRow[]> {
  if (extractIds.length === 0) return [];
  const rows = await db
    .selectFrom('practice_person as pp')
    .leftJoin('geo_lsoa as g', 'g.lsoa', 'pp.lsoa')
    .select(['pp.id', 'pp.practice_id', 'pp.date_of_birth', 'pp.sex', 'pp.ltc_count', 'g.imd_decile'])
    .where('pp.extract_id', 'in', [...extractIds])
    .orderBy('pp.practice_id')
    .orderBy('pp.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    practiceId: r.practice_id,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    ltcCount: Number(r.ltc_count),
    imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
  }));
}

/** The event classes the analysis counts. */
export type ImpactEventClass = 'appointment' | 'dna' | 'fit_note' | 'sp_referral';

/**
 * Every counted event of the extracts as one row per person and class, the dates joined by commas
 * in SQL (group_concat / string_agg): ~4 rows a person instead of ~40, which is most of the cost
 * of reading 2M events. The link worker's own appointments and did-not-attends are left out here.
 * Dates within a row are in no particular order (the caller sorts).
 */
export async function listImpactEventDates(
  db: Kysely<DB>,
  dialect: DialectName,
  extractIds: readonly string[],
  visit: (personId: string, kind: ImpactEventClass, dates: string) => void,
): Promise<void> {
  if (extractIds.length === 0) return;
  const joined = dialect === 'postgres' ? sql<string>`string_agg(date, ',')` : sql<string>`group_concat(date, ',')`;
  for (const extractId of extractIds) {
    const rows = await db
      .selectFrom('practice_event')
      .select(['person_id', 'kind', joined.as('dates')])
      .where('extract_id', '=', extractId)
      .where('kind', 'in', ['appointment', 'dna', 'fit_note', 'sp_referral'])
      .where((eb) => eb.or([eb('role', 'is', null), eb('role', '<>', 'link_worker')]))
      .groupBy(['person_id', 'kind'])
      .execute();
    for (const r of rows) visit(r.person_id, r.kind as ImpactEventClass, r.dates);
  }
}

/**
 * Linkwork referrals of the extracts' people, matched by NHS number: the practice_person id and
 * when each referral was received. Only the date leaves, into an aggregate, whatever practice
 * holds the case.
 */
export async function listLinkworkReferralDates(db: Kysely<DB>, extractIds: readonly string[]): Promise<{ personId: string; receivedAt: string }[]> {
  if (extractIds.length === 0) return [];
  const rows = await db
    .selectFrom('practice_person as pp')
    .innerJoin('person as p', 'p.nhs_number', 'pp.nhs_number')
    .innerJoin('referral as r', 'r.person_id', 'p.id')
    .select(['pp.id', 'r.created_at'])
    .where('pp.extract_id', 'in', [...extractIds])
    .execute();
  return rows.map((r) => ({ personId: r.id, receivedAt: r.created_at }));
}
