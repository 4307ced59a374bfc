import { CompiledQuery, type Kysely } from 'kysely';
import type { PracticeEventRow, PracticePersonRow } from '../../../domain/proactive/practice-data.ts';
import type { DialectName } from '../../connection.ts';
import type { DB } from '../../schema.ts';
import { toDbBool } from '../../values.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

// A practice's own search (issue 12): practice_extract, practice_person, practice_event. Writes
// are called inside the import and purge use cases' transactions. The bulk inserts skip Kysely's
// query builder (building and compiling an AST of ~14M values for 2M events took longer than the
// inserts): each batch is one prepared statement whose text depends only on the batch size.

/** Values bound per IN list: well under SQLite's limit, and small enough for PostgreSQL's planner. */
const IN_CHUNK = 500;

/**
 * Rows per INSERT: SQLite binds at most 32,766 values per statement (PostgreSQL 65,535), so
 * 1,000 people × 12 columns and 2,000 events × 7 columns stay well under both. Larger batches
 * measured no faster (bench/practice-import.ts).
 */
export const PEOPLE_BATCH = 1_000;
export const EVENT_BATCH = 2_000;

function chunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Practices and extracts

/** Practice organisations by ODS code (upper case), for the codes given; unknown codes are absent. */
export async function findPracticesByOds(db: Kysely<DB>, odsCodes: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const out = new Map<string, { id: string; name: string }>();
  for (const chunk of chunks([...new Set(odsCodes)])) {
    const rows = await db.selectFrom('organisation').select(['id', 'name', 'ods_code']).where('kind', '=', 'practice').where('ods_code', 'in', chunk).execute();
    for (const r of rows) if (r.ods_code !== null) out.set(r.ods_code, { id: r.id, name: r.name });
  }
  return out;
}

/** The stored extract of a practice on a date, if any. */
export async function findPracticeExtract(db: Kysely<DB>, practiceId: string, extractDate: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('practice_extract').select('id').where('practice_id', '=', practiceId).where('extract_date', '=', extractDate).executeTakeFirst();
}

/** Starts an extract with no rows yet (its counts are set by finishPracticeExtract). */
export async function insertPracticeExtract(
  db: Kysely<DB>,
  e: { id: string; practiceId: string; extractDate: string; importedAt: string; importedBy: string | null },
): Promise<void> {
  await db
    .insertInto('practice_extract')
    .values({ id: e.id, practice_id: e.practiceId, extract_date: e.extractDate, people: 0, events: 0, imported_at: e.importedAt, imported_by: e.importedBy })
    .execute();
}

/** Records an extract's counts and when (and by whom) it was last imported. */
export async function finishPracticeExtract(
  db: Kysely<DB>,
  id: string,
  t: { people: number; events: number; importedAt: string; importedBy: string | null },
): Promise<void> {
  await db
    .updateTable('practice_extract')
    .set({ people: t.people, events: t.events, imported_at: t.importedAt, imported_by: t.importedBy })
    .where('id', '=', id)
    .execute();
}

/** Removes an extract's people and events (events first: they point at the people), so a re-import replaces them. */
export async function deletePracticeExtractRows(db: Kysely<DB>, extractId: string): Promise<{ people: number; events: number }> {
  const events = await db.deleteFrom('practice_event').where('extract_id', '=', extractId).executeTakeFirst();
  const people = await db.deleteFrom('practice_person').where('extract_id', '=', extractId).executeTakeFirst();
  return { people: Number(people.numDeletedRows), events: Number(events.numDeletedRows) };
}

/** Removes whole extracts (their events, people and the extract rows); returns what went. */
export async function deletePracticeExtracts(db: Kysely<DB>, extractIds: readonly string[]): Promise<{ extracts: number; people: number; events: number }> {
  const total = { extracts: 0, people: 0, events: 0 };
  for (const id of extractIds) {
    const rows = await deletePracticeExtractRows(db, id);
    const extract = await db.deleteFrom('practice_extract').where('id', '=', id).executeTakeFirst();
    total.extracts += Number(extract.numDeletedRows);
    total.people += rows.people;
    total.events += rows.events;
  }
  return total;
}

