import type { Kysely } from 'kysely';
import { ageBandIndex, daysBetween, type CensusEthnicGroup, type ListExtractKind } from '../../../domain/denominators.ts';
import type { DB } from '../../schema.ts';

// The practice list (NHS England "Patients Registered at a GP Practice") and Census ethnicity
// shares by LSOA: the denominators of the reach and equity reports. Writes are called inside the
// import use cases' transactions; reads are portable SQL, every sum wrapped in Number() (PostgreSQL
// returns bigint sums as strings) and every IN list chunked (SQLite binds at most 32,766 values).

/** Values bound per IN list: well under SQLite's limit, and small enough for PostgreSQL's planner. */
const IN_CHUNK = 500;

function chunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

// ---------------------------------------------------------------------------------------------
// Writes (imports)

export interface ListExtractRow {
  id: string;
  kind: ListExtractKind;
  extractDate: string;
}

/** The stored extract of this kind and date, if any. */
export async function findListExtract(db: Kysely<DB>, kind: ListExtractKind, extractDate: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('list_extract').select('id').where('kind', '=', kind).where('extract_date', '=', extractDate).executeTakeFirst();
}

/** Starts an extract with no rows yet (its counts are set by finishListExtract). */
export async function insertListExtract(db: Kysely<DB>, e: ListExtractRow & { importedAt: string; importedBy: string | null }): Promise<void> {
  await db
    .insertInto('list_extract')
    .values({ id: e.id, kind: e.kind, extract_date: e.extractDate, practices: 0, rows: 0, patients: 0, imported_at: e.importedAt, imported_by: e.importedBy })
    .execute();
}

/** Records an extract's totals and when (and by whom) it was last imported. */
export async function finishListExtract(
  db: Kysely<DB>,
  id: string,
  t: { practices: number; rows: number; patients: number; importedAt: string; importedBy: string | null },
): Promise<void> {
  await db
    .updateTable('list_extract')
    .set({ practices: t.practices, rows: t.rows, patients: t.patients, imported_at: t.importedAt, imported_by: t.importedBy })
    .where('id', '=', id)
    .execute();
}

/** Removes an extract's rows (both kinds), so a re-import replaces them. */
export async function deleteListExtractRows(db: Kysely<DB>, extractId: string): Promise<void> {
  await db.deleteFrom('list_age_sex').where('extract_id', '=', extractId).execute();
  await db.deleteFrom('list_lsoa').where('extract_id', '=', extractId).execute();
}

export interface AgeSexRow {
  practiceOds: string;
  sex: 'M' | 'F';
  ageBand: string;
  patients: number;
}

export async function insertAgeSexRows(db: Kysely<DB>, extractId: string, rows: readonly AgeSexRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('list_age_sex')
    .values(rows.map((r) => ({ extract_id: extractId, practice_ods: r.practiceOds, sex: r.sex, age_band: r.ageBand, patients: r.patients })))
    .execute();
}

export interface LsoaRow {
  practiceOds: string;
  lsoa: string;
  sex: 'M' | 'F' | 'ALL';
  patients: number;
}

export async function insertLsoaRows(db: Kysely<DB>, extractId: string, rows: readonly LsoaRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('list_lsoa')
    .values(rows.map((r) => ({ extract_id: extractId, practice_ods: r.practiceOds, lsoa: r.lsoa, sex: r.sex, patients: r.patients })))
    .execute();
}

/** Drops an LSOA extract's ALL rows (when the file gave them by sex as well, the M and F rows are kept). */
export async function deleteLsoaTotals(db: Kysely<DB>, extractId: string): Promise<void> {
  await db.deleteFrom('list_lsoa').where('extract_id', '=', extractId).where('sex', '=', 'ALL').execute();
}

/** How many distinct LSOAs of an extract have no IMD decile loaded (none loaded, or another LSOA edition). */
export async function countLsoasWithoutImd(db: Kysely<DB>, extractId: string): Promise<number> {
  const r = await db
    .selectFrom('list_lsoa as x')
    .leftJoin('geo_lsoa as g', 'g.lsoa', 'x.lsoa')
    .where('x.extract_id', '=', extractId)
    .where('g.imd_decile', 'is', null)
    .select((eb) => eb.fn.count<number>('x.lsoa').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Stores an LSOA's Census ethnic group shares, replacing what was there for those LSOAs and groups. */
export async function upsertLsoaEthnicity(
  db: Kysely<DB>,
  rows: readonly { lsoa: string; group: CensusEthnicGroup; per10000: number; source: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('geo_lsoa_ethnicity')
    .values(rows.map((r) => ({ lsoa: r.lsoa, ethnic_group: r.group, per_10000: r.per10000, source: r.source })))
    .onConflict((oc) =>
      oc.columns(['lsoa', 'ethnic_group']).doUpdateSet((eb) => ({ per_10000: eb.ref('excluded.per_10000'), source: eb.ref('excluded.source') })),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Reads (the reach and equity reports)

export interface ListExtractRef {
  id: string;
  extractDate: string;
}

/** The extract of this kind whose date is nearest the given date (ties: the earlier). */
export async function nearestListExtract(db: Kysely<DB>, kind: 'age_sex' | 'lsoa', date: string): Promise<ListExtractRef | undefined> {
  // Two indexed look-ups (list_extract_kind_date_idx) rather than date arithmetic in SQL, which
  // SQLite and PostgreSQL spell differently: the last on or before the date, the first after it.
  const before = await db
    .selectFrom('list_extract')
    .select(['id', 'extract_date'])
    .where('kind', '=', kind)
    .where('extract_date', '<=', date)
    .orderBy('extract_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  const after = await db
    .selectFrom('list_extract')
    .select(['id', 'extract_date'])
    .where('kind', '=', kind)
    .where('extract_date', '>', date)
    .orderBy('extract_date', 'asc')
    .limit(1)
    .executeTakeFirst();
  const pick =
    before === undefined
      ? after
      : after === undefined
        ? before
        : daysBetween(date, after.extract_date) < daysBetween(before.extract_date, date)
          ? after
          : before;
  return pick === undefined ? undefined : { id: pick.id, extractDate: pick.extract_date };
}

/** An extract's age × sex rows for these practices, in practice, sex, band order. */
export async function listAgeSexRows(
  db: Kysely<DB>,
  extractId: string,
  practiceOds: readonly string[],
): Promise<{ practiceOds: string; sex: 'M' | 'F'; ageBand: string; patients: number }[]> {
  const out: { practiceOds: string; sex: 'M' | 'F'; ageBand: string; patients: number }[] = [];
  for (const part of chunks(unique(practiceOds))) {
    const rows = await db
      .selectFrom('list_age_sex')
      .select(['practice_ods', 'sex', 'age_band', 'patients'])
      .where('extract_id', '=', extractId)
      .where('practice_ods', 'in', part)
      .execute();
    for (const r of rows) out.push({ practiceOds: r.practice_ods, sex: r.sex === 'F' ? 'F' : 'M', ageBand: r.age_band, patients: Number(r.patients) });
  }
  return out.sort(
    (a, b) =>
      (a.practiceOds < b.practiceOds ? -1 : a.practiceOds > b.practiceOds ? 1 : 0) ||
      a.sex.localeCompare(b.sex) ||
      ageBandIndex(a.ageBand) - ageBandIndex(b.ageBand),
  );
}

/** An extract's LSOA rows for these practices, each with its IMD decile (null when geo_lsoa has none), in practice, LSOA, sex order. */
export async function listLsoaRows(
  db: Kysely<DB>,
  extractId: string,
  practiceOds: readonly string[],
): Promise<{ practiceOds: string; lsoa: string; sex: string; patients: number; imdDecile: number | null }[]> {
  const out: { practiceOds: string; lsoa: string; sex: string; patients: number; imdDecile: number | null }[] = [];
  for (const part of chunks(unique(practiceOds))) {
    const rows = await db
      .selectFrom('list_lsoa as x')
      .leftJoin('geo_lsoa as g', 'g.lsoa', 'x.lsoa')
      .select(['x.practice_ods', 'x.lsoa', 'x.sex', 'x.patients', 'g.imd_decile'])
      .where('x.extract_id', '=', extractId)
      .where('x.practice_ods', 'in', part)
      .execute();
    for (const r of rows)
      out.push({
        practiceOds: r.practice_ods,
        lsoa: r.lsoa,
        sex: r.sex,
        patients: Number(r.patients),
        imdDecile: r.imd_decile === null ? null : Number(r.imd_decile),
      });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.practiceOds, b.practiceOds) || cmp(a.lsoa, b.lsoa) || cmp(a.sex, b.sex));
}

/** Census ethnic group shares (per 10,000) of these LSOAs; an LSOA without any is absent. */
export async function listLsoaEthnicity(db: Kysely<DB>, lsoas: readonly string[]): Promise<{ lsoa: string; group: string; per10000: number }[]> {
  const out: { lsoa: string; group: string; per10000: number }[] = [];
  for (const part of chunks(unique(lsoas))) {
    const rows = await db.selectFrom('geo_lsoa_ethnicity').select(['lsoa', 'ethnic_group', 'per_10000']).where('lsoa', 'in', part).execute();
    for (const r of rows) out.push({ lsoa: r.lsoa, group: r.ethnic_group, per10000: Number(r.per_10000) });
  }
  return out.sort((a, b) => (a.lsoa < b.lsoa ? -1 : a.lsoa > b.lsoa ? 1 : 0) || a.group.localeCompare(b.group));
}

export interface ListExtractSummary {
  id: string;
  kind: string;
  extractDate: string;
  practices: number;
  rows: number;
  patients: number;
  importedAt: string;
}

/** Every stored extract, newest extract date first (age_sex before lsoa on the same date). */
export async function listListExtracts(db: Kysely<DB>): Promise<ListExtractSummary[]> {
  const rows = await db
    .selectFrom('list_extract')
    .select(['id', 'kind', 'extract_date', 'practices', 'rows', 'patients', 'imported_at'])
    .orderBy('extract_date', 'desc')
    .orderBy('kind', 'asc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    extractDate: r.extract_date,
    practices: Number(r.practices),
    rows: Number(r.rows),
    patients: Number(r.patients),
    importedAt: r.imported_at,
  }));
}

/** How many LSOAs have Census ethnicity shares from this source. */
export async function countLsoaEthnicityFromSource(db: Kysely<DB>, source: string): Promise<number> {
  const r = await db
    .selectFrom('geo_lsoa_ethnicity')
    .where('source', '=', source)
    .select((eb) => eb.fn.count<number>('lsoa').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