/** A stored extract, summarised: no person-level data. */
export interface PracticeExtractSummary {
  id: string;
  practiceId: string;
  practiceOds: string | null;
  practiceName: string;
  extractDate: string;
  people: number;
  events: number;
  importedAt: string;
  /** Whether this is the practice's latest extract (the one cohorts and impact read). */
  current: boolean;
}

/**
 * Every stored extract the scope reaches, newest first within each practice (practices by ODS
 * code). `{ all: true }` for the operator; a user sees the practices they cover, in SQL.
 */
export async function listPracticeExtracts(db: Kysely<DB>, scope: { all: true } | { userId: string }): Promise<PracticeExtractSummary[]> {
  let q = db
    .selectFrom('practice_extract as e')
    .innerJoin('organisation as o', 'o.id', 'e.practice_id')
    .select(['e.id', 'e.practice_id', 'o.ods_code', 'o.name', 'e.extract_date', 'e.people', 'e.events', 'e.imported_at'])
    .orderBy('o.ods_code')
    .orderBy('e.practice_id')
    .orderBy('e.extract_date', 'desc');
  if (!('all' in scope)) q = q.where('e.practice_id', 'in', orgIdsInScope(db, scope.userId));
  const rows = await q.execute();
  const seen = new Set<string>();
  return rows.map((r) => {
    const current = !seen.has(r.practice_id);
    seen.add(r.practice_id);
    return {
      id: r.id,
      practiceId: r.practice_id,
      practiceOds: r.ods_code,
      practiceName: r.name,
      extractDate: r.extract_date,
      people: Number(r.people),
      events: Number(r.events),
      importedAt: r.imported_at,
      current,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Bulk inserts

/** A person ready to store: the parsed row, its ids and its resolved LSOA. */
export interface PracticePersonInsert {
  id: string;
  extractId: string;
  practiceId: string;
  row: PracticePersonRow;
  lsoa: string | null;
}

const PERSON_COLUMNS = [
  'id',
  'extract_id',
  'practice_id',
  'nhs_number',
  'date_of_birth',
  'sex',
  'ethnicity',
  'postcode',
  'lsoa',
  'ltc_registers',
  'ltc_count',
  'palliative',
  'do_not_contact',
] as const;

const EVENT_COLUMNS = ['extract_id', 'person_id', 'date', 'kind', 'end_date', 'fitness', 'role'] as const;

/** `INSERT … VALUES (?,…),(?,…)` for this many rows, in the dialect's placeholders; cached by size. */
function valuesInsert(table: string, columns: readonly string[], dialect: DialectName): (rows: number) => string {
  const cache = new Map<number, string>();
  return (rows) => {
    let text = cache.get(rows);
    if (text !== undefined) return text;
    const tuples: string[] = [];
    let p = 0;
    for (let r = 0; r < rows; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns.length; c++) marks.push(dialect === 'postgres' ? `$${++p}` : '?');
      tuples.push(`(${marks.join(',')})`);
    }
    text = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(',')}`;
    cache.set(rows, text);
    return text;
  };
}

/**
 * PostgreSQL: one array parameter per column, unnested into rows — a short statement whatever the
 * batch size, so the server parses and plans it once per batch instead of a 14,000-value VALUES list.
 */
function unnestInsert(table: string, columns: readonly string[], types: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
}

const personSql = { sqlite: valuesInsert('practice_person', PERSON_COLUMNS, 'sqlite') };
const PERSON_UNNEST = unnestInsert('practice_person', PERSON_COLUMNS, [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'int',
  'int',
]);
const eventSql = { sqlite: valuesInsert('practice_event', EVENT_COLUMNS, 'sqlite') };
const EVENT_UNNEST = unnestInsert('practice_event', EVENT_COLUMNS, ['text', 'text', 'text', 'text', 'text', 'text', 'text']);

function personValues(p: PracticePersonInsert): (string | number | null)[] {
  const r = p.row;
  return [
    p.id,
    p.extractId,
    p.practiceId,
    r.nhsNumber,
    r.dateOfBirth,
    r.sex,
    r.ethnicity,
    r.postcode,
    p.lsoa,
    r.ltcRegisters.join(';'),
    r.ltcRegisters.length,
    toDbBool(r.palliative),
    toDbBool(r.doNotContact),
  ];
}

/** Stores people (any number; batched under both databases' parameter limits). Call inside a transaction. */
export async function insertPracticePeople(db: Kysely<DB>, dialect: DialectName, people: readonly PracticePersonInsert[]): Promise<void> {
  for (let i = 0; i < people.length; i += PEOPLE_BATCH) {
    const batch = people.slice(i, i + PEOPLE_BATCH);
    if (dialect === 'postgres') {
      const columns: (string | number | null)[][] = PERSON_COLUMNS.map(() => []);
      for (const p of batch) personValues(p).forEach((v, c) => columns[c]?.push(v));
      await db.executeQuery(CompiledQuery.raw(PERSON_UNNEST, columns));
    } else {
      await db.executeQuery(CompiledQuery.raw(personSql.sqlite(batch.length), batch.flatMap(personValues)));
    }
  }
}

/**
 * SQLite's page cache for a bulk load: the default 2 MB makes every index insert of a 2M-row load
 * re-read pages (measured: 21.7 s of CPU for 700k events against 11.3 s with 256 MB). Raised for
 * the connection while the import runs; the returned function puts the old size back. No-op on
 * PostgreSQL (shared_buffers is the server's).
 */
export async function widenCacheForBulkLoad(db: Kysely<DB>, dialect: DialectName, mebibytes = 256): Promise<() => Promise<void>> {
  if (dialect !== 'sqlite') return () => Promise.resolve();
  const before = await db.executeQuery<{ cache_size: number }>(CompiledQuery.raw('pragma cache_size'));
  const previous = Number(before.rows[0]?.cache_size ?? -2000);
  await db.executeQuery(CompiledQuery.raw(`pragma cache_size = ${-Math.round(mebibytes * 1024)}`));
  return async () => {
    await db.executeQuery(CompiledQuery.raw(`pragma cache_size = ${Number.isFinite(previous) ? previous : -2000}`));
  };
}

/** An event ready to store: the extract and person it belongs to, and the parsed row. */
export interface PracticeEventInsert {
  extractId: string;
  personId: string;
  row: PracticeEventRow;
}

/** Stores events (at most EVENT_BATCH per call is best: the caller streams). Call inside a transaction. */
export async function insertPracticeEvents(db: Kysely<DB>, dialect: DialectName, events: readonly PracticeEventInsert[]): Promise<void> {
  for (let i = 0; i < events.length; i += EVENT_BATCH) {
    const n = Math.min(EVENT_BATCH, events.length - i);
    if (dialect === 'postgres') {
      const columns: (string | null)[][] = [[], [], [], [], [], [], []];
      const [extract, person, date, kind, end, fitness, role] = columns as [
        (string | null)[],
        (string | null)[],
        (string | null)[],
        (string | null)[],
        (string | null)[],
        (string | null)[],
        (string | null)[],
      ];
      for (let j = i; j < i + n; j++) {
        const e = events[j];
        if (e === undefined) continue;
        extract.push(e.extractId);
        person.push(e.personId);
        date.push(e.row.date);
        kind.push(e.row.kind);
        end.push(e.row.endDate);
        fitness.push(e.row.fitness);
        role.push(e.row.role);
      }
      await db.executeQuery(CompiledQuery.raw(EVENT_UNNEST, columns));
    } else {
      const values: (string | null)[] = new Array<string | null>(n * 7);
      let k = 0;
      for (let j = i; j < i + n; j++) {
        const e = events[j];
        if (e === undefined) continue;
        values[k++] = e.extractId;
        values[k++] = e.personId;
        values[k++] = e.row.date;
        values[k++] = e.row.kind;
        values[k++] = e.row.endDate;
        values[k++] = e.row.fitness;
        values[k++] = e.row.role;
      }
      await db.executeQuery(CompiledQuery.raw(eventSql.sqlite(n), values));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Retention

/** Every extract with its practice and date, newest first within a practice (for the retention rule). */
export async function listExtractDates(db: Kysely<DB>): Promise<{ id: string; practiceId: string; extractDate: string }[]> {
  const rows = await db
    .selectFrom('practice_extract')
    .select(['id', 'practice_id', 'extract_date'])
    .orderBy('practice_id')
    .orderBy('extract_date', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, practiceId: r.practice_id, extractDate: r.extract_date }));
}
